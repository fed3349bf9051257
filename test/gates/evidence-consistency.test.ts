import { describe, expect, it } from "vitest";
import gate from "../../src/gates/evidence-consistency.js";
import { BLOCKED_TRACE, buildRun, codes, passingReport, renderReportMd, unparsable } from "./facts.js";

describe("gate/evidence-consistency", () => {
  it("passes a run whose report.md, report.json, trace and directory agree", () => {
    expect(gate.check(buildRun())).toEqual([]);
  });

  it("fails a report.md bullet that disagrees with report.json, at the bullet's line", () => {
    const text = renderReportMd(passingReport()).replace("- Report status: `pass`.", "- Report status: `fail`.");
    const findings = gate.check(buildRun({ reportMd: text }));
    expect(codes(findings)).toEqual(["REPORT_MD_DISAGREES"]);
    expect(findings[0]).toMatchObject({ file: "report.md", line: 3 });
  });

  it("compares booleans, nulls and marker paths as written in Markdown", () => {
    const report = { ...passingReport(), marker: "backend/provider-agent-protocol.txt" };
    const text = [
      renderReportMd(passingReport()),
      "- Protocol marker: `./backend/provider-agent-protocol.txt`",
    ].join("\n");
    expect(gate.check(buildRun({ report, reportMd: text, addFiles: ["backend/provider-agent-protocol.txt"] }))).toEqual([]);
    const nullProvider = buildRun({ report: { case_model_provider: null } });
    expect(codes(gate.check(nullProvider))).toEqual([]);
    expect(codes(gate.check(buildRun({ reportMd: renderReportMd(passingReport()).replace("`true`", "`false`") })))).toEqual([
      "REPORT_MD_DISAGREES",
    ]);
  });

  it("fails a fact report.json does not hold and a key fact report.md leaves out", () => {
    const text = renderReportMd(passingReport()).replace("- Backend: `case`.\n", "") + "- Failure reason: `x`.\n";
    const findings = gate.check(buildRun({ reportMd: text }));
    expect(codes(findings)).toEqual(["REPORT_MD_FACT_MISSING", "REPORT_MD_FACT_NOT_IN_REPORT"]);
    expect(findings.find((f) => f.code === "REPORT_MD_FACT_MISSING")).toMatchObject({ file: "report.md", line: null });
  });

  it("fails run_id and task_id that are not the directory's, and time running backwards", () => {
    const findings = gate.check(
      buildRun({ report: { run_id: "20260601T000000Z-other-1", task_id: "other", finished_at: "2026-06-01T02:00:00Z" } }),
    );
    expect(codes(findings)).toEqual(["FINISHED_BEFORE_STARTED", "RUN_ID_MISMATCH", "TASK_ID_MISMATCH"]);
    expect(findings.every((f) => f.file === "report.json")).toBe(true);
    // Contract §4: run_id equals the directory name is a field rule of report.json (schema); the rest is gate 11.
    expect(findings.find((f) => f.code === "RUN_ID_MISMATCH")).toMatchObject({ category: "schema", rule: "schema/report" });
    expect(findings.filter((f) => f.code !== "RUN_ID_MISMATCH").every((f) => f.category === undefined && f.rule === undefined)).toBe(true);
  });

  it("compares times, not strings, across offsets", () => {
    expect(gate.check(buildRun({ report: { finished_at: "2026-06-01T00:30:00-02:00" } }))).toEqual([]);
  });

  it("fails a trace that contradicts the report's start flag", () => {
    const notStarted = buildRun({ report: { case_process_started: false, status: "blocked", reason: "x" } });
    expect(gate.check(notStarted)[0]).toMatchObject({ code: "TRACE_CONTRADICTS_NOT_STARTED", file: "trace.jsonl", line: 3 });
    expect(codes(gate.check(buildRun({ trace: BLOCKED_TRACE })))).toEqual(["TRACE_MISSING_CASE_START"]);
  });

  it("leaves the trace contradiction of an unadmitted run to gate 1", () => {
    const run = buildRun({
      report: { case_process_started: false, status: "blocked", reason: "x", case_model_admission_status: "missing_admission" },
      addFiles: ["backend/provider-model-not-admitted.txt"],
    });
    expect(gate.check(run)).toEqual([]);
  });

  it("fails a marker the report names that is not in the run, unless another gate requires it", () => {
    expect(codes(gate.check(buildRun({ report: { marker: "backend/elsewhere.txt" } })))).toEqual(["MARKER_FILE_MISSING"]);
    const protocol = buildRun({
      report: { status: "fail", reason: "x", failure_class: "agent-protocol-error", marker: "backend/provider-agent-protocol.txt" },
    });
    expect(gate.check(protocol)).toEqual([]);
  });

  it("does not judge when report.json or report.md could not be read", () => {
    expect(gate.check(buildRun({ reportArtifact: unparsable() }))).toEqual([]);
    expect(gate.check(buildRun({ reportMd: null }))).toEqual([]);
  });
});
