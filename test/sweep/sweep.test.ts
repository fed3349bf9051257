import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Writable } from "node:stream";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/cli.js";
import { defaultAuditOptions } from "../../src/config/options.js";
import { mergeResults } from "../../src/sweep/merge.js";
import { sweep as sweepOutcome, type SweepOptions } from "../../src/sweep/sweep.js";
import type { AuditResult, RunResult } from "../../src/types.js";
import { sampleRunsCopy } from "../helpers/sample-runs-copy.js";
import { masker } from "../helpers/masker.js";

const now = new Date("2026-11-21T00:00:00Z");

function freshRoot(): { root: string; state: string } {
  const { root } = sampleRunsCopy("ha-sweep-");
  return { root, state: path.join(mkdtempSync(path.join(tmpdir(), "ha-sweep-state-")), "state.json") };
}

const auditOptions = (root: string) =>
  defaultAuditOptions({ admissions: path.join(root, "..", "admissions"), targetPaths: ["/srv/target-repos/acme-web"], now, workers: 0 });

const verdicts = (result: AuditResult) => Object.fromEntries(result.runs.map((r) => [r.id, r.verdict]));

/** A sweep with its runs read back into memory (they live on disk until the outcome is closed). */
async function sweep(options: SweepOptions) {
  const outcome = await sweepOutcome(options);
  try {
    const runs: RunResult[] = [...outcome.result.runs];
    return { ...outcome, result: { ...outcome.result, runs } as AuditResult };
  } finally {
    outcome.close();
  }
}

