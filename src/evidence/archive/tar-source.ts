/**
 * A tar or gzip-compressed tar as an EvidenceSource, read without extracting.
 *
 * A tar has no index: `list()` makes one streaming pass recording headers. `read()` then
 * streams from the start of the archive to the entry. One sequential cursor is kept: when the
 * next requested entry lies ahead of it in archive order, it continues; otherwise it restarts
 * from the start. Reading in archive order (`readOrder()`) costs one pass in total. Reading in
 * `list()` order costs one pass too when the archive was written in path order (as most
 * archivers of a sorted tree do); each step back in archive order costs a pass from the start,
 * so the worst case (archive order the reverse of path order) is one pass per file.
 */
import { createReadStream, type ReadStream } from "node:fs";
import { once } from "node:events";
import type { Readable } from "node:stream";
import { createGunzip, type Gunzip } from "node:zlib";
import type { EntryType, RejectedEntry } from "../source.js";
import { ArchiveError, asArchiveError } from "./archive-error.js";
import type { ArchiveSource, ArchiveSourceOptions } from "./archive-source.js";
import { countedChunks, InflateBudget } from "./budget.js";
import { takeBytes } from "./byte-limit.js";
import { buildEntryTable, type EntryTable, type StoredEntry } from "./entry-table.js";
import { TarReader, type TarHeader, type TarKind } from "./tar-reader.js";

/** Where an entry sits in the archive, and the header name to check that it is still there. */
interface TarHandle {
  ordinal: number;
  headerName: string;
}

interface PassItem {
  ordinal: number;
  header: TarHeader;
  chunks: AsyncIterator<Uint8Array>;
}

/** One streaming pass over the archive from its first byte; every byte it reads out counts against the budget. */
class TarPass {
  /** Ordinal of the entry `next()` returns next. */
  nextOrdinal = 0;
  private readonly file: ReadStream;
  private readonly gunzip: Gunzip | null;
  private readonly reader: TarReader;

  constructor(filePath: string, gzip: boolean, budget: InflateBudget) {
    this.file = createReadStream(filePath, { highWaterMark: 64 * 1024 });
    this.gunzip = gzip ? createGunzip() : null;
    let stream: Readable = this.file;
    if (this.gunzip) {
      const gunzip = this.gunzip;
      this.file.on("error", (error) => gunzip.destroy(error));
      stream = this.file.pipe(gunzip);
    }
    this.reader = new TarReader(countedChunks(stream, budget));
  }

  /** The next entry, after skipping what is left of the current one; null at the end. */
  async next(): Promise<PassItem | null> {
    const item = await this.reader.next();
    if (item === null) return null;
    return { ordinal: this.nextOrdinal++, header: item.header, chunks: item.data };
  }

  /** The archive's PAX global records read so far, as `key=value` lines. */
  get globalMetadata(): readonly string[] {
    return this.reader.globalMetadata;
  }

  /** Stop reading and resolve once the file descriptor is closed. */
  async destroy(): Promise<void> {
    this.gunzip?.destroy();
    this.file.destroy();
    if (!this.file.closed) await once(this.file, "close");
  }
}

export function openTarSource(filePath: string, gzip: boolean, options: Required<ArchiveSourceOptions>): ArchiveSource {
  return new TarSource(filePath, gzip, options);
}

class TarSource implements ArchiveSource {
  readonly isArchive = true;
  readonly stats = { passes: 0 };
  readonly format: "tar" | "tar.gz";
  private table: Promise<EntryTable<TarHandle>> | null = null;
  private readonly openPasses = new Set<TarPass>();
  /** The shared sequential cursor, and whether a read holds it right now. */
  private cursor: TarPass | null = null;
  private cursorBusy = false;
  private closed = false;
  private readonly budget: InflateBudget;

  constructor(
    readonly label: string,
    private readonly gzip: boolean,
    private readonly options: Required<ArchiveSourceOptions>,
  ) {
    this.format = gzip ? "tar.gz" : "tar";
    this.budget = new InflateBudget(options.maxArchiveBytes);
  }

  async list() {
    const { entries, rejected, metadata } = await this.loadTable();
    return { entries, rejected, metadata };
  }

  async readOrder(): Promise<string[]> {
    const { stored } = await this.loadTable();
    return [...stored]
      .filter(([, entry]) => entry.type === "file")
      .sort(([, a], [, b]) => (a.handle?.ordinal ?? 0) - (b.handle?.ordinal ?? 0))
      .map(([path]) => path);
  }

  read(path: string): AsyncIterable<Uint8Array> {
    return takeBytes(this.readWhole(path), this.options.maxEntryBytes + 1);
  }

  async close(): Promise<void> {
    this.closed = true;
    const passes = [...this.openPasses];
    this.openPasses.clear();
    this.cursor = null;
    await Promise.all(passes.map((pass) => pass.destroy()));
  }

  private loadTable(): Promise<EntryTable<TarHandle>> {
    if (this.closed) return Promise.reject(new ArchiveError("SOURCE_CLOSED", "archive source is closed"));
    this.table ??= this.readHeaders().then(({ stored, unread, globalMetadata }) => {
      const table = buildEntryTable(stored, this.options.maxEntries, unread);
      if (globalMetadata.length > 0) table.metadata.push({ path: null, text: globalMetadata.join("\n") });
      return table;
    });
    return this.table;
  }

