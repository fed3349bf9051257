/** What only a zip can get wrong: lying central directory, attributes, Unicode Path field. */
import { afterEach, describe, expect, it } from "vitest";
import { openArchiveSource } from "../../src/evidence/archive/index.js";
import { zipEntryType } from "../../src/evidence/archive/zip-source.js";
import { buildZip as buildZipWithAliases } from "../hostile/kit.js";
import { buildZip, readAll, tempDir, unicodePathField, type ZipEntrySpec } from "./build-archives.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function openZip(specs: ZipEntrySpec[], options: { maxEntryBytes?: number; maxEntries?: number } = {}) {
  const temp = await tempDir();
  const path = await temp.file("artifact.zip", buildZip(specs));
  const source = await openArchiveSource(path, { maxEntryBytes: options.maxEntryBytes ?? 1_000_000, maxEntries: options.maxEntries });
  cleanups.push(async () => {
    await source.close();
    await temp.cleanup();
  });
  return source;
}

const payload = "secret-free payload ".repeat(500);

describe("zip source", () => {
  it("rejects every entry whose data overlaps another's, before inflating any, and keeps the others", async () => {
    const temp = await tempDir();
    const zip = buildZipWithAliases([
      { name: "run/ok.txt", data: Buffer.from("fine") },
      { name: "run/bomb-0.log", data: Buffer.from(payload), aliases: ["run/bomb-1.log", "run/bomb-2.log"] },
      { name: "run/after.txt", data: Buffer.from("also fine") },
    ]);
    const source = await openArchiveSource(await temp.file("artifact.zip", zip), { maxEntryBytes: 1_000_000, maxArchiveBytes: 100 });
    cleanups.push(async () => {
      await source.close();
      await temp.cleanup();
    });
    const { entries, rejected } = await source.list();
    expect(entries.filter((e) => e.type === "file").map((e) => e.path)).toEqual(["run/after.txt", "run/ok.txt"]);
    expect(rejected).toEqual(["run/bomb-0.log", "run/bomb-1.log", "run/bomb-2.log"].map((rawName) => ({ rawName, reason: "overlapping-data" })));
    // A budget of 100 bytes: nothing of the 10 KB bomb stream was ever inflated.
    expect((await readAll(source.read("run/ok.txt"))).toString()).toBe("fine");
  });

  it("stops at the inflate budget, for every read after it too", async () => {
    const source = await openZip([
      { name: "a.log", data: payload },
      { name: "b.log", data: "small" },
    ]);
    const budgeted = await openArchiveSource((source as unknown as { label: string }).label, { maxEntryBytes: 1_000_000, maxArchiveBytes: 5000 });
    cleanups.push(() => budgeted.close());
    await expect(readAll(budgeted.read("a.log"))).rejects.toMatchObject({ code: "INFLATE_BUDGET_EXCEEDED" });
    await expect(readAll(budgeted.read("b.log"))).rejects.toMatchObject({ code: "INFLATE_BUDGET_EXCEEDED" });
  });

  it("throws ENTRY_SIZE_MISMATCH when an entry inflates past its declared size", async () => {
    for (const deflate of [true, false]) {
      const source = await openZip([{ name: "trace.jsonl", data: payload, declaredSize: 100, deflate }]);
      expect((await source.list()).entries).toContainEqual({ path: "trace.jsonl", type: "file", size: 100 });
      await expect(readAll(source.read("trace.jsonl"))).rejects.toMatchObject({ code: "ENTRY_SIZE_MISMATCH" });
    }
  });

  it("throws ENTRY_SIZE_MISMATCH when an entry ends before its declared size", async () => {
    const source = await openZip([{ name: "trace.jsonl", data: payload, declaredSize: payload.length + 5 }]);
    await expect(readAll(source.read("trace.jsonl"))).rejects.toMatchObject({ code: "ENTRY_SIZE_MISMATCH" });
  });

  it("stops at the cap before it can tell that an oversize entry lies", async () => {
    const source = await openZip([{ name: "big.log", data: payload, declaredSize: payload.length + 5 }], { maxEntryBytes: 10 });
    expect((await readAll(source.read("big.log"))).length).toBe(11);
  });

  it("throws ENTRY_CHECKSUM_MISMATCH when the CRC-32 does not match", async () => {
    const source = await openZip([{ name: "report.json", data: "{}", declaredCrc: 12345 }]);
    await expect(readAll(source.read("report.json"))).rejects.toMatchObject({ code: "ENTRY_CHECKSUM_MISMATCH" });
  });

  it("reads an empty file", async () => {
    const source = await openZip([{ name: "empty.txt", data: "" }]);
    expect((await readAll(source.read("empty.txt"))).length).toBe(0);
  });

  it("refuses the entry count from the end record before listing anything", async () => {
    const source = await openZip(Array.from({ length: 4 }, (_, i) => ({ name: `f${i}`, data: "x" })), { maxEntries: 3 });
    await expect(source.list()).rejects.toMatchObject({ code: "TOO_MANY_ENTRIES" });
    expect(source.stats.passes).toBe(0);
  });

  it("rejects names that are not UTF-8, keeping the raw bytes printable", async () => {
    const source = await openZip([{ name: Uint8Array.of(0x72, 0x75, 0x6e, 0x2f, 0xff, 0xfe), data: "x" }, { name: "ok.txt", data: "x" }]);
    const { entries, rejected } = await source.list();
    expect(entries.map((e) => e.path)).toEqual(["ok.txt"]);
    expect(rejected).toEqual([{ rawName: "run/\\xff\\xfe", reason: "invalid-name" }]);
  });

  it("rejects a name whose Unicode Path field says something else, accepts one that agrees", async () => {
    const source = await openZip([
      { name: "report.json", data: "x", extra: unicodePathField("../../evil") },
      { name: "trace.jsonl", data: "x", extra: unicodePathField("trace.jsonl") },
    ]);
    const { entries, rejected } = await source.list();
    expect(entries.map((e) => e.path)).toEqual(["trace.jsonl"]);
    expect(rejected).toEqual([{ rawName: "report.json", reason: "invalid-name" }]);
  });

  it("takes the type from the name when no unix mode is stored", async () => {
    const source = await openZip([
      { name: "logs/", type: "directory", noMode: true },
      { name: "logs/a.log", data: "x", noMode: true },
    ]);
    expect((await source.list()).entries).toEqual([
      { path: "logs", type: "directory", size: 0 },
      { path: "logs/a.log", type: "file", size: 1 },
    ]);
  });

  it("fails with ENTRY_UNREADABLE on an unsupported compression method", async () => {
    const zip = buildZip([{ name: "a.txt", data: "hello", deflate: false }]);
    // Compression method 99 (AES) in the central directory record.
    zip.writeUInt16LE(99, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    const temp = await tempDir();
    cleanups.push(temp.cleanup);
    const source = await openArchiveSource(await temp.file("a.zip", zip), { maxEntryBytes: 100 });
    cleanups.push(() => source.close());
    await expect(readAll(source.read("a.txt"))).rejects.toMatchObject({ code: "ENTRY_UNREADABLE" });
  });

  it("fails with ARCHIVE_CORRUPT on a .zip that is not a zip", async () => {
    const temp = await tempDir();
    cleanups.push(temp.cleanup);
    const path = await temp.file("a.zip", Buffer.from("this is not an archive at all, only text"));
    await expect(openArchiveSource(path, { maxEntryBytes: 100 })).rejects.toMatchObject({ code: "ARCHIVE_CORRUPT" });
  });
});

describe("zipEntryType", () => {
  const slash = Buffer.from("d/");
  const plain = Buffer.from("f");
  it.each([
    [0o120777 << 16, plain, "symlink"],
    [0o120777 << 16, slash, "symlink"],
    [0o040755 << 16, plain, "directory"],
    [0o100644 << 16, slash, "directory"],
    [0o100644 << 16, plain, "file"],
    [0o010644 << 16, plain, "other"],
    [0o060644 << 16, plain, "other"],
    [0x10, plain, "directory"],
    [0, plain, "file"],
  ])("attributes %o with name %s → %s", (attributes, name, type) => {
    expect(zipEntryType({ externalFileAttributes: attributes >>> 0 }, name)).toBe(type);
  });
});
