import { describe, expect, it } from "vitest";
import gate from "../../src/gates/admission-before-start.js";
import { BLOCKED_TRACE, STARTED_TRACE, buildRun, codes, unparsable } from "./facts.js";

const blockedMissing = {
  status: "blocked",
  reason: "case model admission missing",
  case_process_started: false,
  case_model_admission_status: "missing_admission",
};

describe("gate/admission-before-start", () => {
  it("passes an admitted started run", () => {
    expect(gate.check(buildRun())).toEqual([]);
  });

  it("passes an unadmitted run that blocked before start", () => {
    expect(gate.check(buildRun({ report: blockedMissing, trace: BLOCKED_TRACE }))).toEqual([]);
  });

  it("fails an unadmitted run that started, did not block, and traced the start", () => {
    const run = buildRun({
      report: { ...blockedMissing, status: "fail", case_process_started: true, case_model_admission_status: "not_admitted" },
      trace: STARTED_TRACE,
    });
    const findings = gate.check(run);
    expect(codes(findings)).toEqual(["NOT_BLOCKED_WITHOUT_ADMISSION", "STARTED_WITHOUT_ADMISSION", "TRACE_STARTED_WITHOUT_ADMISSION"]);
    expect(findings.find((f) => f.code === "TRACE_STARTED_WITHOUT_ADMISSION")).toMatchObject({
      file: "trace.jsonl",
      line: STARTED_TRACE.indexOf("case_process_started") + 1,
    });
    expect(findings.find((f) => f.code === "STARTED_WITHOUT_ADMISSION")).toMatchObject({ file: "report.json", line: null, severity: "error" });
  });

  it("points a report-field finding at the key's line when the loader knows it", () => {
    const run = buildRun({
      report: { ...blockedMissing, case_process_started: true },
      reportArtifact: { keyLines: new Map([["case_process_started", 6]]) },
      trace: BLOCKED_TRACE,
    });
    expect(gate.check(run)).toEqual([expect.objectContaining({ code: "STARTED_WITHOUT_ADMISSION", file: "report.json", line: 6 })]);
  });

  it("treats an absent admission status as not admitted (fail closed)", () => {
    const findings = gate.check(buildRun({ report: { case_model_admission_status: undefined } }));
    expect(codes(findings)).toContain("STARTED_WITHOUT_ADMISSION");
  });

  it("only the trace contradicts: the trace event alone is a finding", () => {
    expect(codes(gate.check(buildRun({ report: blockedMissing, trace: STARTED_TRACE })))).toEqual(["TRACE_STARTED_WITHOUT_ADMISSION"]);
  });

  it("says nothing about an unreadable report", () => {
    expect(gate.check(buildRun({ reportArtifact: unparsable() }))).toEqual([]);
  });
});
