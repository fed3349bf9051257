import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Piscina } from "piscina";
import type { SecretScanner } from "../secrets/index.js";
import { inThreadFileScan, type FileScanFn } from "./audit-run.js";
import { batchError, type BatchResult } from "./batch-result.js";
import type { BatchTask, FileTask, ScanTask } from "./scan-worker.js";
import type { FileScan, ScanFileOptions } from "./scan-file.js";
import { mergeSegmentScans, planSegments, SEGMENT_BYTES, type SegmentScan } from "./segments.js";

/** Old-generation heap of one scanning thread. */
const WORKER_HEAP_MB = 40;
/**
 * Young generation of one scanning thread. Scanning allocates ~15 bytes per character scanned,
 * nearly all short-lived. With 4 MB, garbage collection was ~16 % of the threads' profile and a
 * cold sweep of the bench root took 55 s; with 8 MB, 47 s, for 4 MB more peak RSS (240 → 244 MB).
 */
const WORKER_YOUNG_MB = 8;

export interface FileScanPool {
  scanFile: FileScanFn;
  close(): Promise<void>;
}

/** Worker threads to use by default: one per core. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Scans files on worker threads (piscina), one file a task, so secret scanning uses every core.
 * Files that are not on disk (archive entries) are scanned in this thread. With `threads: 0`, or
 * when the compiled worker is absent (running from TypeScript sources), everything is in-thread.
 */
export function createFileScanPool(scanner: SecretScanner, threads: number, segmentBytes = SEGMENT_BYTES): FileScanPool {
  const inThread = inThreadFileScan(scanner);
  const workerFile = fileURLToPath(new URL("./scan-worker.js", import.meta.url));
  if (threads <= 0 || !existsSync(workerFile)) return { scanFile: inThread, close: async () => {} };
  // Started (and piscina loaded) on the first file to scan: a warm sweep that reuses every
  // result never pays for loading the rules into each thread.
  let pool: Promise<Piscina<ScanTask | BatchTask, FileScan | SegmentScan | BatchResult[]>> | null = null;
  const started = () =>
    (pool ??= import("piscina").then(({ Piscina }) => new Piscina<ScanTask | BatchTask, FileScan | SegmentScan | BatchResult[]>({
      filename: workerFile,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 1000,
      // A worker holds one file's window at a time; a small heap makes V8 collect early instead
      // of growing towards its default limit (hundreds of MB on a large machine).
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    })));
  const run = async (task: ScanTask | BatchTask) => (await started()).run(task);
  const batches = new SmallFileBatches(threads, async (files) => {
    try {
      return (await run({ batch: files.map((file) => file.task) })) as BatchResult[];
    } catch {
      // A thread that failed on the batch (out of memory) fails only the file that did it: each is tried alone.
      return Promise.all(files.map((file) => run(file.task).then((scan): BatchResult => ({ scan: scan as FileScan }), batchError)));
    }
  });
  return {
    scanFile: async (source, entry, options) => {
      const absolutePath = source.localPath?.(entry.path);
      if (absolutePath === undefined) return inThread(source, entry, options);
      const task: FileTask = { absolutePath, options, listed: { size: entry.size, stamp: entry.stamp } };
      if (entry.size <= SMALL_FILE_BYTES && !options.keepText) return batches.scan(task, entry.size);
      if (entry.size <= segmentBytes || options.keepText) return (await run(task)) as FileScan;
      // A large file is cut at line starts so every thread works on it (segments.ts).
      const segments = await planSegments(absolutePath, entry.size, segmentBytes);
      // Every part settles before the file does: a part still running when the pool closes would
      // answer a task piscina no longer knows, which it throws as an uncaught error.
      const settled = await Promise.allSettled(segments.map((segment) => run({ absolutePath, options, segment: { size: entry.size, segment } })));
      const failed = settled.find((part) => part.status === "rejected");
      if (failed) throw failed.reason;
      const parts = settled.map((part) => (part as PromiseFulfilledResult<FileScan | SegmentScan>).value as SegmentScan);
      return mergeSegmentScans(parts, options.file, options.maxOccurrencesPerModel);
    },
    close: async () => {
      if (pool) await (await pool).destroy();
    },
  };
}

/** Files up to this size go to the threads in batches (see SmallFileBatches). */
const SMALL_FILE_BYTES = 256 * 1024;
/** A batch holds at most this many files, or this many bytes. */
const BATCH_FILES = 64;
const BATCH_BYTES = 1024 * 1024;

/**
 * Small files asked for in the same turn of the event loop (a run's files are all asked for at
 * once) go to the threads together, a batch for each thread at least: a task costs a message each
 * way and a structured copy, which for a 4 KB file cost more than scanning it.
 */
export class SmallFileBatches {
  private pending: Array<{ task: FileTask; size: number; resolve: (scan: FileScan) => void; reject: (error: Error) => void }> = [];

  constructor(
    private readonly threads: number,
    private readonly send: (files: SmallFileBatches["pending"]) => Promise<BatchResult[]>,
  ) {}

  scan(task: FileTask, size: number): Promise<FileScan> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ task, size, resolve, reject });
    });
  }

  private flush(): void {
    const files = this.pending;
    this.pending = [];
    const bytes = files.reduce((sum, file) => sum + file.size, 0);
    const count = Math.max(Math.ceil(files.length / BATCH_FILES), Math.ceil(bytes / BATCH_BYTES), Math.min(this.threads, files.length));
    const batches = Array.from({ length: count }, (_, i) => files.filter((_, index) => index % count === i));
    for (const batch of batches) {
      this.send(batch).then(
        (results) =>
          batch.forEach((file, i) => {
            const result = results[i];
            if (result && "scan" in result) file.resolve(result.scan);
            else file.reject(Object.assign(new Error(result?.error ?? "error", { cause: result && "cause" in result ? result.cause : undefined }), { code: result?.error ?? "error" }));
          }),
        (error: Error) => batch.forEach((file) => file.reject(error)),
      );
    }
  }
}
