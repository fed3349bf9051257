/**
 * Issue 11, item 7: the sweep state cannot be forged. Records carry HMACs under a per-user key
 * the state file does not hold; a state that fails them, or does not parse, is rebuilt with a
 * note (never trusted, never a lasting exit 2); concurrent sweeps keep each other's results;
 * a sweep killed at any moment leaves a state the next one can use or discard.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/cli.js";
import { headOf, RecordFile, type RunEntry } from "../../src/sweep/run-records.js";
import { loadState, saveState, saveStateMerged } from "../../src/sweep/state.js";
import type { RunResult } from "../../src/types.js";
import { ADMISSIONS, BIN, cleanRun, fakeToken, HAVE_BIN, leaks, REPO, runBin, tempDir } from "./kit.js";

const common = ["--workers", "0", "--admissions", ADMISSIONS];
const tokens = ["a", "b", "c", "d", "e"].map((label) => fakeToken(`state-${label}`));

/** A root of five runs, each leaking a token (each fails), and a state path and key beside it. */
function failingRoot() {
  const dir = tempDir("state");
  const root = path.join(dir, "root");
  ["a", "b", "c", "d", "e"].forEach((label, i) => {
    const runDir = cleanRun(path.join(root, label));
    appendFileSync(path.join(runDir, "backend", "harness.log"), `GITHUB_TOKEN=${tokens[i]}\n`);
  });
  return { dir, root, state: path.join(dir, "state.json"), env: { HARNESS_AUDIT_STATE_KEY_FILE: path.join(dir, "key", "state-key") } };
}

const sweep = (r: ReturnType<typeof failingRoot>, ...extra: string[]) => run(["sweep", ...common, "--state", r.state, ...extra, r.root], { env: r.env });

/** Rewrites every record of a state file so that its run passed with no finding, keeping each record's code. */
function forgePasses(file: string, trailer: (body: string, runs: number) => string): void {
  const lines = readFileSync(file, "utf8").split("\n").slice(0, -2);
  const [header, ...records] = lines;
  const forged = records.map((line) => {
    const [head, result, code] = line.split("\t");
    const h = JSON.parse(head!) as unknown[];
    const r = JSON.parse(result!) as RunResult;
    h.splice(3, 4, "pass", 0, 0, 0);
    return [JSON.stringify(h), JSON.stringify({ ...r, verdict: "pass", findings: [] }), code].join("\t");
  });
  const body = `${[header, ...forged].join("\n")}\n`;
  writeFileSync(file, body + trailer(body, forged.length));
}

describe("the sweep state cannot be forged", () => {
  it("a state edited to pass every run, its old sha-256 trailer recomputed, is discarded and every run audited again (before: 5 passes, exit 0)", async () => {
    const r = failingRoot();
    expect((await sweep(r)).exitCode).toBe(1);
    forgePasses(r.state, (body, runs) => `${JSON.stringify({ end: true, runs, hmac: createHash("sha256").update(body).digest("hex") })}\n`);
    const after = await sweep(r);
    expect(after.exitCode).toBe(1);
    expect(after.stderr).toMatch(/fails its authentication.*discarded and rebuilt/);
    expect(after.stderr).toMatch(/sweep: 5 runs audited, 0 unchanged/);
    // Rebuilt: the next sweep trusts it again.
    expect((await sweep(r)).stderr).toMatch(/0 runs audited, 5 unchanged/);
    expect(leaks(after.stdout + after.stderr + readFileSync(r.state, "utf8"), tokens)).toEqual([]);
  });

  it("a record whose result is not JSON is discarded with a note, this sweep and the next: never a lasting exit 2", async () => {
    const r = failingRoot();
    await sweep(r);
    const lines = readFileSync(r.state, "utf8").split("\n");
    const parts = lines[1]!.split("\t");
    lines[1] = [parts[0], "not json {", parts[2]].join("\t");
    writeFileSync(r.state, lines.join("\n"));
    for (const expected of [/fails its authentication/, /0 runs audited, 5 unchanged/]) {
      const outcome = await sweep(r);
      expect(outcome.exitCode).toBe(1);
      expect(outcome.stderr).toMatch(expected);
    }
  });

  it("the key is made on first use outside the root, private (0600), and --help says where it is", async () => {
    const r = failingRoot();
    const keyFile = r.env.HARNESS_AUDIT_STATE_KEY_FILE;
    expect(existsSync(keyFile)).toBe(false);
    await sweep(r);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, "latin1")).toMatch(/^[0-9a-f]{64}\n$/);
    // The state file does not hold it.
    expect(readFileSync(r.state, "latin1")).not.toContain(readFileSync(keyFile, "latin1").trim().slice(0, 16));
    const help = await run(["sweep", "--help"], { env: r.env });
    expect(help.stdout).toContain(`The sweep state key here: ${keyFile}`);
    expect(help.stdout).toMatch(/HARNESS_AUDIT_STATE_KEY_FILE/);
  });

  it("with no key to be had, the sweep keeps no state and says so (exit as the audit, not 2)", async () => {
    const r = failingRoot();
    writeFileSync(path.join(r.dir, "file"), "");
    const outcome = await run(["sweep", ...common, "--state", r.state, r.root], { env: { HARNESS_AUDIT_STATE_KEY_FILE: path.join(r.dir, "file", "key") } });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toMatch(/cannot read or create the state key .* this sweep keeps no state/);
    expect(existsSync(r.state)).toBe(false);
  });
});

