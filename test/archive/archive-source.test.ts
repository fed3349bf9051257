/** Behaviour every archive format shares, run against zip, tar and tar.gz built per test. */
import { createHash } from "node:crypto";
import { readdirSync, readlinkSync, realpathSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { openArchiveSource, type ArchiveSource } from "../../src/evidence/archive/index.js";
import { readAll } from "./build-archives.js";
import { FORMATS, RUN_A, RUN_B, TWO_RUN_ROOT, writeArchive, type EntrySpec, type Format } from "./fixtures.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function open(format: Format, specs: EntrySpec[], options: { maxEntryBytes?: number; maxEntries?: number } = {}) {
  const { path, temp } = await writeArchive(format, specs);
  const source = await openArchiveSource(path, { maxEntryBytes: options.maxEntryBytes ?? 1_000_000, maxEntries: options.maxEntries });
  cleanups.push(async () => {
    await source.close();
    await temp.cleanup();
  });
  return { source, path };
}

async function text(source: ArchiveSource, path: string): Promise<string> {
  return (await readAll(source.read(path))).toString("utf8");
}

/** `length` characters of hex digests: text that gzip cannot shrink much below half. */
function incompressible(length: number): string {
  let text = "";
  for (let i = 0; text.length < length; i++) text += createHash("sha256").update(String(i)).digest("hex");
  return text.slice(0, length);
}

/** How many of this process's file descriptors point at `file` (Linux /proc). */
function openDescriptors(file: string): number {
  const target = realpathSync(file);
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === target;
    } catch {
      return false;
    }
  }).length;
}

