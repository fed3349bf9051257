import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allowlistFor, allowlistPieces } from "../../src/allowlist/apply.js";
import type { FormatContext } from "../../src/formatters/context.js";
import { FORMAT_NAMES, formatResult } from "../../src/formatters/index.js";
import { summarize } from "../../src/pipeline/summary.js";
import { FINDING_CATEGORIES, SEVERITIES, type AuditResult, type AuditView, type Finding, type RunResult } from "../../src/types.js";
import { FIXTURE, PREVIOUS, RULES } from "./fixture.js";

/** The runs of a result as a sweep gives them: a fresh copy of each, one at a time, on every pass. */
function streamed(result: AuditResult): AuditView & { passes: () => number } {
  let passes = 0;
  return {
    ...result,
    runs: {
      *[Symbol.iterator]() {
        passes += 1;
        for (const run of result.runs) yield structuredClone(run);
      },
    },
    passes: () => passes,
  };
}

const text = fc.string({ unit: "binary", maxLength: 12 });
const finding: fc.Arbitrary<Finding> = fc.record(
  {
    category: fc.constantFrom(...FINDING_CATEGORIES),
    rule: fc.constantFrom("gate/a", "model/non-admitted", "@secretlint/secretlint-rule-openai", "custom/x"),
    code: fc.constantFrom("A", "B"),
    severity: fc.constantFrom(...SEVERITIES),
    message: text,
    file: fc.option(text, { nil: null }),
    line: fc.option(fc.integer({ min: 1, max: 99 }), { nil: null }),
    column: fc.option(fc.integer({ min: 1, max: 99 }), { nil: null }),
    preview: text,
    fingerprint: fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 16, maxLength: 16 }),
    suppressed: fc.record({ reason: text, expires: fc.constant("2027-01-01") }),
  },
  { requiredKeys: ["category", "rule", "code", "severity", "message", "file", "line", "column", "fingerprint"] },
);
const run: fc.Arbitrary<RunResult> = fc.record(
  {
    id: text,
    path: text,
    verdict: fc.constantFrom("pass" as const, "fail" as const),
    status: fc.option(text, { nil: null }),
    findings: fc.array(finding, { maxLength: 4 }),
    artifacts: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: ["id", "path", "verdict", "status", "findings"] },
);
const shared = fc.option(fc.record({ path: text, findings: fc.array(finding, { maxLength: 3 }) }), { nil: undefined });
const result: fc.Arbitrary<AuditResult> = fc.tuple(fc.array(run, { maxLength: 5 }), shared, shared).map(([runs, registry, allowlist]) => ({
  version: 1,
  tool: { name: "harness-audit", version: "0.1.0" },
  summary: summarize(runs, [...(registry?.findings ?? []), ...(allowlist?.findings ?? [])]),
  runs,
  ...(registry && { registry }),
  ...(allowlist && { allowlist }),
}));

const CTX: FormatContext = { color: false, rules: RULES, root: "harness-runs", previous: PREVIOUS };

describe("formats written run by run", () => {
  it("give the same bytes whether the runs are an array or read one at a time, in every format", () => {
    for (const name of FORMAT_NAMES) {
      const view = streamed(FIXTURE);
      expect(formatResult(name, view, CTX)).toBe(formatResult(name, FIXTURE, CTX));
      // Totals before the body take a pass of their own; no format needs more than four.
      expect(view.passes()).toBeGreaterThan(0);
      expect(view.passes()).toBeLessThanOrEqual(4);
    }
  });

  it("json is exactly JSON.stringify of the whole result, and every format matches its in-memory self, for any result", () => {
    fc.assert(
      fc.property(result, (r) => {
        expect(formatResult("json", streamed(r), CTX)).toBe(`${JSON.stringify(r, null, 2)}\n`);
        for (const name of FORMAT_NAMES) expect(formatResult(name, streamed(r), CTX)).toBe(formatResult(name, r, CTX));
      }),
      { numRuns: 150 },
    );
  });

  it("sarif is one JSON document whose results are every finding, in order", () => {
    fc.assert(
      fc.property(result, (r) => {
        const log = JSON.parse(formatResult("sarif", streamed(r), CTX)) as { runs: [{ results: Array<{ partialFingerprints: Record<string, string> }> }] };
        const expected = [...r.runs.flatMap((x) => x.findings), ...(r.registry?.findings ?? []), ...(r.allowlist?.findings ?? [])];
        expect(log.runs[0].results.map((x) => Object.values(x.partialFingerprints)[0])).toEqual(expected.map((f) => f.fingerprint));
      }),
      { numRuns: 100 },
    );
  });

  it("--write-allowlist's file is the allowlist as JSON, written entry by entry", () => {
    const now = new Date("2026-11-21T00:00:00Z");
    fc.assert(
      fc.property(result, (r) => {
        expect([...allowlistPieces(streamed(r), now)].join("")).toBe(`${JSON.stringify(allowlistFor(r, now), null, 2)}\n`);
      }),
      { numRuns: 100 },
    );
  });
});