describe("concurrent sweeps keep every shard's results", () => {
  const KEY = randomBytes(32);
  const result = (id: string, verdict: "pass" | "fail"): RunResult => ({ id, path: id, verdict, status: "pass", findings: [], artifacts: [] });
  const entries = (spool: RecordFile, runs: Array<[string, string, RunResult]>): RunEntry[] =>
    runs.map(([key, fingerprint, r]) => {
      const head = headOf(key, fingerprint, r);
      return { ...head, path: key, file: spool, ...spool.append(head, r) };
    });

  it("a sweep that loaded the state before another wrote it merges into what is there now, not what it loaded", async () => {
    const dir = tempDir("merge");
    const file = path.join(dir, "state.json");
    const spool = RecordFile.temporary();
    try {
      saveState(file, KEY, "env", "t0", entries(spool, [["r1", "f1", result("r1", "pass")], ["r2", "f2", result("r2", "pass")]]));
      const loadedByA = await loadState(file, KEY, "env");
      const loadedByB = await loadState(file, KEY, "env");
      const present = new Set(["r1", "r2", "r3", "r4"]);
      const notes: string[] = [];
      // A (shard 1) audits r1 again and finds r3; B (shard 2) started from the same state, finds r4, and writes last.
      const root = path.join(dir, "root");
      await saveStateMerged({ file, key: KEY, environment: "env", savedAt: "t1", root, entries: entries(spool, [["r1", "f1b", result("r1", "fail")], ["r3", "f3", result("r3", "pass")]]), present, loaded: loadedByA, notes });
      await saveStateMerged({ file, key: KEY, environment: "env", savedAt: "t2", root, entries: entries(spool, [["r4", "f4", result("r4", "fail")]]), present, loaded: loadedByB, notes });
      loadedByA.file?.close();
      loadedByB.file?.close();
      const final = await loadState(file, KEY, "env");
      expect(Object.fromEntries([...final.runs.values()].map((stored) => [stored.key, `${stored.fingerprint} ${stored.verdict}`]))).toEqual({
        r1: "f1b fail",
        r2: "f2 pass",
        r3: "f3 pass",
        r4: "f4 fail",
      });
      final.file?.close();
      expect(readdirSync(dir)).toEqual(["state.json"]);
    } finally {
      spool.close();
    }
  });

  it.skipIf(!HAVE_BIN)("two shard processes sweeping one state at once leave every run in it (regression: the last writer dropped the other's)", async () => {
    const r = failingRoot();
    const shard = (i: number) => runBin(["sweep", ...common, "--state", r.state, "--shard", `${i}/2`, r.root], { env: r.env });
    const [one, two] = await Promise.all([shard(1), shard(2)]);
    expect([one.code, two.code]).toEqual([1, 1]);
    // The same build (the environment includes the code): the whole root is in the state.
    const whole = await runBin(["sweep", ...common, "--state", r.state, r.root], { env: r.env });
    expect(whole.stderr).toMatch(/0 runs audited, 5 unchanged/);
  });
});

describe.skipIf(!HAVE_BIN)("a sweep killed at any moment (regression)", () => {
  it("leaves a state the next sweep uses or rebuilds, a lock it breaks, and never a lasting exit 2", async () => {
    const r = failingRoot();
    mkdirSync(path.dirname(r.env.HARNESS_AUDIT_STATE_KEY_FILE), { recursive: true });
    // Kill points spread over a cold sweep (a few seconds): before, during and after the state write.
    for (const delayMs of [400, 900, 1400, 1900, 2600]) {
      appendFileSync(path.join(r.root, "a", "20260602T090000Z-clean-pass-with-baseline-1000", "backend", "harness.log"), `line ${delayMs}\n`);
      const child = spawn(process.execPath, [BIN, "sweep", ...common, "--state", r.state, r.root], { cwd: REPO, env: { ...process.env, ...r.env }, stdio: "ignore" });
      const timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
      await new Promise((resolve) => child.on("exit", resolve));
      clearTimeout(timer);
      // The same build as the killed one, so that its state is read, not set aside for its environment.
      const next = await runBin(["sweep", ...common, "--state", r.state, r.root], { env: r.env });
      expect(next.code, `killed after ${delayMs} ms: ${next.stderr}`).toBe(1);
      expect(next.stderr).not.toMatch(/internal error/);
    }
    expect((await runBin(["sweep", ...common, "--state", r.state, r.root], { env: r.env })).stderr).toMatch(/0 runs audited, 5 unchanged/);
  }, 180_000);
});
