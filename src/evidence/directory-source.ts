import { close, constants, fstat, lstat, open, read, readdir, type BigIntStats, type Dirent } from "node:fs";
import { open as openHandle, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { EvidenceChangedError } from "./read-failure.js";
import type { EntryType, EvidenceSource, ListedFile, SourceEntry } from "./source.js";

/**
 * A folder on disk as an evidence source. Symlinks are listed as such and never followed;
 * files are opened with O_NOFOLLOW so a file swapped for a link after listing is not read
 * through, and with O_NONBLOCK so a FIFO swapped in is refused, not waited on. Nothing is ever
 * opened for writing.
 */
export function directorySource(root: string, label = root): EvidenceSource {
  const absoluteRoot = path.resolve(root);
  let listing: Promise<{ entries: SourceEntry[]; rejected: [] }> | undefined;
  return {
    label,
    isArchive: false,
    list() {
      listing ??= (async () => {
        const entries: SourceEntry[] = [];
        await walk(absoluteRoot, "", entries);
        entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        return { entries, rejected: [] as [] };
      })();
      return listing;
    },
    read(relativePath: string, listed?: ListedFile) {
      return readFileChunks(path.join(absoluteRoot, ...relativePath.split("/")), 0, Infinity, listed);
    },
    localPath(relativePath: string) {
      return path.join(absoluteRoot, ...relativePath.split("/"));
    },
    release() {
      listing = undefined;
    },
    async close() {},
  };
}

async function walk(absoluteDir: string, relativeDir: string, out: SourceEntry[]): Promise<void> {
  const dirents = await readDirectory(absoluteDir);
  await Promise.all(dirents.map(async (dirent) => {
    const relativePath = relativeDir ? `${relativeDir}/${dirent.name}` : dirent.name;
    const absolutePath = path.join(absoluteDir, dirent.name);
    const type: EntryType = dirent.isSymbolicLink()
      ? "symlink"
      : dirent.isDirectory()
        ? "directory"
        : dirent.isFile()
          ? "file"
          : "other";
    // A folder's own metadata says nothing its listing does not (what it holds is listed and
    // stamped entry by entry): only other entries cost a stat.
    const stat = type === "directory" ? null : await lstatBigInt(absolutePath);
    out.push({
      path: relativePath,
      type,
      size: stat !== null && type === "file" ? Number(stat.size) : 0,
      stamp: stat === null ? "directory" : `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.mode}`,
    });
    if (type === "directory") await walk(absolutePath, relativePath, out);
  }));
}

// The callback API, not fs/promises: listing a root of 600 runs (7,400 entries) took twice as
// long through fs/promises (measured 180 ms against 340–410 ms), and stays asynchronous, so a
// root on a network file system is still listed many entries at a time.

/** The entries of a folder, with their types. */
export function readDirectory(absolutePath: string): Promise<Dirent[]> {
  return new Promise((resolve, reject) => readdir(absolutePath, { withFileTypes: true }, (error, entries) => (error ? reject(error) : resolve(entries))));
}

function lstatBigInt(absolutePath: string): Promise<BigIntStats> {
  return new Promise((resolve, reject) => lstat(absolutePath, { bigint: true }, (error, stats) => (error ? reject(error) : resolve(stats))));
}

const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * The bytes of a file on disk, or of `[start, end)` of it, in chunks; never through a link.
 * The file must still be what was listed: a regular file (checked with fstat after a
 * non-blocking open), with the listed inode and size when `listed` gives them. A whole-file read
 * stops at that size and checks that nothing follows; a range must be there in full. Anything
 * else throws EvidenceChangedError (an `integrity` finding of the run): a file cut short or still
 * growing is never scanned as if it were whole.
 */
export async function* readFileChunks(absolutePath: string, start = 0, end = Infinity, listed?: ListedFile): AsyncGenerator<Uint8Array> {
  const fd = await openForReading(absolutePath);
  try {
    const size = checkOpened(await statOf(fd), listed);
    const stop = end === Infinity ? size : end;
    if (stop > size) throw new EvidenceChangedError("FILE_SHRANK", `${size} bytes, ${stop} expected`);
    for (let position = start; position < stop; ) {
      // Each chunk is read into a buffer of its own, sized to what is left of the file: a caller may
      // keep a chunk, and a 1 MiB buffer for every small file would make V8 collect for nothing
      // (it counts buffers' memory towards its next full collection).
      const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, stop - position));
      const bytesRead = await readAt(fd, buffer, position);
      if (bytesRead === 0) throw new EvidenceChangedError("FILE_SHRANK", `${position} bytes, ${stop} expected`);
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
    if (end === Infinity && (await readAt(fd, Buffer.allocUnsafe(1), stop)) > 0) {
      throw new EvidenceChangedError("FILE_GREW", `more than the ${stop} bytes ${listed ? "listed" : "seen at open"}`);
    }
  } finally {
    await closeFile(fd);
  }
}

