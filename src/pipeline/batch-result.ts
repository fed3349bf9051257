import type { FileScan } from "./scan-file.js";

/**
 * A batch's result for one file: its scan, or the code of the error that stopped it and its
 * `cause` (changed evidence says what changed there; an error's message may quote the evidence).
 */
export type BatchResult = { scan: FileScan } | { error: string; cause?: unknown };

/** The result for a file whose scan failed. */
export function batchError(error: unknown): BatchResult {
  return { error: (error as NodeJS.ErrnoException)?.code ?? "error", cause: (error as Error)?.cause };
}
