import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Piscina } from "piscina";
import type { SecretScanner } from "../secrets/index.js";
import { inThreadFileScan, type FileScanFn } from "./audit-run.js";
import type { ScanTask } from "./scan-worker.js";
import type { FileScan } from "./scan-file.js";
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
  let pool: Promise<Piscina<ScanTask, FileScan | SegmentScan>> | null = null;
  const started = () =>
    (pool ??= import("piscina").then(({ Piscina }) => new Piscina<ScanTask, FileScan | SegmentScan>({
      filename: workerFile,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 1000,
      // A worker holds one file's window at a time; a small heap makes V8 collect early instead
      // of growing towards its default limit (hundreds of MB on a large machine).
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    })));
  const run = async (task: ScanTask) => (await started()).run(task);
  return {
    scanFile: async (source, entry, options) => {
      const absolutePath = source.localPath?.(entry.path);
      if (absolutePath === undefined) return inThread(source, entry, options);
      if (entry.size <= segmentBytes || options.keepText) return (await run({ absolutePath, options })) as FileScan;
      // A large file is cut at line starts so every thread works on it (segments.ts).
      const segments = await planSegments(absolutePath, entry.size, segmentBytes);
      const parts = await Promise.all(segments.map((segment) => run({ absolutePath, options, segment: { size: entry.size, segment } })));
      return mergeSegmentScans(parts as SegmentScan[], options.file, options.maxOccurrencesPerModel);
    },
    close: async () => {
      if (pool) await (await pool).destroy();
    },
  };
}
