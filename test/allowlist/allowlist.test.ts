import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyAllowlist } from "../../src/allowlist/apply.js";
import type { Allowlist } from "../../src/allowlist/schema.js";
import { run } from "../../src/cli/cli.js";
import { finalizeFindings, verdictOf } from "../../src/pipeline/finalize.js";
import type { AuditResult, FindingDraft } from "../../src/types.js";
import { masker } from "../helpers/masker.js";

const now = new Date("2026-11-21T00:00:00Z");

const secretDraft = (valueHash: string, line: number): FindingDraft => ({
  category: "secret",
  rule: "@secretlint/secretlint-rule-openai",
  code: "OPENAI_TOKEN",
  severity: "error",
  message: "OpenAI API key",
  file: "backend/case.stderr.txt",
  line,
  column: 1,
  preview: "sk-p…(164 chars)",
  fingerprintKey: valueHash,
});

async function resultWith(drafts: FindingDraft[], runId = "20260601T000000Z-t-1"): Promise<AuditResult> {
  const findings = await finalizeFindings(drafts, masker);
  return {
    version: 1,
    tool: { name: "harness-audit", version: "0.1.0" },
    summary: { runs: 1, passed: 0, failed: 1, findings: findings.length, suppressed: 0 },
    runs: [{ id: await masker.mask(runId), path: await masker.mask(`runs/${runId}`), verdict: verdictOf(findings), status: await masker.mask("fail"), findings }],
  };
}

const entryFor = (result: AuditResult, overrides: Partial<Allowlist["entries"][number]> = {}): Allowlist["entries"][number] => ({
  fingerprint: result.runs[0]!.findings[0]!.fingerprint,
  rule: "@secretlint/secretlint-rule-openai",
  runs: "20260601T*",
  reason: "published test key of the fixture repo",
  expires: "2027-01-01",
  ...overrides,
});

describe("applyAllowlist", () => {
  it("suppresses the allowlisted secret wherever its line moves, and the run passes", async () => {
    const listed = await resultWith([secretDraft("value-a", 12)]);
    const moved = await resultWith([secretDraft("value-a", 40)]);
    const out = await applyAllowlist(moved, { version: 1, entries: [entryFor(listed)] }, "allow.json", now, masker);
    expect(out.runs[0]?.findings[0]?.suppressed?.reason).toBe("published test key of the fixture repo");
    expect(out.runs[0]?.verdict).toBe("pass");
    expect(out.summary).toMatchObject({ passed: 1, failed: 0, findings: 0, suppressed: 1 });
    expect(out.allowlist?.findings).toEqual([]);
  });

  it("never hides a different secret on the same line", async () => {
    const listed = await resultWith([secretDraft("value-a", 12)]);
    const other = await resultWith([secretDraft("value-b", 12)]);
    const out = await applyAllowlist(other, { version: 1, entries: [entryFor(listed)] }, "allow.json", now, masker);
    expect(out.runs[0]?.verdict).toBe("fail");
    expect(out.allowlist?.findings.map((f) => f.code)).toEqual(["STALE_ENTRY"]);
  });

  it("an expired entry, an unreviewed (TODO) entry or a run outside the glob suppress nothing", async () => {
    const result = await resultWith([secretDraft("value-a", 12)]);
    const cases: Array<[Partial<Allowlist["entries"][number]>, string]> = [
      [{ expires: "2026-11-20" }, "EXPIRED_ENTRY"],
      [{ reason: "TODO" }, "UNREVIEWED_ENTRY"],
      [{ runs: "20270101T*" }, "STALE_ENTRY"],
    ];
    for (const [override, code] of cases) {
      const out = await applyAllowlist(result, { version: 1, entries: [entryFor(result, override)] }, "allow.json", now, masker);
      expect(out.runs[0]?.verdict, code).toBe("fail");
      expect(out.allowlist?.findings.map((f) => f.code)).toEqual([code]);
    }
  });
});

describe("--allowlist and --write-allowlist", () => {
  it("writes TODO entries that fail until a person gives a reason, and then suppress", async () => {
    const base = mkdtempSync(path.join(tmpdir(), "ha-allow-"));
    const runName = "20260602T103000Z-secret-preset-formats-1300";
    const runDir = path.join(base, runName);
    cpSync(path.resolve("sample-runs", "harness-runs", runName), runDir, { recursive: true });
    const admissions = path.resolve("sample-runs", "admissions");
    const allowlist = path.join(base, "allowlist.json");
    const args = ["--workers", "0", "--admissions", admissions, "--format", "json"];

    const first = await run([...args, "--write-allowlist", allowlist, runDir], { now });
    expect(first.exitCode).toBe(1);
    const written = JSON.parse(readFileSync(allowlist, "utf8")) as Allowlist;
    const findings = (JSON.parse(first.stdout) as AuditResult).runs[0]!.findings;
    expect(findings.length).toBeGreaterThanOrEqual(3);
    expect(written.entries.map((e) => e.fingerprint).sort()).toEqual(findings.map((f) => f.fingerprint).sort());
    expect(written.entries.every((e) => e.reason === "TODO" && e.runs === runName)).toBe(true);

    const unreviewed = await run([...args, "--allowlist", allowlist, runDir], { now });
    expect(unreviewed.exitCode).toBe(1);
    expect((JSON.parse(unreviewed.stdout) as AuditResult).allowlist?.findings.map((f) => f.code)).toEqual(findings.map(() => "UNREVIEWED_ENTRY"));

    writeFileSync(allowlist, JSON.stringify({ ...written, entries: written.entries.map((e) => ({ ...e, reason: "fake keys of a sample run" })) }));
    const reviewed = await run([...args, "--allowlist", allowlist, runDir], { now });
    const result = JSON.parse(reviewed.stdout) as AuditResult;
    expect(reviewed.exitCode).toBe(0);
    expect(result.summary).toMatchObject({ passed: 1, findings: 0, suppressed: findings.length });

    const text = await run(["--workers", "0", "--admissions", admissions, "--allowlist", allowlist, runDir], { now });
    expect(text.stdout).toContain("suppressed");
  });

  it("an invalid allowlist is a usage error (exit 2) naming the problem", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "ha-allow-")), "bad.json");
    writeFileSync(file, JSON.stringify({ version: 1, entries: [{ fingerprint: "sk-not-a-hash", rule: "x", runs: "*", reason: "r", expires: "soon" }] }));
    const outcome = await run(["--allowlist", file, path.resolve("sample-runs", "harness-runs")], { now });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain("expires");
  });
});
