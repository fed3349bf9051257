/** Which archive format a file is: magic bytes first, the file name as a fallback. */
import { open } from "node:fs/promises";
import { ArchiveError, asArchiveError } from "./archive-error.js";

export type ArchiveFormat = "zip" | "tar" | "tar.gz";

const ARCHIVE_NAME = /\.(zip|tar|tar\.gz|tgz)$/i;

/** True when the file name says zip, tar, tar.gz or tgz (case-insensitive). */
export function isArchivePath(filePath: string): boolean {
  return ARCHIVE_NAME.test(filePath);
}

/** The format the name claims, or null. */
export function formatFromName(filePath: string): ArchiveFormat | null {
  const extension = ARCHIVE_NAME.exec(filePath)?.[1]?.toLowerCase();
  if (extension === undefined) return null;
  return extension === "zip" ? "zip" : extension === "tar" ? "tar" : "tar.gz";
}

/**
 * The format the first bytes show, or null. A tar without the ustar/GNU magic (v7) has no
 * signature; it is recognised by name only.
 */
export function formatFromMagic(head: Uint8Array): ArchiveFormat | null {
  // Local file header, empty archive (end of central directory), spanned-archive marker.
  if (head[0] === 0x50 && head[1] === 0x4b && [0x0304, 0x0506, 0x0708].includes(((head[2] ?? 0) << 8) | (head[3] ?? 0))) {
    return "zip";
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return "tar.gz";
  if (Buffer.from(head.subarray(257, 262)).toString("latin1") === "ustar") return "tar";
  return null;
}

/** Magic bytes win over the name (a `.zip` that is really gzip is read as tar.gz). */
export async function detectArchiveFormat(filePath: string): Promise<ArchiveFormat> {
  const head = new Uint8Array(512);
  let length: number;
  try {
    const handle = await open(filePath, "r");
    try {
      ({ bytesRead: length } = await handle.read(head, 0, head.length, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw asArchiveError(error, "ARCHIVE_UNREADABLE", "cannot open archive");
  }
  const format = formatFromMagic(head.subarray(0, length)) ?? formatFromName(filePath);
  if (format === null) throw new ArchiveError("UNSUPPORTED_ARCHIVE", "not a zip, tar or tar.gz archive");
  return format;
}
