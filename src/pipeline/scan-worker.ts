import { readFileChunks } from "../evidence/directory-source.js";
import { createSecretScanner } from "../secrets/index.js";
import { mapWithConcurrency } from "./concurrency.js";
import { scanFile, type FileScan, type ScanFileOptions } from "./scan-file.js";
import { scanSegment, type Segment, type SegmentScan } from "./segments.js";

/** A piscina worker: scans one file, one segment of a large file, or a batch of small files, on disk. */
const scanner = createSecretScanner();

/** One file to scan. */
export interface FileTask {
  absolutePath: string;
  options: ScanFileOptions;
}

export interface ScanTask extends FileTask {
  /** Present for one segment of a large file (see segments.ts). */
  segment?: { size: number; segment: Segment };
}

/** Small files scanned in one task: one message each way instead of one per file. */
export interface BatchTask {
  batch: FileTask[];
}

/** A batch's result for one file: its scan, or the code of the error that stopped it. */
export type BatchResult = { scan: FileScan } | { error: string };

// Files of a batch read at once: their reads overlap, their scans take turns.
const BATCH_CONCURRENCY = 4;

export default async function scanTask(task: ScanTask | BatchTask): Promise<FileScan | SegmentScan | BatchResult[]> {
  if ("batch" in task) {
    return mapWithConcurrency(task.batch, BATCH_CONCURRENCY, async ({ absolutePath, options }): Promise<BatchResult> => {
      try {
        return { scan: await scanFile(readFileChunks(absolutePath), scanner, options) };
      } catch (error) {
        // The code only: an error's message may quote the evidence.
        return { error: (error as NodeJS.ErrnoException)?.code ?? "error" };
      }
    });
  }
  if (task.segment) return scanSegment(task.absolutePath, task.segment.size, task.segment.segment, scanner, task.options);
  return scanFile(readFileChunks(task.absolutePath), scanner, task.options);
}