  /**
   * One pass over every header. When the pass fails after some entries (a corrupt header, the
   * budget spent on a bomb), those entries are still listed and the rest of the archive is one
   * rejected entry, so the audit reports what it could not read instead of stopping; a failure
   * before any entry is thrown.
   */
  private async readHeaders(): Promise<{ stored: StoredEntry<TarHandle>[]; unread: RejectedEntry[]; globalMetadata: readonly string[] }> {
    const pass = this.openPass();
    const stored: StoredEntry<TarHandle>[] = [];
    try {
      for (let item = await pass.next(); item; item = await pass.next()) {
        if (item.ordinal >= this.options.maxEntries) {
          throw new ArchiveError("TOO_MANY_ENTRIES", `archive holds more than ${this.options.maxEntries} entries`);
        }
        stored.push(storedEntryOf(item));
      }
    } catch (error) {
      const failure = asArchiveError(error, "ARCHIVE_CORRUPT", "cannot read tar headers");
      if (stored.length === 0 || failure.code === "TOO_MANY_ENTRIES") throw failure;
      return { stored, unread: [unreadRest(failure)], globalMetadata: pass.globalMetadata };
    } finally {
      await this.closePass(pass);
    }
    return { stored, unread: [], globalMetadata: pass.globalMetadata };
  }

  private async *readWhole(path: string): AsyncGenerator<Uint8Array> {
    const table = await this.loadTable();
    const stored = table.stored.get(path);
    if (!stored) throw new ArchiveError("NO_SUCH_ENTRY", `no entry ${path}`);
    if (stored.type !== "file" || !stored.handle) throw new ArchiveError("NOT_A_FILE", `${path} is a ${stored.type}`);
    const { ordinal, headerName } = stored.handle;

    const { pass, shared } = await this.acquirePass(ordinal);
    let failed = false;
    try {
      let item: PassItem | null;
      try {
        do item = await pass.next();
        while (item && item.ordinal < ordinal);
      } catch (error) {
        throw asArchiveError(error, "ARCHIVE_CORRUPT", `cannot reach ${path}`);
      }
      if (!item || item.ordinal !== ordinal || item.header.name.toString("latin1") !== headerName) {
        throw new ArchiveError("ARCHIVE_CHANGED", `${path} is no longer where list() found it`);
      }
      for (;;) {
        let chunk: IteratorResult<Uint8Array>;
        try {
          chunk = await item.chunks.next();
        } catch (error) {
          throw asArchiveError(error, "ARCHIVE_CORRUPT", `cannot read ${path}`);
        }
        if (chunk.done) break;
        yield chunk.value;
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // A read abandoned midway (the caller stopped early) leaves the cursor usable: the next
      // read skips the rest of the entry. After a failure the cursor is dropped.
      await this.releasePass(pass, shared, !failed);
    }
  }

  /**
   * The shared cursor when it is free and not past `ordinal`; a fresh shared cursor when it is
   * free but past it; a private pass when another read holds the shared cursor.
   */
  private async acquirePass(ordinal: number): Promise<{ pass: TarPass; shared: boolean }> {
    if (this.closed) throw new ArchiveError("SOURCE_CLOSED", "archive source is closed");
    if (this.cursorBusy) return { pass: this.openPass(), shared: false };
    if (this.cursor && this.cursor.nextOrdinal > ordinal) {
      const stale = this.cursor;
      this.cursor = null;
      await this.closePass(stale);
    }
    this.cursor ??= this.openPass();
    this.cursorBusy = true;
    return { pass: this.cursor, shared: true };
  }

  private async releasePass(pass: TarPass, shared: boolean, healthy: boolean): Promise<void> {
    if (shared && this.cursor === pass) {
      this.cursorBusy = false;
      if (healthy) return;
      this.cursor = null;
    }
    await this.closePass(pass);
  }

  private openPass(): TarPass {
    const pass = new TarPass(this.label, this.gzip, this.budget);
    this.stats.passes += 1;
    this.openPasses.add(pass);
    return pass;
  }

  private async closePass(pass: TarPass): Promise<void> {
    if (!this.openPasses.delete(pass)) return;
    await pass.destroy();
  }
}

function storedEntryOf({ ordinal, header }: PassItem): StoredEntry<TarHandle> {
  const type = tarEntryType(header.kind);
  return {
    name: header.name,
    type,
    size: type === "file" ? header.size : 0,
    handle: { ordinal, headerName: header.name.toString("latin1") },
    metadata: header.metadata,
    // Its name or size may have been in the header that was too large to read.
    ...(header.oversizedHeader && { rejectAs: "header-too-large" as const }),
  };
}

/** The part of an archive that a failed listing pass never reached, as one rejected entry. */
function unreadRest(failure: ArchiveError): RejectedEntry {
  return { rawName: "", reason: failure.code === "INFLATE_BUDGET_EXCEEDED" ? "budget-exceeded" : "unreadable-rest", detail: failure.message };
}

export function tarEntryType(kind: TarKind): EntryType {
  // Hard links are not followed: like devices and FIFOs, something other than a file.
  return kind === "link" ? "other" : kind;
}
