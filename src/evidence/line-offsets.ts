import { openEvidenceHandle, readFileChunks } from "./directory-source.js";

/**
 * Byte-level line arithmetic on a file on disk, for cutting a large file into segments at line
 * starts (a line feed is never part of a multi-byte UTF-8 character, so a cut there decodes).
 */

const PROBE_BYTES = 64 * 1024;

/**
 * The offset just after the first line feed at or after `from` (a line start), looking at most
 * `maxScan` bytes ahead; `size` when the file ends first; null when no line feed is near.
 */
export async function nextLineStart(absolutePath: string, from: number, size: number, maxScan = 1024 * 1024): Promise<number | null> {
  if (from <= 0) return 0;
  if (from >= size) return size;
  const handle = await openEvidenceHandle(absolutePath);
  try {
    const buffer = Buffer.allocUnsafe(PROBE_BYTES);
    // Start one byte early: `from` itself is a line start when the byte before it is a line feed.
    for (let position = from - 1; position < Math.min(size, from + maxScan); ) {
      const { bytesRead } = await handle.read(buffer, 0, PROBE_BYTES, position);
      if (bytesRead === 0) return size;
      const at = buffer.subarray(0, bytesRead).indexOf(10);
      if (at !== -1) return position + at + 1;
      position += bytesRead;
    }
    return from + maxScan >= size ? size : null;
  } finally {
    await handle.close();
  }
}

/** Line feeds in `[start, end)` of a file. */
export async function countLineFeeds(absolutePath: string, start: number, end: number): Promise<number> {
  let count = 0;
  for await (const chunk of readFileChunks(absolutePath, start, end)) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count++;
  }
  return count;
}
