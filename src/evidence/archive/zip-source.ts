/** A zip archive as an EvidenceSource: central directory via yauzl, random access per entry. */
import type { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import yauzl from "yauzl";
import type { EntryType } from "../source.js";
import { ArchiveError, asArchiveError } from "./archive-error.js";
import type { ArchiveSource, ArchiveSourceOptions } from "./archive-source.js";
import { takeBytes } from "./byte-limit.js";
import { streamChunks } from "./stream-chunks.js";
import { buildEntryTable, type EntryTable, type StoredEntry } from "./entry-table.js";

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;
const UNICODE_PATH_FIELD = 0x7075;

/** Open a zip; the central directory is read on the first `list()` or `read()`. */
export async function openZipSource(filePath: string, options: Required<ArchiveSourceOptions>): Promise<ArchiveSource> {
  let zipfile: yauzl.ZipFile;
  try {
    // decodeStrings: false keeps names as raw bytes, so this module (not yauzl) judges them;
    // validateEntrySizes: false because read() checks sizes and CRC itself, with its own codes.
    // yauzl 3.2 has callbacks only (the *Promise methods in @types/yauzl are from later releases).
    zipfile = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(
        filePath,
        { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false },
        (error, opened) => (error ? reject(error) : resolve(opened)),
      ),
    );
  } catch (error) {
    throw asArchiveError(error, "ARCHIVE_CORRUPT", "cannot read zip central directory");
  }
  return new ZipSource(filePath, zipfile, options);
}

class ZipSource implements ArchiveSource {
  readonly isArchive = true;
  readonly format = "zip" as const;
  readonly stats = { passes: 0 };
  private table: Promise<EntryTable<yauzl.Entry>> | null = null;
  private readonly openStreams = new Set<Readable>();
  private closed = false;

  constructor(
    readonly label: string,
    private readonly zipfile: yauzl.ZipFile,
    private readonly options: Required<ArchiveSourceOptions>,
  ) {
    // yauzl emits "error" for a failed fd close too; without a listener that would crash.
    zipfile.on("error", () => {});
  }

  async list() {
    const { entries, rejected } = await this.loadTable();
    return { entries, rejected };
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

  private loadTable(): Promise<EntryTable<yauzl.Entry>> {
    if (this.closed) return Promise.reject(new ArchiveError("SOURCE_CLOSED", "archive source is closed"));
    this.table ??= this.readCentralDirectory().then((stored) => buildEntryTable(stored, this.options.maxEntries));
    return this.table;
  }

  private readCentralDirectory(): Promise<StoredEntry<yauzl.Entry>[]> {
    const { zipfile, options } = this;
    if (zipfile.entryCount > options.maxEntries) {
      return Promise.reject(
        new ArchiveError("TOO_MANY_ENTRIES", `zip declares ${zipfile.entryCount} entries, more than ${options.maxEntries}`),
      );
    }
    this.stats.passes += 1;
    return new Promise((resolve, reject) => {
      const stored: StoredEntry<yauzl.Entry>[] = [];
      zipfile.on("entry", (entry: yauzl.Entry) => {
        stored.push(storedEntryOf(entry));
        zipfile.readEntry();
      });
      zipfile.once("end", () => resolve(stored));
      zipfile.once("error", (error: unknown) => reject(asArchiveError(error, "ARCHIVE_CORRUPT", "cannot read zip central directory")));
      zipfile.readEntry();
    });
  }

  private async *readWhole(path: string): AsyncGenerator<Uint8Array> {
    const table = await this.loadTable();
    const stored = table.stored.get(path);
    if (!stored) throw new ArchiveError("NO_SUCH_ENTRY", `no entry ${path}`);
    if (stored.type !== "file" || !stored.handle) throw new ArchiveError("NOT_A_FILE", `${path} is a ${stored.type}`);
    const entry = stored.handle;

    let stream: Readable;
    try {
      stream = await new Promise<Readable>((resolve, reject) =>
        this.zipfile.openReadStream(entry, (error, opened) => (error ? reject(error) : resolve(opened))),
      );
    } catch (error) {
      if (this.closed) throw new ArchiveError("SOURCE_CLOSED", "archive source is closed");
      throw asArchiveError(error, "ENTRY_UNREADABLE", `cannot read ${path}`);
    }
    this.openStreams.add(stream);
    try {
      let total = 0;
      let checksum = 0;
      try {
        for await (const chunk of streamChunks(stream)) {
          total += chunk.byteLength;
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
    } finally {
      this.openStreams.delete(stream);
      stream.destroy();
    }
  }
}

function storedEntryOf(entry: yauzl.Entry): StoredEntry<yauzl.Entry> {
  // With decodeStrings: false, yauzl leaves the name as the stored bytes.
  const name = entry.fileName as unknown as Buffer;
  return {
    name,
    type: zipEntryType(entry, name),
    size: entry.uncompressedSize,
    handle: entry,
    ambiguousName: unicodePathDisagrees(entry, name),
  };
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
