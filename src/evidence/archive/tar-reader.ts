/**
 * A tar parser of our own, pulled by the caller one entry at a time, with bounded memory.
 *
 * Why not tar-stream (3.1.7, which this replaced): it buffers every extended header whole before
 * decoding it — a PAX record or GNU long name of 300 MB compresses to 300 KB and took the audit
 * to ~1 GB and V8's fatal out-of-memory — and it has no option to cap them. Here an extended
 * header (PAX `x`/`g`, GNU `L`/`K`) is held only up to MAX_EXTENDED_HEADER_BYTES; a larger one is
 * skipped without being held, and the entry it describes is marked so the audit reports it.
 * Names stay raw bytes (a PAX path is UTF-8 by the standard; entry-table checks it), never
 * decoded lossily.
 *
 * Format: 512-byte headers (POSIX ustar, or GNU), each followed by its data padded to 512 bytes;
 * sizes in octal or GNU base-256; extended headers are entries whose data describes the next
 * entry. A block of zeros is skipped (end-of-archive markers and record padding): entries after
 * one are read too, as GNU tar --ignore-zeros would, so nothing can hide behind a marker.
 */
import { ArchiveError } from "./archive-error.js";

export const BLOCK = 512;
/** Largest extended header (PAX record set or GNU long name) held in memory. */
export const MAX_EXTENDED_HEADER_BYTES = 1024 * 1024;

export type TarKind = "file" | "directory" | "symlink" | "link" | "other";

export interface TarHeader {
  /** Raw name bytes: a GNU long name, else a PAX `path`, else the ustar prefix and name. */
  name: Buffer;
  /** True when the name came from a PAX `path` record. */
  paxName: boolean;
  kind: TarKind;
  /** Bytes of data that follow (0 for folders, whatever the size field says). */
  size: number;
  /** An extended header of this entry was over the cap and skipped: its name or size may be wrong. */
  oversizedHeader: boolean;
  /** The entry's PAX records other than its name and size, and a GNU long link name, as `key=value` lines; "" when none. */
  metadata: string;
}

/** Exact byte counts out of a stream of chunks. */
export class ByteReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private ended = false;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** Exactly `n` bytes; null when the stream ended before the first of them; throws when it ends inside. */
  async exact(n: number): Promise<Buffer | null> {
    const parts: Uint8Array[] = [];
    let have = 0;
    while (have < n) {
      if (!(await this.fill())) {
        if (have === 0) return null;
        throw truncated();
      }
      const piece = this.slice(n - have);
      parts.push(piece);
      have += piece.length;
    }
    return parts.length === 1 ? Buffer.from(parts[0]!.buffer, parts[0]!.byteOffset, parts[0]!.byteLength) : Buffer.concat(parts);
  }

  /** The next `n` bytes as chunks of the stream (never copied into one buffer). */
  async *take(n: number): AsyncGenerator<Uint8Array> {
    for (let left = n; left > 0; ) {
      if (!(await this.fill())) throw truncated();
      const piece = this.slice(left);
      left -= piece.length;
      yield piece;
    }
  }

  async skip(n: number): Promise<void> {
    for await (const piece of this.take(n)) void piece;
  }

  private slice(max: number): Uint8Array {
    const end = Math.min(this.chunk.length, this.offset + max);
    const piece = this.chunk.subarray(this.offset, end);
    this.offset = end;
    return piece;
  }

  private async fill(): Promise<boolean> {
    while (this.offset >= this.chunk.length) {
      if (this.ended) return false;
      const next = await this.source.next();
      if (next.done) {
        this.ended = true;
        return false;
      }
      this.chunk = next.value;
      this.offset = 0;
    }
    return true;
  }
}

function truncated(): ArchiveError {
  return new ArchiveError("ARCHIVE_CORRUPT", "the tar ends inside an entry");
}

function corrupt(why: string): ArchiveError {
  return new ArchiveError("ARCHIVE_CORRUPT", `invalid tar header: ${why}`);
}

