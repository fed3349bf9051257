import { describe, expect, it } from "vitest";
import gate from "../../src/gates/pass-on-admitted-path.js";
import { QWEN_ADMISSION, absent, buildRun, codes, unparsable } from "./facts.js";

describe("gate/pass-on-admitted-path", () => {
  it("passes a pass report on the admitted path with a fake baseline", () => {
    expect(gate.check(buildRun())).toEqual([]);
  });

  it("does not judge reports that are not pass", () => {
    expect(gate.check(buildRun({ report: { status: "fail", reason: "x" }, admissions: [], baselineReport: absent() }))).toEqual([]);
  });

  it("fails a pass without admission or start", () => {
    const findings = gate.check(buildRun({ report: { case_model_admission_status: "not_admitted", case_process_started: false } }));
    expect(codes(findings)).toEqual(["PASS_WITHOUT_ADMISSION", "PASS_WITHOUT_CASE_START"]);
    expect(findings.every((f) => f.file === "report.json" && f.line === null)).toBe(true);
  });

  it("fails a pass that no current registry record admits", () => {
    expect(codes(gate.check(buildRun({ admissions: [] })))).toEqual(["PASS_WITHOUT_REGISTRY_ADMISSION"]);
    expect(codes(gate.check(buildRun({ admissions: [{ ...QWEN_ADMISSION, reviewBy: "2026-01-01" }] })))).toEqual([
      "PASS_WITHOUT_REGISTRY_ADMISSION",
    ]);
  });

  it("fails a pass whose config is missing or holds another model", () => {
    expect(gate.check(buildRun({ caseConfig: absent() }))[0]).toMatchObject({
      code: "PASS_WITHOUT_CASE_CONFIG",
      file: "backend/case-data/config.json",
    });
    expect(codes(gate.check(buildRun({ caseConfig: { value: { models: { default: "claude-sonnet-4-6" } } } })))).toEqual([
      "PASS_CONFIG_MODEL_MISMATCH",
    ]);
    expect(codes(gate.check(buildRun({ caseConfig: { value: {} } })))).toEqual(["PASS_CONFIG_MODEL_MISMATCH"]);
  });

  it("fails a pass without a fake baseline", () => {
    expect(gate.check(buildRun({ baselineReport: absent() }))[0]).toMatchObject({
      code: "PASS_WITHOUT_BASELINE",
      file: "baseline/report.json",
      line: null,
    });
    expect(codes(gate.check(buildRun({ baselineReport: { value: { backend: "case" } } })))).toEqual(["PASS_BASELINE_NOT_FAKE"]);
  });

  it("does not double-report unparsable artifacts", () => {
    expect(gate.check(buildRun({ baselineReport: unparsable(), caseConfig: unparsable() }))).toEqual([]);
    expect(gate.check(buildRun({ reportArtifact: unparsable() }))).toEqual([]);
  });
});