describe.each(FORMATS)("%s archive source", (format) => {
  it("lists a harness-runs root with two runs, synthesising parent directories, sorted", async () => {
    const { source } = await open(format, TWO_RUN_ROOT);
    expect(source.isArchive).toBe(true);
    expect(source.format).toBe(format);
    const { entries, rejected } = await source.list();
    expect(rejected).toEqual([]);
    expect(entries).toEqual([
      { path: "harness-runs", type: "directory", size: 0 },
      { path: `harness-runs/${RUN_A}`, type: "directory", size: 0 },
      { path: `harness-runs/${RUN_A}/backend`, type: "directory", size: 0 },
      { path: `harness-runs/${RUN_A}/backend/case-data`, type: "directory", size: 0 },
      { path: `harness-runs/${RUN_A}/backend/case-data/config.json`, type: "file", size: 32 },
      { path: `harness-runs/${RUN_A}/report.json`, type: "file", size: 35 },
      { path: `harness-runs/${RUN_A}/report.md`, type: "file", size: 25 },
      { path: `harness-runs/${RUN_A}/trace.jsonl`, type: "file", size: 46 },
      { path: `harness-runs/${RUN_B}`, type: "directory", size: 0 },
      { path: `harness-runs/${RUN_B}/backend`, type: "directory", size: 0 },
      { path: `harness-runs/${RUN_B}/backend/provider-model-not-admitted.txt`, type: "file", size: 13 },
      { path: `harness-runs/${RUN_B}/report.json`, type: "file", size: 20 },
    ]);
  });

  it("lists a single run stored as ./ with explicit directories, normalised", async () => {
    const { source } = await open(format, [
      { name: "./", type: "directory" },
      { name: "./report.json", data: "{}" },
      { name: "./backend/", type: "directory" },
      { name: "./backend/logs/", type: "directory" },
      { name: "./backend/logs/deep/case.log", data: "log" },
    ]);
    const { entries, rejected } = await source.list();
    expect(rejected).toEqual([]);
    expect(entries.map((e) => `${e.type}:${e.path}`)).toEqual([
      "directory:backend",
      "directory:backend/logs",
      "directory:backend/logs/deep",
      "file:backend/logs/deep/case.log",
      "file:report.json",
    ]);
    expect(await text(source, "backend/logs/deep/case.log")).toBe("log");
  });

  it("reports symlinks and fifos as such, refuses to read them, and rejects entries below a symlink", async () => {
    const { source } = await open(format, [
      { name: "run/report.json", data: "{}" },
      { name: "run/backend", type: "symlink", linkname: "/etc" },
      { name: "run/backend/passwd", data: "root:x:0:0" },
      { name: "run/pipe", type: "fifo" },
    ]);
    const { entries, rejected } = await source.list();
    expect(entries).toContainEqual({ path: "run/backend", type: "symlink", size: 0 });
    expect(entries).toContainEqual({ path: "run/pipe", type: "other", size: 0 });
    expect(entries.map((e) => e.path)).not.toContain("run/backend/passwd");
    expect(rejected).toEqual([{ rawName: "run/backend/passwd", reason: "path-escape" }]);
    await expect(readAll(source.read("run/backend"))).rejects.toMatchObject({ code: "NOT_A_FILE" });
    await expect(readAll(source.read("run"))).rejects.toMatchObject({ code: "NOT_A_FILE" });
  });

  it("never exposes zip-slip, absolute, drive or UNC names", async () => {
    const { source } = await open(format, [
      { name: "run/report.json", data: "{}" },
      { name: "../../evil", data: "x" },
      { name: "run/../../evil2", data: "x" },
      { name: "/etc/passwd", data: "x" },
      { name: "C:\\Windows\\evil.txt", data: "x" },
      { name: "C:/evil.txt", data: "x" },
      { name: "\\\\server\\share\\evil", data: "x" },
      { name: "run\\..\\..\\evil", data: "x" },
    ]);
    const { entries, rejected } = await source.list();
    expect(entries.map((e) => e.path)).toEqual(["run", "run/report.json"]);
    expect(rejected).toEqual([
      { rawName: "../../evil", reason: "path-escape" },
      { rawName: "/etc/passwd", reason: "absolute-path" },
      { rawName: "C:/evil.txt", reason: "absolute-path" },
      { rawName: "C:\\\\Windows\\\\evil.txt", reason: "absolute-path" },
      { rawName: "\\\\\\\\server\\\\share\\\\evil", reason: "absolute-path" },
      { rawName: "run/../../evil2", reason: "path-escape" },
      { rawName: "run\\\\..\\\\..\\\\evil", reason: "path-escape" },
    ]);
    await expect(readAll(source.read("../../evil"))).rejects.toMatchObject({ code: "NO_SUCH_ENTRY" });
    await expect(readAll(source.read("evil"))).rejects.toMatchObject({ code: "NO_SUCH_ENTRY" });
  });

  it("keeps the later of two duplicate entries and rejects the earlier", async () => {
    const { source } = await open(format, [
      { name: "run/report.json", data: '{"status":"pass"}' },
      { name: "run/trace.jsonl", data: "" },
      { name: "./run/report.json", data: '{"status":"fail"}' },
    ]);
    const { entries, rejected } = await source.list();
    expect(entries.filter((e) => e.path === "run/report.json")).toHaveLength(1);
    expect(rejected).toEqual([{ rawName: "run/report.json", reason: "invalid-name" }]);
    expect(await text(source, "run/report.json")).toBe('{"status":"fail"}');
  });

  it("yields at most maxEntryBytes + 1 bytes of an entry over the cap, and its true size in list()", async () => {
    const big = "0123456789".repeat(10_000);
    const { source } = await open(format, [{ name: "big.log", data: big }, { name: "small.txt", data: "ok" }], { maxEntryBytes: 1000 });
    const { entries } = await source.list();
    expect(entries.find((e) => e.path === "big.log")?.size).toBe(100_000);
    const bytes = await readAll(source.read("big.log"));
    expect(bytes.length).toBe(1001);
    expect(bytes.toString()).toBe(big.slice(0, 1001));
    expect(await text(source, "small.txt")).toBe("ok");
  });

  it("reads every file in list() order, with the right bytes", async () => {
    const { source } = await open(format, TWO_RUN_ROOT);
    const { entries } = await source.list();
    const files = entries.filter((e) => e.type === "file");
    for (const file of files) {
      const expected = TWO_RUN_ROOT.find((spec) => spec.name === file.path)?.data;
      expect(await text(source, file.path)).toBe(expected);
    }
    expect(files).toHaveLength(TWO_RUN_ROOT.length);
  });

  it("reads files out of order, and the same file twice", async () => {
    const { source } = await open(format, TWO_RUN_ROOT);
    const paths = TWO_RUN_ROOT.map((spec) => spec.name);
    for (const path of [...paths].reverse().concat(paths[2] ?? "", paths[2] ?? "", paths[0] ?? "")) {
      expect(await text(source, path)).toBe(TWO_RUN_ROOT.find((spec) => spec.name === path)?.data);
    }
  });

  it("rejects an archive with more entries than maxEntries", async () => {
    const specs = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.txt`, data: "x" }));
    const { source } = await open(format, specs, { maxEntries: 3 });
    await expect(source.list()).rejects.toMatchObject({ code: "TOO_MANY_ENTRIES" });
  });

  it.runIf(process.platform === "linux")("close() releases every file handle, also mid-read", async () => {
    // The file must still be open mid-read whatever the scheduling: the reader pulls one chunk
    // and the streams before it stop at their buffers' limits, so an archive much larger than
    // those, even compressed, cannot have been read to its end and closed yet. It used to hold
    // 300,000 × "y", which gzips to 744 bytes: that was read whole, and closed, before the first
    // chunk arrived in 5 of 30 runs.
    const big = incompressible(512 << 10);
    const { source, path } = await open(format, [{ name: "a.txt", data: big }, { name: "b.txt", data: big }], { maxEntryBytes: 1 << 20 });
    await source.list();
    const reader = source.read("a.txt")[Symbol.asyncIterator]();
    expect((await reader.next()).done).toBe(false);
    expect(openDescriptors(path)).toBeGreaterThan(0);
    await source.close();
    expect(openDescriptors(path)).toBe(0);
    await expect(source.list()).rejects.toMatchObject({ code: "SOURCE_CLOSED" });
    await expect(readAll(source.read("b.txt"))).rejects.toMatchObject({ code: "SOURCE_CLOSED" });
    await source.close();
  });
});