/**
 * O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever (it has no
 * effect on regular files). O_NOCTTY: a terminal device swapped in never becomes ours.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

/** A file opened as evidence with the FileHandle API (for callers that use it); checked as readFileChunks checks. */
export async function openEvidenceHandle(absolutePath: string, listed?: ListedFile): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await openHandle(absolutePath, OPEN_FLAGS);
  } catch (error) {
    throw openFailure(error);
  }
  try {
    checkOpened(await handle.stat({ bigint: true }), listed);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** The file's size, once it is known to be a regular file that is still the one listed. */
function checkOpened(stats: BigIntStats, listed: ListedFile | undefined): number {
  if (!stats.isFile()) throw new EvidenceChangedError("FILE_TYPE_CHANGED", `now ${kindOf(stats)}`);
  // The stamp starts with the inode (see walk); a source that stamps otherwise is not compared.
  const listedInode = listed?.stamp?.split(":")[0];
  if (listedInode !== undefined && /^\d+$/.test(listedInode) && BigInt(listedInode) !== stats.ino) {
    throw new EvidenceChangedError("FILE_REPLACED", "another inode");
  }
  const size = Number(stats.size);
  if (listed && size < listed.size) throw new EvidenceChangedError("FILE_SHRANK", `${size} bytes, ${listed.size} listed`);
  if (listed && size > listed.size) throw new EvidenceChangedError("FILE_GREW", `${size} bytes, ${listed.size} listed`);
  return size;
}

function kindOf(stats: BigIntStats): string {
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isDirectory()) return "a folder";
  return "not a regular file";
}

/** A listed file that cannot be opened: gone, or something we refuse to open took its place. */
function openFailure(error: unknown): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOENT":
    case "ENOTDIR":
      return new EvidenceChangedError("FILE_VANISHED");
    case "ELOOP":
      return new EvidenceChangedError("FILE_TYPE_CHANGED", "now a symbolic link");
    case "ENXIO":
      return new EvidenceChangedError("FILE_TYPE_CHANGED", "now a socket");
    default:
      return error;
  }
}

// File descriptors through the callback API too (see readDirectory): opening, sizing, reading
// and closing 10,000 small files cost ~130 µs each through fs/promises' FileHandle.
function openForReading(absolutePath: string): Promise<number> {
  return new Promise((resolve, reject) => open(absolutePath, OPEN_FLAGS, (error, fd) => (error ? reject(openFailure(error)) : resolve(fd))));
}

function statOf(fd: number): Promise<BigIntStats> {
  return new Promise((resolve, reject) => fstat(fd, { bigint: true }, (error, stats) => (error ? reject(error) : resolve(stats))));
}

function readAt(fd: number, buffer: Buffer, position: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, buffer, 0, buffer.length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))));
}

function closeFile(fd: number): Promise<void> {
  return new Promise((resolve, reject) => close(fd, (error) => (error ? reject(error) : resolve())));
}