describe("sweep", () => {
  it("re-audits only the runs whose files changed, and reports the rest from the state", async () => {
    const { root, state } = freshRoot();
    const cold = await sweep({ root, statePath: state, useCache: true, audit: auditOptions(root) });
    expect(cold.audited).toBe(cold.result.runs.length);
    expect(cold.reused).toBe(0);

    const warm = await sweep({ root, statePath: state, useCache: true, audit: auditOptions(root) });
    expect(warm.audited).toBe(0);
    expect(warm.reused).toBe(cold.result.runs.length);
    expect(warm.result.runs).toEqual(cold.result.runs);

    // A clean run gains a leaked key: only it is scanned again, and now it fails.
    const clean = "20260602T090000Z-clean-pass-with-baseline-1000";
    expect(verdicts(warm.result)[clean]).toBe("pass");
    appendFileSync(path.join(root, clean, "backend", "case.stderr.txt"), "OPENAI_API_KEY=sk-proj-" + "Zq8".repeat(20) + "T3BlbkFJ" + "Xw2".repeat(20) + "\n");
    const changed = await sweep({ root, statePath: state, useCache: true, audit: auditOptions(root) });
    expect(changed.audited).toBe(1);
    expect(verdicts(changed.result)[clean]).toBe("fail");
  });

  it("audits everything again when the rules' inputs change (here: the target paths)", async () => {
    const { root, state } = freshRoot();
    await sweep({ root, statePath: state, useCache: true, audit: auditOptions(root) });
    const other = await sweep({ root, statePath: state, useCache: true, audit: { ...auditOptions(root), targetPaths: [] } });
    expect(other.reused).toBe(0);
    expect(other.notes.join(" ")).toMatch(/changed/);
  });

  it("never trusts a corrupt state file, and --no-cache writes none", async () => {
    const { root, state } = freshRoot();
    writeFileSync(state, '{"kind":"harness-audit-sweep-state","version":1,"environment":"x","runs":{"r":');
    const outcome = await sweep({ root, statePath: state, useCache: true, audit: auditOptions(root) });
    expect(outcome.reused).toBe(0);
    expect(outcome.notes.join(" ")).toMatch(/corrupt/);
    expect(JSON.parse(readFileSync(state, "utf8").split("\n")[0] ?? "").kind).toBe("harness-audit-sweep-state");

    const second = freshRoot();
    await sweep({ root: second.root, statePath: second.state, useCache: false, audit: auditOptions(second.root) });
    expect(existsSync(second.state)).toBe(false);
  });

  it("shards split the runs without overlap, and merging the shards gives the whole sweep", async () => {
    const { root } = freshRoot();
    const whole = await sweep({ root, useCache: false, audit: auditOptions(root) });
    const shards = await Promise.all(
      [1, 2, 3].map((index) => sweep({ root, useCache: false, shard: { index, count: 3 }, audit: auditOptions(root) })),
    );
    const sizes = shards.map((s) => s.result.runs.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(whole.result.runs.length);
    expect(sizes.every((n) => n > 0)).toBe(true);
    const merged = await mergeResults(shards.map((s, i) => ({ name: `shard-${i + 1}.json`, value: JSON.parse(JSON.stringify(s.result)) })), masker);
    expect(merged.runs).toEqual(whole.result.runs);
    expect(merged.summary).toEqual(whole.result.summary);
    await expect(mergeResults([{ name: "a", value: whole.result }, { name: "b", value: shards[0]!.result }], masker)).rejects.toThrow(/overlap/);
  });

  it("--since takes only runs whose folder timestamp is newer", async () => {
    const { root } = freshRoot();
    const outcome = await sweep({ root, useCache: false, since: new Date("2026-06-02T10:20:00Z"), audit: auditOptions(root) });
    expect(outcome.result.runs.length).toBeGreaterThan(0);
    expect(outcome.result.runs.every((r) => r.id >= "20260602T102000Z")).toBe(true);
  });

  it("markdown names the runs that newly fail since the previous sweep", async () => {
    const { root, state } = freshRoot();
    const args = ["sweep", "--workers", "0", "--admissions", path.join(root, "..", "admissions"), "--target-path", "/srv/target-repos/acme-web", "--state", state];
    await run([...args, root], { now });
    const clean = "20260602T090000Z-clean-pass-with-baseline-1000";
    appendFileSync(path.join(root, clean, "backend", "case.stdout.txt"), "fallback to claude-sonnet-4-6\n");
    const second = await run([...args, "--format", "markdown", root], { now });
    expect(second.exitCode).toBe(1);
    const section = second.stdout.slice(second.stdout.indexOf("Newly failing"));
    expect(section).toContain(clean);
    expect(second.stderr).toMatch(/1 runs audited, \d+ unchanged runs reused/);
  });
});

describe("sweep results live on disk, not in memory", () => {
  it("a sweep of one shard keeps the other shard's stored results: the next full sweep audits only what changed", async () => {
    const { root, state } = freshRoot();
    await sweep({ root, statePath: state, useCache: true, audit: auditOptions(root) });
    const first = await sweep({ root, statePath: state, useCache: true, shard: { index: 1, count: 2 }, audit: auditOptions(root) });
    const second = await sweep({ root, statePath: state, useCache: true, shard: { index: 2, count: 2 }, audit: auditOptions(root) });
    const inFirst = first.result.runs[0]!.id;
    const inSecond = second.result.runs[0]!.id;
    // One run of each shard changes; only the first shard is swept, so the state is rewritten
    // with the second shard's runs carried over from the previous file.
    for (const id of [inFirst, inSecond]) appendFileSync(path.join(root, id, "backend", "case.stdout.txt"), "one more line\n");
    const shard = await sweep({ root, statePath: state, useCache: true, shard: { index: 1, count: 2 }, audit: auditOptions(root) });
    expect(shard.audited).toBe(1);
    const whole = await sweep({ root, statePath: state, useCache: true, audit: auditOptions(root) });
    expect(whole.audited).toBe(1);
    expect(whole.reused).toBe(whole.result.runs.length - 1);
  });

  it("after a change of environment under one shard, the next full sweep audits the other shard, then nothing", async () => {
    const { root, state } = freshRoot();
    const full = await sweep({ root, statePath: state, useCache: true, audit: auditOptions(root) });
    const half = await sweep({ root, statePath: state, useCache: true, shard: { index: 1, count: 2 }, audit: { ...auditOptions(root), targetPaths: ["/srv/target-repos/acme-web", "/elsewhere"] } });
    expect(half.audited).toBe(half.result.runs.length);
    const back = await sweep({ root, statePath: state, useCache: true, audit: { ...auditOptions(root), targetPaths: ["/srv/target-repos/acme-web", "/elsewhere"] } });
    // The environment changed with the first shard: the second shard's runs were never audited under it.
    expect(back.audited).toBe(full.result.runs.length - half.result.runs.length);
    const again = await sweep({ root, statePath: state, useCache: true, shard: { index: 2, count: 2 }, audit: { ...auditOptions(root), targetPaths: ["/srv/target-repos/acme-web", "/elsewhere"] } });
    expect(again.audited).toBe(0);
    const whole = await sweep({ root, statePath: state, useCache: true, audit: { ...auditOptions(root), targetPaths: ["/srv/target-repos/acme-web", "/elsewhere"] } });
    expect(whole.audited).toBe(0);
    expect(whole.result.runs).toEqual(back.result.runs);
  });

  it("streams the report to a stdout stream (a slow one) with the same bytes and status as the whole report", async () => {
    const { root, state } = freshRoot();
    const args = ["sweep", "--workers", "0", "--admissions", path.join(root, "..", "admissions"), "--target-path", "/srv/target-repos/acme-web", "--state", state];
    await run([...args, root], { now });
    for (const format of ["json", "sarif", "markdown"]) {
      const whole = await run([...args, "--format", format, root], { now });
      const chunks: string[] = [];
      let waits = 0;
      const slow = new Writable({
        highWaterMark: 16,
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk.toString("utf8"));
          waits += 1;
          setTimeout(callback, 1);
        },
      });
      const streamed = await run([...args, "--format", format, root], { now, stdout: slow });
      expect(streamed.stdout).toBe("");
      expect(streamed.exitCode).toBe(whole.exitCode);
      expect(chunks.join("")).toBe(whole.stdout);
      expect(waits).toBeGreaterThan(0);
    }
  });

  it("leaves nothing behind in the temporary directory", async () => {
    const { root, state } = freshRoot();
    const temporary = mkdtempSync(path.join(tmpdir(), "ha-sweep-tmp-"));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    try {
      const outcome = await sweepOutcome({ root, statePath: state, useCache: true, audit: auditOptions(root) });
      expect([...outcome.result.runs].length).toBeGreaterThan(0);
      outcome.close();
      expect(() => [...outcome.result.runs]).toThrow();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(readdirSync(temporary)).toEqual([]);
  });
});

describe("sweep state location", () => {
  it("a temporary directory it cannot write to is a usage error (exit 2) that names TMPDIR", async () => {
    const { root } = freshRoot();
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = path.join(tmpdir(), "ha-no-such-folder", "deeper");
    try {
      const outcome = await run(["sweep", "--workers", "0", "--no-cache", root], { now });
      expect(outcome.exitCode).toBe(2);
      expect(outcome.stderr).toMatch(/TMPDIR/);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it("an unwritable state file is a usage error (exit 2) that says what to do", async () => {
    const { root } = freshRoot();
    const outcome = await run(["sweep", "--workers", "0", "--state", "/proc/harness-audit-state.json", root], { now });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/--state|--no-cache/);
  });
});
