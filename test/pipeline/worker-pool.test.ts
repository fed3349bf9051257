import { describe, expect, it } from "vitest";
import type { FileScan, ScanFileOptions } from "../../src/pipeline/scan-file.js";
import { SmallFileBatches } from "../../src/pipeline/worker-pool.js";

const options = (file: string): ScanFileOptions => ({ file, keepText: false, trace: false, targetPaths: [] });
const scanOf = (file: string) => ({ bytes: file.length }) as unknown as FileScan;
const task = (file: string) => ({ absolutePath: `/x/${file}`, options: options(file), listed: { size: 10 } });

describe("SmallFileBatches", () => {
  it("sends the files asked for in one turn as one batch per thread, and gives each its own result or error", async () => {
    const sent: string[][] = [];
    const batches = new SmallFileBatches(2, async (files) => {
      sent.push(files.map((f) => f.task.options.file));
      return files.map((f) => (f.task.options.file === "bad" ? { error: "EACCES" } : { scan: scanOf(f.task.options.file) }));
    });
    const names = ["a", "bb", "bad", "dddd", "eeeee"];
    const results = await Promise.allSettled(names.map((name) => batches.scan(task(name), 10)));
    expect(sent).toEqual([["a", "bad", "eeeee"], ["bb", "dddd"]]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value.bytes : (r.reason as NodeJS.ErrnoException).code))).toEqual([1, 2, "EACCES", 4, 5]);
  });

  it("cuts batches by count and by bytes", async () => {
    const sizes: number[] = [];
    const batches = new SmallFileBatches(1, async (files) => {
      sizes.push(files.length);
      return files.map((f) => ({ scan: scanOf(f.task.options.file) }));
    });
    await Promise.all(Array.from({ length: 130 }, (_, i) => batches.scan(task(String(i)), 100)));
    expect(sizes).toEqual([44, 43, 43]);
    sizes.length = 0;
    await Promise.all(Array.from({ length: 8 }, (_, i) => batches.scan(task(String(i)), 200 * 1024)));
    expect(sizes).toEqual([4, 4]);
  });

  it("a file's error keeps its cause: a change of the evidence travels from the thread as data", async () => {
    const batches = new SmallFileBatches(1, async (files) => files.map(() => ({ error: "error", cause: { evidenceChange: "FILE_SHRANK", detail: "1 of 10 bytes" } })));
    const [result] = await Promise.allSettled([batches.scan(task("a"), 10)]);
    expect(result?.status === "rejected" && (result.reason as Error).cause).toEqual({ evidenceChange: "FILE_SHRANK", detail: "1 of 10 bytes" });
  });

  it("a batch that fails fails each of its files", async () => {
    const batches = new SmallFileBatches(1, async () => {
      throw Object.assign(new Error("gone"), { code: "ERR_WORKER_OUT_OF_MEMORY" });
    });
    const results = await Promise.allSettled([batches.scan(task("a"), 1), batches.scan(task("b"), 1)]);
    expect(results.map((r) => r.status === "rejected" && (r.reason as NodeJS.ErrnoException).code)).toEqual(["ERR_WORKER_OUT_OF_MEMORY", "ERR_WORKER_OUT_OF_MEMORY"]);
  });
});
