import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/cli.js";
import { expandInputs } from "../../src/discover/expand-inputs.js";
import { openArchiveSource } from "../../src/evidence/archive/index.js";
import { matchInListing, matchOnDisk } from "../../src/evidence/artifact-paths.js";
import { SAMPLES } from "../helpers/sample-runs-copy.js";

const scratch = mkdtempSync(path.join(tmpdir(), "ha-globs-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const now = new Date("2026-11-21T00:00:00Z");
const CLEAN = "20260602T090000Z-clean-pass-with-baseline-1000";

describe("path arguments as globs (fast-glob)", () => {
  const root = path.join(scratch, "runs");
  mkdirSync(root);
  for (const id of [CLEAN, "20260601T013918Z-seed-codex-protocol-fail-2381028", "20260602T091500Z-blocked-missing-admission-1002"]) {
    cpSync(path.join(SAMPLES.root, id), path.join(root, id), { recursive: true });
  }
  writeFileSync(path.join(root, "notes.txt"), "not a run\n");
  execFileSync("tar", ["-czf", path.join(scratch, "a.tar.gz"), "-C", root, CLEAN]);
  execFileSync("tar", ["-czf", path.join(scratch, "b.tar.gz"), "-C", root, CLEAN]);

  it("expands to the folders and archives a pattern matches, sorted; other files are not inputs", async () => {
    expect(await expandInputs([path.join(root, "2026060[12]T0*")])).toEqual([
      path.join(root, "20260601T013918Z-seed-codex-protocol-fail-2381028"),
      path.join(root, "20260602T090000Z-clean-pass-with-baseline-1000"),
      path.join(root, "20260602T091500Z-blocked-missing-admission-1002"),
    ]);
    expect(await expandInputs([path.join(scratch, "**/*.tar.gz")])).toEqual([path.join(scratch, "a.tar.gz"), path.join(scratch, "b.tar.gz")]);
    expect(await expandInputs([path.join(root, "*.txt")]).catch((error: Error) => error.message)).toMatch(/\*\.txt matches no run directory/);
  });

  it("takes a path that exists as it is, even when it reads like a pattern", async () => {
    const odd = path.join(scratch, "[draft]");
    mkdirSync(odd);
    expect(await expandInputs([odd])).toEqual([odd]);
  });

  it("audits what the pattern matches; a pattern that matches nothing is exit 2 naming it", async () => {
    const outcome = await run(["--workers", "0", "--format", "json", "--admissions", SAMPLES.admissions, path.join(root, "20260602T*")], { now });
    expect((JSON.parse(outcome.stdout) as { runs: Array<{ id: string }> }).runs.map((r) => r.id)).toEqual([CLEAN, "20260602T091500Z-blocked-missing-admission-1002"]);
    const none = await run(["--workers", "0", path.join(root, "1999*")], { now });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain("1999*");
  });

  it("a glob naming a root and a run inside it audits that run once", async () => {
    const outcome = await run(["--workers", "0", "--format", "json", "--admissions", SAMPLES.admissions, root, path.join(root, `${CLEAN.slice(0, 8)}*`)], { now });
    const ids = (JSON.parse(outcome.stdout) as { runs: Array<{ id: string }> }).runs.map((r) => r.id);
    expect(ids.filter((id) => id === CLEAN)).toHaveLength(1);
  });
});

describe("artifact locations as globs", () => {
  const names = fc.constantFrom("a", "b", "logs", ".hidden", "trace.jsonl", "x.log", "y.jsonl", "case.stdout.txt");
  const trees = fc.uniqueArray(fc.array(names, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/")), { minLength: 1, maxLength: 10 });
  const patterns = fc.constantFrom("**/*.log", "logs/*.jsonl", "*.jsonl", "**/trace.jsonl", "logs/**", "**/.hidden/*", "{a,b}/*.log", "?.log", "**/*");

  it("select the same files with fast-glob on a folder and with picomatch on its .tar.gz listing (property)", async () => {
    let index = 0;
    await fc.assert(
      fc.asyncProperty(trees, patterns, async (files, pattern) => {
        const folder = path.join(scratch, `tree-${index++}`);
        // A path that is also a folder of another path cannot be a file: keep the deepest ones.
        const kept = files.filter((file) => !files.some((other) => other.startsWith(`${file}/`)));
        for (const file of kept) {
          mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
          writeFileSync(path.join(folder, file), "x");
        }
        const archive = `${folder}.tar.gz`;
        execFileSync("tar", ["-czf", archive, "-C", folder, "."]);
        const source = await openArchiveSource(archive, { maxEntryBytes: 1 << 20 });
        try {
          const listing = (await source.list()).entries.filter((e) => e.type === "file").map((e) => e.path);
          expect(matchInListing(pattern, listing).sort()).toEqual((await matchOnDisk(pattern, folder)).sort());
        } finally {
          await source.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a trace found by a pattern is read as the trace, in a folder and in its archive alike", async () => {
    const runDir = path.join(scratch, "moved", CLEAN);
    cpSync(path.join(SAMPLES.root, CLEAN), runDir, { recursive: true });
    mkdirSync(path.join(runDir, "logs"));
    renameSync(path.join(runDir, "trace.jsonl"), path.join(runDir, "logs", "run-1000.trace.jsonl"));
    const config = path.join(scratch, "moved-config.json");
    writeFileSync(config, JSON.stringify({ admissions: SAMPLES.admissions, artifacts: { trace: "logs/*.trace.jsonl" } }));
    const archive = path.join(scratch, "moved.tar.gz");
    execFileSync("tar", ["-czf", archive, "-C", path.dirname(runDir), CLEAN]);
    const folder = await run(["--workers", "0", "--format", "json", "--config", config, runDir], { now });
    const packed = await run(["--workers", "0", "--format", "json", "--config", config, archive], { now });
    const codes = (stdout: string) => (JSON.parse(stdout) as { runs: Array<{ findings: Array<{ code: string }> }> }).runs[0]?.findings.map((f) => f.code);
    expect(folder.exitCode).toBe(0);
    expect(codes(folder.stdout)).toEqual([]);
    expect(packed.exitCode).toBe(0);
    expect(codes(packed.stdout)).toEqual([]);
    // Without the pattern the trace is missing: the location really decided.
    const plain = await run(["--workers", "0", "--format", "json", "--admissions", SAMPLES.admissions, runDir], { now });
    expect(codes(plain.stdout)).toContain("MISSING_ARTIFACT");
  });
});
