import { readFileChunks } from "../evidence/directory-source.js";
import type { ListedFile } from "../evidence/source.js";
import { createSecretScanner } from "../secrets/index.js";
import { batchError, type BatchResult } from "./batch-result.js";
import { mapWithConcurrency } from "./concurrency.js";
import { scanFile, type FileScan, type ScanFileOptions } from "./scan-file.js";
import { scanSegment, type Segment, type SegmentScan } from "./segments.js";

/** A piscina worker: scans one file, one segment of a large file, or a batch of small files, on disk. */
const scanner = createSecretScanner();

/** One file to scan. */
export interface FileTask {
  absolutePath: string;
  options: ScanFileOptions;
  /** What the listing said of the file: it is checked to be still that file. */
  listed?: ListedFile;
}

export interface ScanTask extends FileTask {
  /** Present for one segment of a large file (see segments.ts). */
  segment?: { size: number; segment: Segment };
}

/** Small files scanned in one task: one message each way instead of one per file. */
export interface BatchTask {
  batch: FileTask[];
}


// Files of a batch read at once: their reads overlap, their scans take turns.
const BATCH_CONCURRENCY = 4;

export default async function scanTask(task: ScanTask | BatchTask): Promise<FileScan | SegmentScan | BatchResult[]> {
  if ("batch" in task) {
    return mapWithConcurrency(task.batch, BATCH_CONCURRENCY, async ({ absolutePath, options, listed }): Promise<BatchResult> => {
      try {
        return { scan: await scanFile(readFileChunks(absolutePath, 0, Infinity, listed), scanner, options) };
      } catch (error) {
        return batchError(error);
      }
    });
  }
  if (task.segment) return scanSegment(task.absolutePath, task.segment.size, task.segment.segment, scanner, task.options);
  return scanFile(readFileChunks(task.absolutePath, 0, Infinity, task.listed), scanner, task.options);
}
