/** What only a tar can get wrong: sequential cursor cost, header encodings, truncation. */
import { writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { openArchiveSource, type ArchiveSource } from "../../src/evidence/archive/index.js";
import { tarKindOf } from "../../src/evidence/archive/tar-reader.js";
import { tarEntryType } from "../../src/evidence/archive/tar-source.js";
import { buildTar, patchTarName, readAll, tempDir } from "./build-archives.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function openBytes(bytes: Buffer, name: string, maxEntryBytes = 1_000_000) {
  const temp = await tempDir();
  const path = await temp.file(name, bytes);
  const source = await openArchiveSource(path, { maxEntryBytes });
  cleanups.push(async () => {
    await source.close();
    await temp.cleanup();
  });
  return { source, path };
}

const FILES = Array.from({ length: 6 }, (_, i) => ({ name: `run/file-${i}.txt`, data: `content of file ${i}\n`.repeat(i + 1) }));

async function readEverything(source: ArchiveSource, paths: string[]) {
  for (const path of paths) {
    expect((await readAll(source.read(path))).toString()).toBe(FILES.find((f) => f.name === path)?.data);
  }
}

describe.each([false, true])("tar source (gzip: %s)", (gzip) => {
  const name = gzip ? "artifact.tar.gz" : "artifact.tar";

  it("reads a path-ordered archive in list() order in one pass after the list pass", async () => {
    const { source } = await openBytes(await buildTar(FILES, { gzip }), name);
    const files = (await source.list()).entries.filter((e) => e.type === "file").map((e) => e.path);
    expect(source.stats.passes).toBe(1);
    await readEverything(source, files);
    expect(source.stats.passes).toBe(2);
  });

  it("restarts once per step back when archive order is the reverse of path order", async () => {
    const { source } = await openBytes(await buildTar([...FILES].reverse(), { gzip }), name);
    const files = (await source.list()).entries.filter((e) => e.type === "file").map((e) => e.path);
    await readEverything(source, files);
    expect(source.stats.passes).toBe(1 + FILES.length);
  });

  it("readOrder() gives archive order, which costs one pass whatever the order", async () => {
    const shuffled = [FILES[3], FILES[0], FILES[5], FILES[1], FILES[4], FILES[2]].map((f) => f!);
    const { source } = await openBytes(await buildTar(shuffled, { gzip }), name);
    const order = await source.readOrder();
    expect(order).toEqual(shuffled.map((f) => f.name));
    await readEverything(source, order);
    expect(source.stats.passes).toBe(2);
  });

  it("keeps the cursor when a read is abandoned midway, and the next read is still right", async () => {
    const big = "z".repeat(400_000);
    const { source } = await openBytes(await buildTar([{ name: "a.log", data: big }, { name: "b.log", data: "after" }], { gzip }), name);
    await source.list();
    for await (const chunk of source.read("a.log")) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect((await readAll(source.read("b.log"))).toString()).toBe("after");
    expect(source.stats.passes).toBe(2);
  });

  it("serves interleaved reads from separate passes", async () => {
    const big = "q".repeat(400_000);
    const { source } = await openBytes(await buildTar([{ name: "a.log", data: big }, { name: "b.log", data: "bee" }], { gzip }), name);
    await source.list();
    const first = source.read("a.log")[Symbol.asyncIterator]();
    const head = await first.next();
    expect(head.done).toBe(false);
    expect((await readAll(source.read("b.log"))).toString()).toBe("bee");
    const rest: Buffer[] = [Buffer.from(head.value as Uint8Array)];
    for (let next = await first.next(); !next.done; next = await first.next()) rest.push(Buffer.from(next.value));
    expect(Buffer.concat(rest).toString()).toBe(big);
  });

  it("rejects a ustar name that is not UTF-8", async () => {
    const archive = await buildTar([{ name: "run/PLACEHOLDER", data: "x" }, { name: "run/ok", data: "y" }]);
    const patched = patchTarName(archive, "run/PLACEHOLDER", Buffer.from([0x72, 0x75, 0x6e, 0x2f, 0xc3, 0x28]));
    const { source } = await openBytes(gzip ? gzipSync(patched) : patched, name);
    const { entries, rejected } = await source.list();
    expect(entries.map((e) => e.path)).toEqual(["run", "run/ok"]);
    expect(rejected).toEqual([{ rawName: "run/\\xc3(", reason: "invalid-name" }]);
  });

  it("accepts UTF-8 names in ustar and in long PAX headers", async () => {
    const long = `run/${"répertoire-".repeat(15)}/trace.jsonl`;
    const { source } = await openBytes(await buildTar([{ name: "run/résumé.txt", data: "a" }, { name: long, data: "b" }], { gzip }), name);
    const { entries, rejected } = await source.list();
    expect(rejected).toEqual([]);
    expect(entries.map((e) => e.path)).toContain("run/résumé.txt");
    expect(entries.map((e) => e.path)).toContain(long);
    expect((await readAll(source.read(long))).toString()).toBe("b");
  });

  it("lists hard links and devices as other", async () => {
    const { source } = await openBytes(
      await buildTar([{ name: "a", data: "x" }, { name: "b", type: "link", linkname: "a" }, { name: "tty", type: "character-device" }], { gzip }),
      name,
    );
    expect((await source.list()).entries.map((e) => `${e.path}:${e.type}`)).toEqual(["a:file", "b:other", "tty:other"]);
  });

  it("lists what precedes a truncation, reports the rest as unread, and fails reading the cut entry", async () => {
    const archive = await buildTar(FILES);
    const truncated = archive.subarray(0, 512 + 10);
    const { source } = await openBytes(gzip ? gzipSync(truncated) : truncated, name);
    const { entries, rejected } = await source.list();
    expect(entries.map((e) => e.path)).toEqual(["run", "run/file-0.txt"]);
    expect(rejected).toEqual([{ rawName: "", reason: "unreadable-rest", detail: expect.stringMatching(/ends inside an entry/) }]);
    await expect(readAll(source.read("run/file-0.txt"))).rejects.toMatchObject({ code: "ARCHIVE_CORRUPT" });
  });

  it("fails with ARCHIVE_CORRUPT when not even one entry can be read", async () => {
    const archive = await buildTar(FILES);
    const truncated = archive.subarray(0, 300);
    const { source } = await openBytes(gzip ? gzipSync(truncated) : truncated, name);
    await expect(source.list()).rejects.toMatchObject({ code: "ARCHIVE_CORRUPT" });
  });

  it("fails with ARCHIVE_CHANGED when the file changed between list() and read()", async () => {
    const { source, path } = await openBytes(await buildTar(FILES, { gzip }), name);
    await source.list();
    const other = await buildTar(FILES.map((f) => ({ ...f, name: f.name.replace("run/", "other/") })), { gzip });
    await writeFile(path, other);
    await expect(readAll(source.read("run/file-2.txt"))).rejects.toMatchObject({ code: "ARCHIVE_CHANGED" });
  });
});

describe("tar.gz source", () => {
  it("fails with ARCHIVE_CORRUPT on gzip magic followed by garbage", async () => {
    const { source } = await openBytes(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9]), "x.tgz");
    await expect(source.list()).rejects.toMatchObject({ code: "ARCHIVE_CORRUPT" });
  });

  it("fails with ARCHIVE_CORRUPT on a gzip that does not hold a tar", async () => {
    const { source } = await openBytes(gzipSync(Buffer.from("plain text, not a tar ".repeat(100))), "x.tgz");
    await expect(source.list()).rejects.toMatchObject({ code: "ARCHIVE_CORRUPT" });
  });
});

describe("tar type flags", () => {
  it.each([
    ["0", "file"],
    ["\0", "file"],
    ["7", "file"],
    ["5", "directory"],
    ["2", "symlink"],
    ["1", "other"],
    ["3", "other"],
    ["4", "other"],
    ["6", "other"],
    ["S", "other"],
  ] as const)("%j → %s", (flag, expected) => {
    expect(tarEntryType(tarKindOf(flag))).toBe(expected);
  });
});
