import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { findRunDirectories } from "../../src/discover/find-runs.js";
import { runDirectoriesOnDisk } from "../../src/discover/locate-runs.js";

const scratch = mkdtempSync(path.join(tmpdir(), "ha-locate-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Folder names: plain ones, run-named ones, and the `baseline` that holds a run's own report.json.
const name = fc.constantFrom("a", "b", "logs", "baseline", "20260601T013918Z-task-1", "20260602T000000Z-x-22");
const tree = fc.array(fc.record({ folders: fc.array(name, { minLength: 1, maxLength: 4 }), report: fc.boolean(), other: fc.boolean() }), { maxLength: 12 });

describe("runDirectoriesOnDisk", () => {
  it("finds the runs findRunDirectories finds in the whole tree, without descending into runs", async () => {
    let index = 0;
    await fc.assert(
      fc.asyncProperty(tree, fc.boolean(), async (items, rootReport) => {
        const root = path.join(scratch, String(index++));
        mkdirSync(root);
        const directories = new Set<string>([""]);
        const files: string[] = [];
        if (rootReport) {
          writeFileSync(path.join(root, "report.json"), "{}");
          files.push("report.json");
        }
        for (const item of items) {
          const folder = item.folders.join("/");
          mkdirSync(path.join(root, folder), { recursive: true });
          item.folders.forEach((_, depth) => directories.add(item.folders.slice(0, depth + 1).join("/")));
          for (const [wanted, file] of [[item.report, "report.json"], [item.other, "trace.jsonl"]] as const) {
            if (!wanted) continue;
            writeFileSync(path.join(root, folder, file), "{}");
            files.push(`${folder}/${file}`);
          }
        }
        expect(await runDirectoriesOnDisk(root)).toEqual(findRunDirectories(directories, files));
      }),
      { numRuns: 150 },
    );
  });

  it("does not follow a symbolic link to a run", async () => {
    const root = path.join(scratch, "links");
    mkdirSync(path.join(root, "real", "20260601T013918Z-task-1"), { recursive: true });
    writeFileSync(path.join(root, "real", "20260601T013918Z-task-1", "report.json"), "{}");
    mkdirSync(path.join(root, "elsewhere"));
    writeFileSync(path.join(root, "elsewhere", "report.json"), "{}");
    symlinkSync(path.join(root, "elsewhere"), path.join(root, "real", "linked"));
    symlinkSync(path.join(root, "elsewhere", "report.json"), path.join(root, "real", "a-report"));
    expect(await runDirectoriesOnDisk(path.join(root, "real"))).toEqual(["20260601T013918Z-task-1"]);
  });
});
