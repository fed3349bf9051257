/**
 * Test-only archive writers, so every fixture is generated inside the test that uses it.
 * The zip writer is hand-made (no dependency) because it must write what well-behaved
 * writers refuse to: `../` and absolute names, invalid UTF-8, lying sizes, entries sharing data.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, deflateRawSync, gzipSync } from "node:zlib";
import tar from "tar-stream";

export interface ZipEntrySpec {
  name: string | Uint8Array;
  data?: string | Uint8Array;
  /** Default: "file", or "directory" when the name ends with `/`. */
  type?: "file" | "directory" | "symlink" | "fifo";
  /** Store the file deflated. Default: true. */
  deflate?: boolean;
  /** Lie in the central directory about the inflated size. */
  declaredSize?: number;
  /** Lie in the central directory about the CRC-32. */
  declaredCrc?: number;
  /** Raw extra field bytes. */
  extra?: Uint8Array;
  /** Write external attributes 0 (no unix mode), as DOS-era writers do. */
  noMode?: boolean;
  /** More central records pointing at this entry's one local header and data (a non-recursive zip bomb). */
  aliases?: string[];
  /** The entry's comment in the central directory. */
  comment?: string;
}

const UNIX_MODE: Record<NonNullable<ZipEntrySpec["type"]>, number> = {
  file: 0o100644,
  directory: 0o040755,
  symlink: 0o120777,
  fifo: 0o010644,
};

export function buildZip(specs: ZipEntrySpec[], options: { comment?: string } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of specs) {
    const name = typeof spec.name === "string" ? Buffer.from(spec.name, "utf8") : Buffer.from(spec.name);
    const data = typeof spec.data === "string" ? Buffer.from(spec.data, "utf8") : Buffer.from(spec.data ?? []);
    const type = spec.type ?? (name[name.length - 1] === 0x2f ? "directory" : "file");
    const deflate = (spec.deflate ?? true) && type === "file";
    const body = deflate ? deflateRawSync(data) : data;
    const crc = crc32(data);
    const extra = Buffer.from(spec.extra ?? []);
    const method = deflate ? 8 : 0;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const localRecord = Buffer.concat([local, name, extra, body]);
    locals.push(localRecord);

    for (const centralName of [name, ...(spec.aliases ?? []).map((alias) => Buffer.from(alias, "utf8"))]) {
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE((3 << 8) | 20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(0x0800, 8);
      central.writeUInt16LE(method, 10);
      central.writeUInt16LE(0, 12);
      central.writeUInt16LE(0x21, 14);
      central.writeUInt32LE(spec.declaredCrc ?? crc, 16);
      central.writeUInt32LE(body.length, 20);
      central.writeUInt32LE(spec.declaredSize ?? data.length, 24);
      central.writeUInt16LE(centralName.length, 28);
      central.writeUInt16LE(extra.length, 30);
      const comment = Buffer.from(spec.comment ?? "", "utf8");
      central.writeUInt16LE(comment.length, 32);
      central.writeUInt32LE(spec.noMode ? 0 : ((UNIX_MODE[type] << 16) | (type === "directory" ? 0x10 : 0)) >>> 0, 38);
      central.writeUInt32LE(offset, 42);
      centrals.push(Buffer.concat([central, centralName, extra, comment]));
    }
    offset += localRecord.length;
  }
  const directory = Buffer.concat(centrals);
  return Buffer.concat([...locals, directory, ...endRecords(centrals.length, directory.length, offset, Buffer.from(options.comment ?? "", "utf8"))]);
}

/** The end of central directory record, preceded by zip64's end record and locator when the count needs them. */
function endRecords(count: number, directoryBytes: number, directoryOffset: number, comment: Buffer): Buffer[] {
  const records: Buffer[] = [];
  if (count >= 0xffff) {
    const zip64 = Buffer.alloc(56);
    zip64.writeUInt32LE(0x06064b50, 0);
    zip64.writeBigUInt64LE(44n, 4);
    zip64.writeUInt16LE(45, 12);
    zip64.writeUInt16LE(45, 14);
    zip64.writeBigUInt64LE(BigInt(count), 24);
    zip64.writeBigUInt64LE(BigInt(count), 32);
    zip64.writeBigUInt64LE(BigInt(directoryBytes), 40);
    zip64.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryOffset + directoryBytes), 8);
    locator.writeUInt32LE(1, 16);
    records.push(zip64, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, 0xffff), 8);
  end.writeUInt16LE(Math.min(count, 0xffff), 10);
  end.writeUInt32LE(directoryBytes, 12);
  end.writeUInt32LE(directoryOffset, 16);
  end.writeUInt16LE(comment.length, 20);
  records.push(end, comment);
  return records;
}

/** Info-ZIP Unicode Path extra field (0x7075) naming `name`. */
export function unicodePathField(name: string): Uint8Array {
  const utf8 = Buffer.from(name, "utf8");
  const field = Buffer.alloc(9);
  field.writeUInt16LE(0x7075, 0);
  field.writeUInt16LE(5 + utf8.length, 2);
  field.writeUInt8(1, 4);
  field.writeUInt32LE(crc32(utf8), 5);
  return Buffer.concat([field, utf8]);
}

export interface TarEntrySpec {
  name: string;
  data?: string | Uint8Array;
  type?: "file" | "directory" | "symlink" | "link" | "fifo" | "character-device";
  linkname?: string;
}

export async function buildTar(specs: TarEntrySpec[], options: { gzip?: boolean } = {}): Promise<Buffer> {
  const pack = tar.pack();
  const collected = (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk);
    return Buffer.concat(chunks);
  })();
  for (const spec of specs) {
    const data = typeof spec.data === "string" ? Buffer.from(spec.data, "utf8") : Buffer.from(spec.data ?? []);
    const type = spec.type ?? "file";
    await new Promise<void>((resolve, reject) => {
      pack.entry(
        { name: spec.name, type, size: type === "file" ? data.length : 0, linkname: spec.linkname, mode: type === "directory" ? 0o755 : 0o644 },
        type === "file" ? data : undefined,
        (error) => (error ? reject(error) : resolve()),
      );
    });
  }
  pack.finalize();
  const archive = await collected;
  return options.gzip ? gzipSync(archive) : archive;
}

/**
 * Replace the name of the ustar header whose name is `placeholder` by `bytes` (same length at
 * most, so invalid UTF-8 can be planted) and fix the header checksum.
 */
export function patchTarName(archive: Buffer, placeholder: string, bytes: Uint8Array): Buffer {
  const patched = Buffer.from(archive);
  for (let header = 0; header + 512 <= patched.length; header += 512) {
    if (patched.subarray(header, header + placeholder.length).toString("latin1") !== placeholder) continue;
    patched.fill(0, header, header + 100);
    patched.set(bytes, header);
    patched.fill(0x20, header + 148, header + 156);
    let sum = 0;
    for (let i = header; i < header + 512; i += 1) sum += patched[i] ?? 0;
    patched.write(`${sum.toString(8).padStart(6, "0")}\0 `, header + 148, "latin1");
    return patched;
  }
  throw new Error(`no header named ${placeholder}`);
}

/** A fresh temp dir per test; `cleanup()` removes it. */
export async function tempDir(): Promise<{ dir: string; file(name: string, bytes: Uint8Array): Promise<string>; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "harness-audit-archive-"));
  return {
    dir,
    async file(name, bytes) {
      const path = join(dir, name);
      await writeFile(path, bytes);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Concatenate everything `read()` yields. */
export async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}
