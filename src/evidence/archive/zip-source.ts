/**
 * A zip archive as an EvidenceSource: central directory via yauzl, random access per entry.
 * Entries whose data overlaps another's (the trick of non-recursive zip bombs: many entries
 * inflating one stream) are rejected before anything is inflated; every byte inflated counts
 * against the archive's budget; central directory records beyond the count the end record
 * declares (entries other extractors see) are reported.
 */
import { close, fstat, open } from "node:fs";
import type { Readable } from "node:stream";
import { crc32, inflateRawSync } from "node:zlib";
import yauzl from "yauzl";
import type { EntryType, RejectedEntry } from "../source.js";
import { ArchiveError, asArchiveError } from "./archive-error.js";
import type { ArchiveSource, ArchiveSourceOptions } from "./archive-source.js";
import { BlockReader } from "./block-reader.js";
import { InflateBudget } from "./budget.js";
import { takeBytes } from "./byte-limit.js";
import { streamChunks } from "./stream-chunks.js";
import { buildEntryTable, type EntryTable, type StoredEntry } from "./entry-table.js";

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;
const UNICODE_PATH_FIELD = 0x7075;
const LOCAL_HEADER_BYTES = 30;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
/**
 * Entries this small (stored and inflated) are read from the reader's cached blocks and inflated
 * at once, instead of through a stream each (three streams and two reads an entry in yauzl).
 */
const SMALL_ENTRY_BYTES = 64 * 1024;

/**
 * What reading an entry needs, and no more: yauzl's Entry objects (raw name, extra fields,
 * comment, ~20 fields) cost ~0.9 KB of heap each, and a zip of 100,000 entries did not fit in
 * the audit thread's heap with them.
 */
interface ZipHandle {
  offset: number;
  compressedSize: number;
  uncompressedSize: number;
  method: number;
  flags: number;
  crc32: number;
}

/** Open a zip; the central directory is read on the first `list()` or `read()`. */
export async function openZipSource(filePath: string, options: Required<ArchiveSourceOptions>): Promise<ArchiveSource> {
  let fd: number;
  let size: number;
  try {
    fd = await new Promise<number>((resolve, reject) => open(filePath, "r", (error, opened) => (error ? reject(error) : resolve(opened))));
  } catch (error) {
    throw asArchiveError(error, "ARCHIVE_UNREADABLE", "cannot open archive");
  }
  let zipfile: yauzl.ZipFile;
  try {
    size = await new Promise<number>((resolve, reject) => fstat(fd, (error, stats) => (error ? reject(error) : resolve(stats.size))));
    // decodeStrings: false keeps names as raw bytes, so this module (not yauzl) judges them;
    // validateEntrySizes: false because read() checks sizes and CRC itself, with its own codes.
    // yauzl 3.2 has callbacks only (the *Promise methods in @types/yauzl are from later releases).
    zipfile = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromRandomAccessReader(
        new BlockReader(fd),
        size,
        { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false },
        (error, opened) => (error ? reject(error) : resolve(opened)),
      ),
    );
  } catch (error) {
    close(fd, () => {});
    throw asArchiveError(error, "ARCHIVE_CORRUPT", "cannot read zip central directory");
  }
  return new ZipSource(filePath, zipfile, size, options);
}

class ZipSource implements ArchiveSource {
  readonly isArchive = true;
  readonly format = "zip" as const;
  readonly stats = { passes: 0 };
  private table: Promise<EntryTable<ZipHandle>> | null = null;
  private readonly openStreams = new Set<Readable>();
  private closed = false;
  private readonly budget: InflateBudget;

  constructor(
    readonly label: string,
    private readonly zipfile: yauzl.ZipFile,
    private readonly size: number,
    private readonly options: Required<ArchiveSourceOptions>,
  ) {
    this.budget = new InflateBudget(options.maxArchiveBytes);
    // yauzl emits "error" for a failed fd close too; without a listener that would crash.
    zipfile.on("error", () => {});
  }

  async list() {
    const { entries, rejected, metadata } = await this.loadTable();
    return { entries, rejected, metadata };
  }

  /** Random access: any order is as cheap as any other. */
  async readOrder(): Promise<string[]> {
    const { entries } = await this.loadTable();
    return entries.filter((entry) => entry.type === "file").map((entry) => entry.path);
  }

  read(path: string): AsyncIterable<Uint8Array> {
    return takeBytes(this.readWhole(path), this.options.maxEntryBytes + 1);
  }

