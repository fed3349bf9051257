import { readFileChunks } from "../evidence/directory-source.js";
import type { ListedFile } from "../evidence/source.js";
import { createSecretScanner } from "../secrets/index.js";
import { scanFile, type FileScan, type ScanFileOptions } from "./scan-file.js";
import { scanSegment, type Segment, type SegmentScan } from "./segments.js";

/** A piscina worker: scans one file, or one segment of a large file, on disk. */
const scanner = createSecretScanner();

export interface ScanTask {
  absolutePath: string;
  options: ScanFileOptions;
  /** What the listing said of the file: it is checked to be still that file. */
  listed?: ListedFile;
  /** Present for one segment of a large file (see segments.ts). */
  segment?: { size: number; segment: Segment };
}

export default async function scanTask(task: ScanTask): Promise<FileScan | SegmentScan> {
  if (task.segment) return scanSegment(task.absolutePath, task.segment.size, task.segment.segment, scanner, task.options);
  return scanFile(readFileChunks(task.absolutePath, 0, Infinity, task.listed), scanner, task.options);
}
