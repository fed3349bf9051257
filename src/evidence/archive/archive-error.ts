/**
 * Why an archive (or one of its entries) could not be read. The caller turns these into
 * `integrity` findings; `code` is stable, the message is for people.
 */
export const ARCHIVE_ERROR_CODES = [
  /** The file is not a zip, tar or gzip-compressed tar. */
  "UNSUPPORTED_ARCHIVE",
  /** The file could not be opened or read. */
  "ARCHIVE_UNREADABLE",
  /** The archive structure is damaged (bad header, truncated stream, bad central directory). */
  "ARCHIVE_CORRUPT",
  /** More entries than `maxEntries`: refused before listing them all (entry-count bomb). */
  "TOO_MANY_ENTRIES",
  /** An entry inflated to a different number of bytes than its header declares. */
  "ENTRY_SIZE_MISMATCH",
  /** A zip entry's bytes do not match the CRC-32 its header declares. */
  "ENTRY_CHECKSUM_MISMATCH",
  /** The entry cannot be decoded (encrypted, unsupported compression method). */
  "ENTRY_UNREADABLE",
  /** `read()` was asked for a directory, symlink or other non-file entry. */
  "NOT_A_FILE",
  /** `read()` was asked for a path that `list()` did not return. */
  "NO_SUCH_ENTRY",
  /** A later pass over a tar found different entries than `list()` did. */
  "ARCHIVE_CHANGED",
  /** The source was used after `close()`. */
  "SOURCE_CLOSED",
  /** More bytes were read out of the archive (inflated, over every pass) than its budget allows. */
  "INFLATE_BUDGET_EXCEEDED",
] as const;

export type ArchiveErrorCode = (typeof ARCHIVE_ERROR_CODES)[number];

export class ArchiveError extends Error {
  override readonly name = "ArchiveError";
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Wraps a low-level failure (yauzl, zlib, fs) unless it already is an ArchiveError. */
export function asArchiveError(error: unknown, code: ArchiveErrorCode, context: string): ArchiveError {
  if (error instanceof ArchiveError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ArchiveError(code, `${context}: ${detail}`, { cause: error });
}