  /** Resolves once the file descriptor is closed (yauzl closes it when the last stream lets go). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const fdClosed = new Promise<void>((resolve) => this.zipfile.once("close", () => resolve()));
    for (const stream of this.openStreams) stream.destroy();
    this.openStreams.clear();
    this.zipfile.close();
    await fdClosed;
  }

  private loadTable(): Promise<EntryTable<ZipHandle>> {
    if (this.closed) return Promise.reject(new ArchiveError("SOURCE_CLOSED", "archive source is closed"));
    this.table ??= this.readCentralDirectory().then(async ({ stored, cursor }) => {
      markOverlaps(stored);
      const unlisted: RejectedEntry[] = (await this.moreRecordsAt(cursor)) ? [{ rawName: "", reason: "unlisted-entries" }] : [];
      const table = buildEntryTable(stored, this.options.maxEntries, unlisted);
      // The archive's own comment (yauzl leaves it as bytes with decodeStrings: false).
      const comment = commentText((this.zipfile as unknown as { comment: Buffer | string }).comment);
      if (comment !== "") table.metadata.push({ path: null, text: comment });
      return table;
    });
    return this.table;
  }

  /** Whether another central directory record starts where the declared ones end. */
  private async moreRecordsAt(position: number): Promise<boolean> {
    if (position + 4 > this.size) return false;
    const head = Buffer.alloc(4);
    await this.reader.readAt(head, 0, 4, position);
    return head.readUInt32LE(0) === CENTRAL_HEADER_SIGNATURE;
  }

  private get reader(): BlockReader {
    // yauzl keeps the reader it was given (not in its types).
    return (this.zipfile as unknown as { reader: BlockReader }).reader;
  }

  private readCentralDirectory(): Promise<{ stored: StoredEntry<ZipHandle>[]; cursor: number }> {
    const { zipfile, options } = this;
    if (zipfile.entryCount > options.maxEntries) {
      return Promise.reject(
        new ArchiveError("TOO_MANY_ENTRIES", `zip declares ${zipfile.entryCount} entries, more than ${options.maxEntries}`),
      );
    }
    this.stats.passes += 1;
    return new Promise((resolve, reject) => {
      const stored: StoredEntry<ZipHandle>[] = [];
      const onEntry = (entry: yauzl.Entry) => {
        stored.push(storedEntryOf(entry));
        zipfile.readEntry();
      };
      // The listeners go once the directory is read: kept, they would keep every stored name alive.
      const done = () => {
        zipfile.removeListener("entry", onEntry);
        zipfile.removeListener("end", onEnd);
        zipfile.removeListener("error", onError);
      };
      // yauzl's cursor (not in its types) stands after the last record it read.
      const onEnd = () => {
        done();
        resolve({ stored, cursor: (zipfile as unknown as { readEntryCursor: number }).readEntryCursor });
      };
      const onError = (error: unknown) => {
        done();
        reject(asArchiveError(error, "ARCHIVE_CORRUPT", "cannot read zip central directory"));
      };
      zipfile.on("entry", onEntry);
      zipfile.on("end", onEnd);
      zipfile.on("error", onError);
      zipfile.readEntry();
    });
  }

  private async *readWhole(path: string): AsyncGenerator<Uint8Array> {
    const table = await this.loadTable();
    const stored = table.stored.get(path);
    if (!stored) throw new ArchiveError("NO_SUCH_ENTRY", `no entry ${path}`);
    if (stored.type !== "file" || !stored.handle) throw new ArchiveError("NOT_A_FILE", `${path} is a ${stored.type}`);
    const entry = stored.handle;
    this.budget.check();
    const small = entry.compressedSize <= SMALL_ENTRY_BYTES && entry.uncompressedSize <= SMALL_ENTRY_BYTES && (entry.flags & 1) === 0;
    const chunks = small ? this.readSmall(entry, path) : this.streamEntry(entry, path);
    let total = 0;
    let checksum = 0;
    try {
      for await (const chunk of chunks) {
        total += chunk.byteLength;
        this.budget.take(chunk.byteLength);
        if (total > entry.uncompressedSize) {
          throw new ArchiveError("ENTRY_SIZE_MISMATCH", `${path} inflates past its declared ${entry.uncompressedSize} bytes`);
        }
        checksum = crc32(chunk, checksum);
        yield chunk;
      }
    } catch (error) {
      throw asArchiveError(error, "ARCHIVE_CORRUPT", `cannot inflate ${path}`);
    }
    if (total !== entry.uncompressedSize) {
      throw new ArchiveError("ENTRY_SIZE_MISMATCH", `${path} has ${total} bytes, declared ${entry.uncompressedSize}`);
    }
    if (checksum !== entry.crc32) throw new ArchiveError("ENTRY_CHECKSUM_MISMATCH", `${path} fails its CRC-32 check`);
  }

  /** A large entry, streamed through yauzl. */
  private async *streamEntry(entry: ZipHandle, path: string): AsyncGenerator<Uint8Array> {
    let stream: Readable;
    try {
      stream = await new Promise<Readable>((resolve, reject) =>
        this.zipfile.openReadStream(yauzlEntry(entry), (error, opened) => (error ? reject(error) : resolve(opened))),
      );
    } catch (error) {
      if (this.closed) throw new ArchiveError("SOURCE_CLOSED", "archive source is closed");
      throw asArchiveError(error, "ENTRY_UNREADABLE", `cannot read ${path}`);
    }
    this.openStreams.add(stream);
    try {
      yield* streamChunks(stream);
    } finally {
      this.openStreams.delete(stream);
      stream.destroy();
    }
  }

