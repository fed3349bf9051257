import { readFileChunks } from "../evidence/directory-source.js";
import { createSecretScanner } from "../secrets/index.js";
import { scanFile, type FileScan, type ScanFileOptions } from "./scan-file.js";

/** A piscina worker: scans one file on disk. The scanner is built once per thread. */
const scanner = createSecretScanner();

export interface ScanTask {
  absolutePath: string;
  options: ScanFileOptions;
}

export default async function scanTask(task: ScanTask): Promise<FileScan> {
  return scanFile(readFileChunks(task.absolutePath), scanner, task.options);
}
