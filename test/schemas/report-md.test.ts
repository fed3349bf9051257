import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseReportMdFacts } from "../../src/evidence/report-md.js";
import { REPORT_MD_FACTS } from "../../src/evidence/vocabulary.js";

describe("parseReportMdFacts", () => {
  it("reads the contract's bullets with their fields and lines", () => {
    const text = [
      "# Run",
      "",
      "- Report status: `fail`.",
      "- Backend: `case`.",
      "- Case process started: `true`.",
      "- Case model provider: `qwen-local`.",
      "- Case model: `qwen3.6-35b-a3b`.",
      "- Case model admission status: `admitted`.",
      "- Failure reason: `case agent result protocol failed`.",
      "- Protocol marker: `backend/provider-agent-protocol.txt`.",
    ].join("\n");
    expect(parseReportMdFacts(text)).toEqual([
      { label: "Report status", field: "status", value: "fail", line: 3 },
      { label: "Backend", field: "backend", value: "case", line: 4 },
      { label: "Case process started", field: "case_process_started", value: "true", line: 5 },
      { label: "Case model provider", field: "case_model_provider", value: "qwen-local", line: 6 },
      { label: "Case model", field: "case_model", value: "qwen3.6-35b-a3b", line: 7 },
      { label: "Case model admission status", field: "case_model_admission_status", value: "admitted", line: 8 },
      { label: "Failure reason", field: "reason", value: "case agent result protocol failed", line: 9 },
      { label: "Protocol marker", field: "marker", value: "backend/provider-agent-protocol.txt", line: 10 },
    ]);
  });

  it("tolerates a missing period, extra whitespace, other bullet marks, CRLF and bare values", () => {
    const text = "*   Report  status :  ` pass `  \r\n  + Backend:`case`\r\n- Case model: gpt-5.5.\r\n";
    expect(parseReportMdFacts(text).map((f) => [f.field, f.value, f.line])).toEqual([
      ["status", "pass", 1],
      ["backend", "case", 2],
      ["case_model", "gpt-5.5", 3],
    ]);
  });

  it("ignores unknown labels, headings, prose, empty values and fenced code", () => {
    const text = [
      "## Report status: `pass`",
      "- Notes: `x`.",
      "Report status: `pass`.",
      "- Case model:",
      "- Case model: `a` or `b`.",
      "```",
      "- Report status: `pass`.",
      "```",
      "- Backend: `fake`.",
    ].join("\n");
    expect(parseReportMdFacts(text)).toEqual([{ label: "Backend", field: "backend", value: "fake", line: 9 }]);
  });

  it("never throws on any text, and every fact names a known label and a real line", () => {
    const labels = REPORT_MD_FACTS.map((fact) => fact.label);
    const bulletish = fc.array(
      fc.oneof(fc.string(), fc.constantFrom(...labels).map((label) => `- ${label}: \`v\``), fc.constant("```")),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), bulletish.map((lines) => lines.join("\n"))), (text) => {
        const lineCount = text.split("\n").length;
        for (const fact of parseReportMdFacts(text)) {
          expect(labels).toContain(fact.label);
          expect(fact.line).toBeGreaterThanOrEqual(1);
          expect(fact.line).toBeLessThanOrEqual(lineCount);
        }
      }),
    );
  });
});
