/**
 * Archives (zip, tar, tar.gz) as evidence sources, read in place without extracting.
 * Entry names are untrusted: see entry-name.ts and entry-table.ts for what is refused.
 */
import { DEFAULT_MAX_ENTRIES, type ArchiveSource, type ArchiveSourceOptions } from "./archive-source.js";
import { stat } from "node:fs/promises";
import { DEFAULT_ARCHIVE_INFLATE_RATIO, DEFAULT_MIN_ARCHIVE_BYTES } from "../../config/defaults.js";
import { detectArchiveFormat } from "./detect.js";

export { ArchiveError, ARCHIVE_ERROR_CODES, type ArchiveErrorCode } from "./archive-error.js";
export { DEFAULT_MAX_ENTRIES, type ArchiveSource, type ArchiveSourceOptions } from "./archive-source.js";
export { isArchivePath, type ArchiveFormat } from "./detect.js";

/**
 * Open `filePath` as an archive, choosing the format by magic bytes, then by extension.
 * The label is `filePath` as given. Throws ArchiveError (`UNSUPPORTED_ARCHIVE`,
 * `ARCHIVE_UNREADABLE`, `ARCHIVE_CORRUPT`); later failures surface from list() and read().
 */
export async function openArchiveSource(filePath: string, options: ArchiveSourceOptions): Promise<ArchiveSource> {
  if (!(options.maxEntryBytes >= 0) || !((options.maxEntries ?? 0) >= 0) || !((options.maxArchiveBytes ?? 0) >= 0)) {
    throw new RangeError("maxEntryBytes, maxEntries and maxArchiveBytes must be non-negative numbers");
  }
  const format = await detectArchiveFormat(filePath);
  const resolved = {
    maxEntryBytes: options.maxEntryBytes,
    maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
    maxArchiveBytes: options.maxArchiveBytes ?? Math.max(DEFAULT_MIN_ARCHIVE_BYTES, DEFAULT_ARCHIVE_INFLATE_RATIO * (await stat(filePath)).size),
  };
  // Loaded on demand: most audits open no archive.
  if (format === "zip") return (await import("./zip-source.js")).openZipSource(filePath, resolved);
  return (await import("./tar-source.js")).openTarSource(filePath, format === "tar.gz", resolved);
}