/** Pulls entries out of a tar stream: `next()` skips whatever of the last entry was not read. */
export class TarReader {
  private readonly bytes: ByteReader;
  /** Data (with padding) of the last entry still to pass over. */
  private pending = 0;
  private current: AsyncGenerator<Uint8Array> | null = null;
  /** PAX global records that change entries (`path`, `size`), from `g` headers. */
  private readonly global = new Map<string, Buffer>();
  /** Every PAX global record seen so far, as `key=value` lines (the archive's own metadata). */
  readonly globalMetadata: string[] = [];

  constructor(chunks: AsyncIterator<Uint8Array>) {
    this.bytes = new ByteReader(chunks);
  }

  /** The next entry with its data as chunks (to be read before the next call), or null at the end. */
  async next(): Promise<{ header: TarHeader; data: AsyncGenerator<Uint8Array> } | null> {
    await this.finishCurrent();
    let longName: Buffer | null = null;
    let longLink: Buffer | null = null;
    let pax: Map<string, Buffer> | null = null;
    let oversized = false;
    for (;;) {
      const block = await this.bytes.exact(BLOCK);
      if (block === null) {
        if (longName || pax || oversized) throw truncated();
        return null;
      }
      const raw = decodeBlock(block);
      if (raw === null) continue; // A block of zeros.
      const typeflag = raw.typeflag;
      if (typeflag === "x" || typeflag === "g" || typeflag === "L" || typeflag === "K") {
        const padded = roundUp(raw.size);
        if (raw.size > MAX_EXTENDED_HEADER_BYTES) {
          await this.bytes.skip(padded);
          oversized = true;
          continue;
        }
        const data = (await this.bytes.exact(raw.size)) ?? Buffer.alloc(0);
        if (data.length !== raw.size) throw truncated();
        await this.bytes.skip(padded - raw.size);
        if (typeflag === "L") longName = cString(data);
        else if (typeflag === "K") longLink = cString(data);
        else if (typeflag === "x") pax = parsePax(data, pax ?? new Map());
        else if (typeflag === "g") {
          for (const [key, value] of parsePax(data, new Map())) {
            if (ENTRY_KEYS.has(key)) this.global.set(key, value);
            this.globalMetadata.push(`${key}=${value.toString("utf8")}`);
          }
        }
        continue;
      }
      const records = new Map([...this.global, ...(pax ?? [])]);
      const paxPath = records.get("path");
      const paxSize = records.get("size");
      let size = raw.size;
      if (paxSize !== undefined) {
        const text = paxSize.toString("latin1");
        if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(Number(text))) throw corrupt("PAX size is not a size");
        size = Number(text);
      }
      const name = longName ?? paxPath ?? raw.name;
      let kind = tarKindOf(typeflag);
      // Old tars mark folders with a trailing slash on a regular-file entry.
      if ((typeflag === "0" || typeflag === "\0") && name[name.length - 1] === 0x2f) kind = "directory";
      const dataBytes = kind === "directory" ? 0 : size;
      this.pending = roundUp(dataBytes);
      const header: TarHeader = {
        name,
        paxName: longName === null && paxPath !== undefined,
        kind,
        size: dataBytes,
        oversizedHeader: oversized,
        metadata: metadataLines(pax, longLink),
      };
      const data = this.data(dataBytes);
      this.current = data;
      return { header, data };
    }
  }

  private async *data(size: number): AsyncGenerator<Uint8Array> {
    let read = 0;
    for await (const piece of this.bytes.take(size)) {
      read += piece.length;
      this.pending -= piece.length;
      yield piece;
    }
    if (read === size) {
      await this.bytes.skip(this.pending);
      this.pending = 0;
    }
  }

  private async finishCurrent(): Promise<void> {
    const current = this.current;
    this.current = null;
    // What the caller did not read of the last entry is passed over without being handed out.
    if (current) await current.return(undefined);
    if (this.pending > 0) await this.bytes.skip(this.pending);
    this.pending = 0;
  }
}