  /** A small entry: its local header and data from the reader's blocks, inflated at once. */
  private async *readSmall(entry: ZipHandle, path: string): AsyncGenerator<Uint8Array> {
    if (entry.method !== 0 && entry.method !== 8) throw new ArchiveError("ENTRY_UNREADABLE", `cannot read ${path}: unsupported compression method ${entry.method}`);
    if (this.closed) throw new ArchiveError("SOURCE_CLOSED", "archive source is closed");
    const header = Buffer.alloc(LOCAL_HEADER_BYTES);
    if (entry.offset + LOCAL_HEADER_BYTES > this.size) throw new ArchiveError("ARCHIVE_CORRUPT", `${path}: invalid local file header`);
    await this.reader.readAt(header, 0, LOCAL_HEADER_BYTES, entry.offset);
    if (header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) throw new ArchiveError("ARCHIVE_CORRUPT", `${path}: invalid local file header`);
    const dataStart = entry.offset + LOCAL_HEADER_BYTES + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (dataStart + entry.compressedSize > this.size) throw new ArchiveError("ARCHIVE_CORRUPT", `${path}: data overflows the file`);
    const data = Buffer.alloc(entry.compressedSize);
    await this.reader.readAt(data, 0, data.length, dataStart);
    if (entry.method === 0) {
      yield data;
      return;
    }
    try {
      // One byte more than declared is enough to tell an entry that inflates past its size.
      yield inflateRawSync(data, { maxOutputLength: entry.uncompressedSize + 1 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
        throw new ArchiveError("ENTRY_SIZE_MISMATCH", `${path} inflates past its declared ${entry.uncompressedSize} bytes`);
      }
      throw error;
    }
  }
}

function storedEntryOf(entry: yauzl.Entry): StoredEntry<ZipHandle> {
  // With decodeStrings: false, yauzl leaves the name as the stored bytes.
  const name = entry.fileName as unknown as Buffer;
  return {
    name,
    type: zipEntryType(entry, name),
    size: entry.uncompressedSize,
    handle: {
      offset: entry.relativeOffsetOfLocalHeader,
      compressedSize: entry.compressedSize,
      uncompressedSize: entry.uncompressedSize,
      method: entry.compressionMethod,
      flags: entry.generalPurposeBitFlag,
      crc32: entry.crc32,
    },
    ambiguousName: unicodePathDisagrees(entry, name),
    metadata: commentText(entry.fileComment as unknown as Buffer | string),
  };
}

/** A zip comment as text (UTF-8, what is not shown as U+FFFD): scanned, never printed. */
function commentText(comment: Buffer | string | undefined): string {
  if (comment === undefined) return "";
  return typeof comment === "string" ? comment : comment.toString("utf8");
}

/** The yauzl Entry that openReadStream needs, rebuilt from a handle. */
function yauzlEntry(handle: ZipHandle): yauzl.Entry {
  return Object.assign(new yauzl.Entry(), {
    relativeOffsetOfLocalHeader: handle.offset,
    compressedSize: handle.compressedSize,
    uncompressedSize: handle.uncompressedSize,
    compressionMethod: handle.method,
    generalPurposeBitFlag: handle.flags,
    crc32: handle.crc32,
  });
}

/**
 * Marks every entry whose bytes overlap another's to be rejected. An entry spans at least its
 * 30-byte local header and its compressed data from its offset (its local name and extra field
 * only make it longer), so overlap by that lower bound is certain; zips written by any archiver
 * never share bytes between entries.
 */
export function markOverlaps(stored: Array<StoredEntry<ZipHandle>>): void {
  const byOffset = [...stored].sort((a, b) => a.handle.offset - b.handle.offset);
  let furthest: StoredEntry<ZipHandle> | null = null;
  let furthestEnd = -1;
  for (const entry of byOffset) {
    if (furthest && entry.handle.offset < furthestEnd) {
      entry.rejectAs = "overlapping-data";
      furthest.rejectAs = "overlapping-data";
    }
    const end = entry.handle.offset + LOCAL_HEADER_BYTES + entry.handle.compressedSize;
    if (end > furthestEnd) {
      furthestEnd = end;
      furthest = entry;
    }
  }
}

/**
 * The unix mode in the high 16 bits of the external attributes decides when it is set,
 * whatever "version made by" claims (fail closed: a symlink bit is never ignored).
 */
export function zipEntryType(entry: Pick<yauzl.Entry, "externalFileAttributes">, name: Uint8Array): EntryType {
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (mode === S_IFLNK) return "symlink";
  if (mode === S_IFDIR) return "directory";
  if (mode !== 0 && mode !== S_IFREG) return "other";
  if (name[name.length - 1] === 0x2f) return "directory";
  if (mode === 0 && (entry.externalFileAttributes & DOS_DIRECTORY) !== 0) return "directory";
  return "file";
}

/**
 * Info-ZIP's Unicode Path field (0x7075) gives a second name; some extractors prefer it.
 * When it names something else than the stored bytes, the entry's name is ambiguous.
 */
function unicodePathDisagrees(entry: yauzl.Entry, name: Buffer): boolean {
  return entry.extraFields.some(
    (field) => field.id === UNICODE_PATH_FIELD && field.data.length >= 5 && !field.data.subarray(5).equals(name),
  );
}
