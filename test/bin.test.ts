import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/cli.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
const bin = path.join(repo, "dist", "src", "cli", "bin.js");
const samples = path.join(repo, "sample-runs", "harness-runs");
const common = ["--workers", "0", "--admissions", path.join(repo, "sample-runs", "admissions"), "--target-path", "/srv/target-repos/acme-web"];

async function binary(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { cwd: repo, env: { ...process.env, CI: "true", ...env }, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// `npm test` compiles before it tests; a bare `vitest` run may not have.
describe.skipIf(!existsSync(bin))("the bin (the audit on its own heap-capped thread)", () => {
  it("prints the same report and exits with the same status as the CLI function", async () => {
    const now = new Date();
    const direct = await run([...common, "--format", "json", samples], { now });
    const spawned = await binary([...common, "--format", "json", samples]);
    expect(spawned.code).toBe(1);
    expect(spawned.stdout).toBe(direct.stdout);
  });

  it("exits 0 for a passing run and 2, with the reason, when the audit cannot be carried out", async () => {
    const clean = await binary([...common, path.join(samples, "20260602T090000Z-clean-pass-with-baseline-1000")]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/1 run: 1 passed/);
    const missing = await binary([path.join(samples, "no-such-run")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*ENOENT/);
    const badBudget = await binary([samples], { HARNESS_AUDIT_HEAP_MB: "12" });
    expect(badBudget.code).toBe(2);
    expect(badBudget.stderr).toMatch(/HARNESS_AUDIT_HEAP_MB/);
  });

  it("sweeps with its notes on stderr and the report on stdout", async () => {
    const spawned = await binary(["sweep", "--no-cache", ...common, "--format", "markdown", samples]);
    expect(spawned.code).toBe(1);
    expect(spawned.stdout).toMatch(/^## harness-audit: \d+ of 27 runs failed/);
    expect(spawned.stderr).toMatch(/sweep: 27 runs audited/);
  });

  it("exits 2, saying why, when its reader goes away before the report is written", async () => {
    // The report must be larger than what the socket between the two processes holds (~210 KB
    // here) plus the one chunk read, whatever the scheduling: then a write after the close fails.
    // Eight copies of the same samples path are now one audit of 27 runs (156 KB of JUnit), which
    // fits: the child wrote it whole before the reader closed (exit 1 in 10 of 10 runs of this
    // test alone, 2 of 2 suite runs). 400 distinct runs give 2.4 MB.
    const root = mkdtempSync(path.join(tmpdir(), "ha-epipe-"));
    const clean = "20260602T090000Z-clean-pass-with-baseline-1000";
    for (let i = 0; i < 400; i++) cpSync(path.join(samples, clean), path.join(root, clean.replace(/\d+$/, String(2000 + i))), { recursive: true });
    const child = spawn(process.execPath, [bin, ...common, "--format", "junit", root], { cwd: repo, env: { ...process.env, CI: "true" } });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/stdout closed before the report was written \(EPIPE\)/);
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("a run too large for the audit thread's heap is exit 2 saying how to raise it, never a crash or a pass", async () => {
    const run = path.join(mkdtempSync(path.join(tmpdir(), "ha-heap-")), "20260602T090000Z-clean-pass-with-baseline-1000");
    cpSync(path.join(samples, "20260602T090000Z-clean-pass-with-baseline-1000"), run, { recursive: true });
    // A 35 MB report.json: its text and its parse do not fit in a 64 MB heap.
    const report = JSON.parse(readFileSync(path.join(run, "report.json"), "utf8")) as Record<string, unknown>;
    report["extra"] = Array.from({ length: 600_000 }, (_, i) => ({ i, note: `filler text for a large report ${i}` }));
    writeFileSync(path.join(run, "report.json"), JSON.stringify(report));
    const spawned = await binary([...common, run], { HARNESS_AUDIT_HEAP_MB: "64" });
    expect(spawned.code).toBe(2);
    expect(spawned.stderr).toMatch(/more than its 64 MB heap; set HARNESS_AUDIT_HEAP_MB higher/);
    expect(spawned.stderr).not.toMatch(/FATAL|at .*\.js:\d+/);
  });
});
