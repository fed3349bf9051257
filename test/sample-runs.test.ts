import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultAuditOptions } from "../src/config/options.js";
import { auditPaths } from "../src/pipeline/audit.js";
import type { AuditResult, Finding } from "../src/types.js";
import { SAMPLES, sampleRunsCopy } from "./helpers/sample-runs-copy.js";

/**
 * Every bundled sample run is audited and compared with its hand-written expected result in
 * sample-runs/expected/ (verdict, and findings as a multiset of category, rule, file, line).
 */
const expectedDir = path.join(SAMPLES.base, "expected");

interface ExpectedFinding {
  category: string;
  rule: string;
  file: string | null;
  line: number | null;
}
interface Expected {
  verdict: "pass" | "fail";
  findings: ExpectedFinding[];
}

const copy = sampleRunsCopy();

const options = defaultAuditOptions({
  admissions: copy.admissions,
  targetPaths: ["/srv/target-repos/acme-web"],
  now: new Date("2026-11-21T00:00:00Z"),
});

let result: Promise<AuditResult> | undefined;
const audit = () => (result ??= auditPaths([copy.root], options));

function matches(expected: ExpectedFinding, actual: Finding): boolean {
  const ruleMatches = expected.rule.endsWith("*") ? actual.rule.startsWith(expected.rule.slice(0, -1)) : actual.rule === expected.rule;
  return ruleMatches && expected.category === actual.category && expected.file === actual.file && expected.line === actual.line;
}

const key = (f: { category: string; rule: string; file: string | null; line: number | null }) => `${f.category} ${f.rule} ${f.file ?? "-"}:${f.line ?? "-"}`;

describe("sample-runs", () => {
  const expectedFiles = existsSync(expectedDir) ? readdirSync(expectedDir).filter((f) => f.endsWith(".json")) : [];

  it("has an expected result for every run found, and a run for every expected result", async () => {
    const ids = (await audit()).runs.map((r) => r.id).sort();
    expect(ids).toEqual(expectedFiles.map((f) => f.replace(/\.json$/, "")).sort());
    expect(ids.length).toBeGreaterThanOrEqual(16);
  });

  for (const file of expectedFiles) {
    const id = file.replace(/\.json$/, "");
    it(`${id} audits as expected`, async () => {
      const expected = JSON.parse(readFileSync(path.join(expectedDir, file), "utf8")) as Expected;
      const run = (await audit()).runs.find((r) => r.id === id);
      expect(run, `run ${id} was not found`).toBeDefined();
      const unmatched = [...run!.findings];
      const missing: string[] = [];
      for (const want of expected.findings) {
        const index = unmatched.findIndex((actual) => matches(want, actual));
        if (index === -1) missing.push(key(want));
        else unmatched.splice(index, 1);
      }
      expect({ verdict: run!.verdict, missing, unexpected: unmatched.map((f) => `${key(f)} ${f.code}`) }).toEqual({
        verdict: expected.verdict,
        missing: [],
        unexpected: [],
      });
    });
  }
});
