import { appendFileSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/cli.js";
import { fake } from "../helpers/fake-value.js";
import { freshRoot, leaks, NOW, patchReport, type Layout } from "./plant.js";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Token formats the scanner knows by their shape alone. */
const tokens = fc.oneof(
  fc.integer({ min: 1, max: 1e6 }).map((seed) => `ghp_${fake(36, seed)}`),
  fc.integer({ min: 1, max: 1e6 }).map((seed) => `AKIA${fake(16, seed, BASE32)}`),
  fc.integer({ min: 1, max: 1e6 }).map((seed) => `glpat-${fake(20, seed)}`),
);

/** Places a harness or an attacker can put a value; each returns the run's folder after planting. */
const PLACES: Record<string, (layout: Layout, token: string) => void> = {
  "a log line": ({ runDir }, token) => appendFileSync(path.join(runDir, "backend", "harness.log"), `auth ${token}\n`),
  "a trace event": ({ runDir }, token) =>
    appendFileSync(path.join(runDir, "trace.jsonl"), `${JSON.stringify({ ts: "2026-06-02T09:06:29Z", event: "note", text: token })}\n`),
  "the report's status": ({ runDir }, token) => patchReport(runDir, { status: token }),
  "the report's case_model": ({ runDir }, token) => patchReport(runDir, { case_model: `qwen3:${token}` }),
  "the report's marker": ({ runDir }, token) => patchReport(runDir, { marker: `backend/${token}.txt` }),
  "a file name": ({ runDir }, token) => writeFileSync(path.join(runDir, "backend", `${token}.log`), "x\n"),
  "a folder name": ({ runDir }, token) => {
    mkdirSync(path.join(runDir, token));
    writeFileSync(path.join(runDir, token, "a.txt"), "x\n");
  },
  "the run directory's name": ({ root, runDir }, token) => renameSync(runDir, path.join(root, `20260602T090000Z-${token}-1000`)),
  "a file under no run": ({ root }, token) => writeFileSync(path.join(root, "stray.log"), `${token}\n`),
  "a file name under no run": ({ root }, token) => writeFileSync(path.join(root, `${token}.txt`), "x\n"),
};

describe("a token planted anywhere", () => {
  it("fails the audit and is masked in every output (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(PLACES)), tokens, async (place, token) => {
        const layout = freshRoot("ha-plant-");
        PLACES[place]?.(layout, token);
        for (const format of ["json", "text", "junit", "sarif"]) {
          const outcome = await run(["--workers", "0", "--format", format, "--admissions", layout.admissions, layout.root], { now: NOW });
          expect(outcome.exitCode, `${place}: ${format}`).toBe(1);
          expect(leaks(outcome.stdout + outcome.stderr, { token }), `${place}: ${format}`).toEqual([]);
        }
      }),
      { numRuns: 24 },
    );
  });

  it("each place is really checked: the clean run alone passes", async () => {
    const layout = freshRoot("ha-plant-");
    const outcome = await run(["--workers", "0", "--admissions", layout.admissions, layout.root], { now: NOW });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).not.toContain("FAIL");
  });
});
