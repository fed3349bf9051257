/** Our tar parser: numbers, PAX records, extended headers over the cap, and any bytes at all. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArchiveError } from "../../src/evidence/archive/archive-error.js";
import { MAX_EXTENDED_HEADER_BYTES, parseNumber, parsePax, TarReader, type TarHeader } from "../../src/evidence/archive/tar-reader.js";
import { paxRecord, tarHeader } from "../hostile/kit.js";

const pad = (size: number) => Buffer.alloc((512 - (size % 512)) % 512);
const entry = (name: string, data: string, typeflag = "0") => {
  const bytes = Buffer.from(data);
  return Buffer.concat([tarHeader(name, bytes.length, typeflag), bytes, pad(bytes.length)]);
};

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Every entry's header and data, read through the reader in chunks of `chunkSize`. */
async function readAll(bytes: Buffer, chunkSize = 512): Promise<Array<TarHeader & { text: string; bytes: number; nameText: string }>> {
  const reader = new TarReader(chunked(bytes, chunkSize)[Symbol.asyncIterator]());
  const out: Array<TarHeader & { text: string; bytes: number; nameText: string }> = [];
  for (let item = await reader.next(); item; item = await reader.next()) {
    const parts: Uint8Array[] = [];
    for await (const part of item.data) parts.push(part);
    const data = Buffer.concat(parts);
    out.push({ ...item.header, text: data.toString(), bytes: data.length, nameText: item.header.name.toString() });
  }
  return out;
}

describe("tar reader", () => {
  it("parses octal and GNU base-256 numbers, and refuses what is neither", () => {
    const field = (bytes: number[] | string) => {
      const block = Buffer.alloc(512);
      if (typeof bytes === "string") block.write(bytes, 124, "latin1");
      else Buffer.from(bytes).copy(block, 124);
      return block;
    };
    expect(parseNumber(field("00000001750\0"), 124, 12)).toBe(1000);
    expect(parseNumber(field("  1750 "), 124, 12)).toBe(1000);
    expect(parseNumber(field(""), 124, 12)).toBe(0);
    expect(parseNumber(field([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00]), 124, 12)).toBe(65536);
    for (const bad of [field("0009\0"), field([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), field([0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])]) {
      expect(() => parseNumber(bad, 124, 12)).toThrow(ArchiveError);
    }
  });

  it("parses PAX records (NUL padding after the last allowed) and refuses malformed ones", () => {
    const records = Buffer.from("18 path=run/a.txt\n11 size=42\n\0\0\0");
    const parsed = parsePax(records, new Map());
    expect(parsed.get("path")?.toString()).toBe("run/a.txt");
    expect(parsed.get("size")?.toString()).toBe("42");
    for (const bad of ["5 path=x\n", "19 path=run/a.txt ", "x path=y\n", "10 novalue\n", "11 size=42\nno length\n", "11 size=42\nxyz"]) {
      expect(() => parsePax(Buffer.from(bad), new Map())).toThrow(ArchiveError);
    }
  });

  it("parses any PAX bytes to records or an ArchiveError, always moving on (a record that did not made it loop forever)", () => {
    const record = fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 12 })).map(([k, v]) => {
      const body = ` ${k}=${v}\n`;
      const bytes = Buffer.byteLength(body);
      let length = bytes + String(bytes).length;
      if (String(length).length !== String(length - String(bytes).length).length) length += 1;
      return `${length}${body}`;
    });
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.array(record, { maxLength: 4 }).map((r) => Buffer.from(r.join(""))));
    fc.assert(
      fc.property(bytes, fc.array(fc.tuple(fc.nat(63), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), (input, flips) => {
        const data = Buffer.from(input);
        for (const [at, value] of flips) if (at < data.length) data[at] = value;
        try {
          parsePax(data, new Map());
        } catch (error) {
          expect(error).toBeInstanceOf(ArchiveError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("takes the name and size a PAX header gives, and the name of a GNU long name", async () => {
    const long = `run/${"d".repeat(150)}/trace.jsonl`;
    const pax = `${String(`${long.length + 7}`.length + long.length + 7)} path=${long}\n`;
    const archive = Buffer.concat([
      entry("PaxHeader", pax, "x"),
      entry("ignored-by-pax", "pax-named"),
      entry("././@LongLink", `${long}.gnu\0`, "L"),
      entry("ignored-by-gnu", "gnu-named"),
      entry("run/folder/", "", "0"),
      Buffer.alloc(1024),
    ]);
    const entries = await readAll(archive, 100);
    expect(entries.map((e) => [e.nameText, e.kind, e.text, e.paxName])).toEqual([
      [long, "file", "pax-named", true],
      [`${long}.gnu`, "file", "gnu-named", false],
      ["run/folder/", "directory", "", false],
    ]);
  });

  it("skips an extended header over the cap without holding it, marks the entry it describes, and reads on", async () => {
    const size = MAX_EXTENDED_HEADER_BYTES + 1;
    const record = paxRecord("comment", size);
    const archive = Buffer.concat([
      tarHeader("PaxHeader", record.size, "x"),
      Buffer.from(record.head),
      Buffer.alloc(size, 0x41),
      Buffer.from("\n"),
      pad(record.size),
      entry("run/described.log", "one"),
      entry("run/next.log", "two"),
      Buffer.alloc(1024),
    ]);
    const entries = await readAll(archive, 64 * 1024);
    expect(entries.map((e) => [e.nameText, e.oversizedHeader, e.text])).toEqual([
      ["run/described.log", true, "one"],
      ["run/next.log", false, "two"],
    ]);
  });

  it("reads entries after an end-of-archive marker too: nothing hides behind two blocks of zeros", async () => {
    const archive = Buffer.concat([entry("run/a", "a"), Buffer.alloc(1024), entry("run/hidden", "b"), Buffer.alloc(1024)]);
    expect((await readAll(archive)).map((e) => e.nameText)).toEqual(["run/a", "run/hidden"]);
  });

  it("never throws anything but an ArchiveError, whatever the bytes, and never hands out more than a header's size", async () => {
    const base = Buffer.concat([entry("run/a.txt", "hello"), entry("PaxHeader", "11 size=99\n", "x"), entry("run/b.txt", "x".repeat(99)), Buffer.alloc(1024)]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.integer({ min: 1, max: 700 }), async (flips, chunk) => {
        const bytes = Buffer.from(base);
        for (const [at, value] of flips) bytes[at] = value;
        try {
          for (const e of await readAll(bytes, chunk)) expect(e.bytes).toBe(e.size);
        } catch (error) {
          expect(error).toBeInstanceOf(ArchiveError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
