import { describe, expect, it } from "vitest";
import gate from "../../src/gates/missing-admission-marker.js";
import { BLOCKED_TRACE, buildRun, codes, unparsable } from "./facts.js";

const blockedMissing = {
  status: "blocked",
  reason: "case model admission missing",
  case_process_started: false,
  case_model_admission_status: "missing_admission",
};
const MARKER = "backend/provider-model-not-admitted.txt";

describe("gate/missing-admission-marker", () => {
  it("passes missing_admission with its marker, and runs that need none", () => {
    expect(gate.check(buildRun({ report: blockedMissing, trace: BLOCKED_TRACE, addFiles: [MARKER] }))).toEqual([]);
    expect(gate.check(buildRun())).toEqual([]);
    expect(gate.check(buildRun({ report: { ...blockedMissing, case_model_admission_status: "mismatch" } }))).toEqual([]);
  });

  it("fails missing_admission without the marker, pointing at the expected path", () => {
    const findings = gate.check(buildRun({ report: blockedMissing, trace: BLOCKED_TRACE }));
    expect(codes(findings)).toEqual(["MISSING_NOT_ADMITTED_MARKER"]);
    expect(findings[0]).toMatchObject({ file: MARKER, line: null, column: null, severity: "error" });
  });

  it("uses the configured marker path", () => {
    const run = buildRun({ report: blockedMissing, addFiles: [MARKER] });
    const moved = { ...run, artifacts: { ...run.artifacts, markerNotAdmitted: "markers/not-admitted.txt" } };
    expect(gate.check(moved)[0]).toMatchObject({ code: "MISSING_NOT_ADMITTED_MARKER", file: "markers/not-admitted.txt" });
  });

  it("says nothing about an unreadable report", () => {
    expect(gate.check(buildRun({ reportArtifact: unparsable() }))).toEqual([]);
  });
});
