import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summaryLine } from "../../src/formatters/text.js";
import { formatResult } from "../../src/formatters/index.js";
import type { AuditResult } from "../../src/types.js";
import { FIXTURE, MISSING_MARKER_RUN, ODD_FILE, RULES } from "./fixture.js";

const formatText = (result: Parameters<typeof formatResult>[1], ctx: Parameters<typeof formatResult>[2]) => formatResult("text", result, ctx);

const ANSI = /\u001b\[/;
const plain = formatText(FIXTURE, { color: false, rules: RULES });
const lines = plain.split("\n");

describe("text formatter", () => {
  it("no ANSI escapes without colour, some with colour", () => {
    expect(ANSI.test(plain)).toBe(false);
    expect(ANSI.test(formatText(FIXTURE, { color: true, rules: RULES }))).toBe(true);
  });

  it("colour changes styling only", () => {
    const coloured = formatText(FIXTURE, { color: true, rules: RULES });
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(plain);
  });

  it("one line per finding: location, severity, rule, message", () => {
    expect(lines).toContain("  backend/case.stderr.txt:12:5  error  @secretlint/secretlint-rule-openai  OpenAI API key (sk-p…(56 chars))");
    expect(lines.some((l) => l.startsWith("  report.md:7:21  error  model/non-admitted  "))).toBe(true);
    expect(lines.some((l) => l.startsWith("  trace.jsonl:1  warning  schema/report  "))).toBe(true);
    expect(lines.some((l) => l.startsWith("  backend/provider-model-not-admitted.txt  error  "))).toBe(true);
    expect(lines.some((l) => l.startsWith("  (run)  error  gate/admission-before-start  "))).toBe(true);
    expect(lines.some((l) => l.startsWith(`  ${ODD_FILE}:3:1  error  `))).toBe(true);
  });

  it("groups by run, keeps a run's findings of one file together", () => {
    const runHeader = lines.findIndex((l) => l.includes(MISSING_MARKER_RUN));
    expect(lines[runHeader]).toMatch(/^FAIL {2}/);
    const result: AuditResult = {
      ...FIXTURE,
      registry: undefined,
      allowlist: undefined,
      runs: [{ ...FIXTURE.runs[1]!, findings: [FIXTURE.runs[1]!.findings[2]!, FIXTURE.runs[1]!.findings[3]!, { ...FIXTURE.runs[1]!.findings[2]!, line: 9 }] }],
    };
    const files = formatText(result, { color: false, rules: [] }).split("\n").filter((l) => l.startsWith("  ")).map((l) => l.trim().split(":")[0]);
    expect(files).toEqual(["report.md", "report.md", "backend/case.stderr.txt"]);
  });

  it("marks suppressed findings and puts registry and allowlist findings in their own groups", () => {
    expect(lines.find((l) => l.includes("secretlint-rule-github"))).toMatch(/\[suppressed: revoked test token, see ticket OPS-12\]$/);
    expect(lines).toContain("REGISTRY  sample-runs/admissions");
    expect(lines).toContain("ALLOWLIST  .harness-audit-allowlist.json");
    expect(lines.some((l) => l.startsWith("  (allowlist)  warning  allowlist/expired-entry"))).toBe(true);
  });

  it("ends with the summary line", () => {
    expect(lines.at(-2)).toBe("3 runs: 1 passed, 2 failed · 11 findings (1 suppressed)");
    expect(summaryLine({ ...FIXTURE, summary: { runs: 1, passed: 1, failed: 0, findings: 1, suppressed: 0 } })).toBe("1 run: 1 passed, 0 failed · 1 finding");
  });

  it("never lets evidence text send control characters to the terminal", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (message, file) => {
        const run = FIXTURE.runs[1]!;
        const result: AuditResult = { ...FIXTURE, runs: [{ ...run, path: file, findings: [{ ...run.findings[0]!, message, file }] }] };
        const out = formatText(result, { color: false, rules: [] });
        expect(out.replace(/\n/g, "")).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }),
      { numRuns: 300 },
    );
  });
});
