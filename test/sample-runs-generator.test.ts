import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateSampleRuns } from "../scripts/make-sample-runs.js";

const COMMITTED = path.join(import.meta.dirname, "..", "sample-runs");
const scratch = mkdtempSync(path.join(tmpdir(), "ha-samples-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file below `root` (relative, sorted), without `.git` folders (git cannot hold them). */
function files(root: string, relative = ""): string[] {
  return readdirSync(path.join(root, relative), { withFileTypes: true })
    .filter((entry) => entry.name !== ".git")
    .flatMap((entry) => {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      return entry.isDirectory() ? files(root, child) : [child];
    })
    .sort();
}

describe("scripts/make-sample-runs.ts", () => {
  it("writes exactly the committed sample runs and admission records", () => {
    const root = path.join(scratch, "sample-runs");
    generateSampleRuns(root);
    // README.md and expected/ are written by hand.
    const committed = files(COMMITTED).filter((file) => file !== "README.md" && !file.startsWith("expected/"));
    expect(committed.every((file) => file.startsWith("admissions/") || file.startsWith("harness-runs/"))).toBe(true);
    expect(files(root)).toEqual(committed);
    for (const file of committed) expect(readFileSync(path.join(root, file), "utf8"), file).toBe(readFileSync(path.join(COMMITTED, file), "utf8"));
  });
});