/** An entry's PAX records but its name and size (listed as such), and its GNU long link name. */
function metadataLines(pax: Map<string, Buffer> | null, longLink: Buffer | null): string {
  const lines: string[] = [];
  for (const [key, value] of pax ?? []) if (key !== "path" && key !== "size") lines.push(`${key}=${value.toString("utf8")}`);
  if (longLink) lines.push(`linkpath=${longLink.toString("utf8")}`);
  return lines.join("\n");
}

/** PAX keys that change the entry they describe (others are kept only while that entry is read). */
const ENTRY_KEYS = new Set(["path", "size", "linkpath"]);

function roundUp(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

interface RawBlock {
  name: Buffer;
  typeflag: string;
  size: number;
}

/** One 512-byte header; null for a block of zeros. Throws ARCHIVE_CORRUPT on a bad checksum or format. */
export function decodeBlock(block: Buffer): RawBlock | null {
  let sum = 8 * 0x20; // The checksum field counts as eight spaces.
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += block[i] ?? 0;
  if (sum === 8 * 0x20) return null;
  if (sum !== parseNumber(block, 148, 8)) throw corrupt("checksum mismatch");
  const magic = block.subarray(257, 265).toString("latin1");
  const ustar = magic.startsWith("ustar\0");
  if (!ustar && magic !== "ustar  \0") throw corrupt("unknown format (neither POSIX ustar nor GNU)");
  let name = cString(block.subarray(0, 100));
  if (ustar && block[345] !== 0) name = Buffer.concat([cString(block.subarray(345, 500)), Buffer.of(0x2f), name]);
  const flag = block[156] ?? 0;
  return { name, typeflag: flag === 0 ? "0" : String.fromCharCode(flag), size: parseNumber(block, 124, 12) };
}

/** A numeric field: octal digits (space- or NUL-terminated), or GNU base-256 for large values. */
export function parseNumber(block: Buffer, offset: number, length: number): number {
  const field = block.subarray(offset, offset + length);
  if (((field[0] ?? 0) & 0x80) !== 0) {
    if (field[0] !== 0x80) throw corrupt("negative or oversized number");
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    if (!Number.isSafeInteger(value)) throw corrupt("number too large");
    return value;
  }
  const text = field.toString("latin1").replace(/^ +/, "").replace(/[ \0].*$/s, "");
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw corrupt("number is not octal");
  const value = parseInt(text, 8);
  if (!Number.isSafeInteger(value)) throw corrupt("number too large");
  return value;
}

/** `len key=value\n` records (POSIX pax); a malformed record is a corrupt archive. */
export function parsePax(data: Buffer, into: Map<string, Buffer>): Map<string, Buffer> {
  for (let at = 0; at < data.length; ) {
    const space = data.indexOf(0x20, at);
    const lengthText = space === -1 ? "" : data.subarray(at, space).toString("latin1");
    const length = /^\d{1,8}$/.test(lengthText) ? Number(lengthText) : 0;
    if (space === -1 || length <= space - at + 1 || at + length > data.length || data[at + length - 1] !== 0x0a) {
      // Some writers pad the set with NULs after the last record.
      if (data.subarray(at).every((byte) => byte === 0)) break;
      throw corrupt("malformed PAX record");
    }
    const record = data.subarray(space + 1, at + length - 1);
    const equals = record.indexOf(0x3d);
    if (equals <= 0) throw corrupt("malformed PAX record");
    into.set(record.subarray(0, equals).toString("utf8"), Buffer.from(record.subarray(equals + 1)));
    at += length;
  }
  return into;
}

function cString(bytes: Uint8Array): Buffer {
  const end = bytes.indexOf(0);
  return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end));
}

/** What a header's type flag (`0` for NUL) makes the entry. */
export function tarKindOf(typeflag: string): TarKind {
  switch (typeflag) {
    case "0":
    case "\0":
    case "7":
      return "file";
    case "5":
      return "directory";
    case "2":
      return "symlink";
    case "1":
      return "link";
    default:
      // Devices, FIFOs, and type flags of extensions (GNU sparse, volume labels…).
      return "other";
  }
}
