import { describe, expect, it } from "vitest";
import gate from "../../src/gates/protocol-failure-marker.js";
import { buildRun, codes } from "./facts.js";

const PROTOCOL_MARKER = "backend/provider-agent-protocol.txt";
/** The seeds' "Qwen Local Classified Runtime Evidence". */
const protocolFailure = {
  status: "fail",
  reason: "case agent result protocol failed",
  failure_class: "agent-protocol-error",
  marker: PROTOCOL_MARKER,
};

describe("gate/protocol-failure-marker", () => {
  it("passes a protocol failure with its marker, and runs without that class", () => {
    expect(gate.check(buildRun({ report: protocolFailure, addFiles: [PROTOCOL_MARKER] }))).toEqual([]);
    expect(gate.check(buildRun({ report: { ...protocolFailure, marker: `./${PROTOCOL_MARKER}` }, addFiles: [PROTOCOL_MARKER] }))).toEqual([]);
    expect(gate.check(buildRun({ report: { ...protocolFailure, failure_class: "timeout", marker: null } }))).toEqual([]);
  });

  it("fails a protocol failure without the marker file", () => {
    const findings = gate.check(buildRun({ report: protocolFailure }));
    expect(codes(findings)).toEqual(["MISSING_PROTOCOL_MARKER"]);
    expect(findings[0]).toMatchObject({ file: PROTOCOL_MARKER, line: null });
  });

  it("fails a protocol failure whose marker field names another file", () => {
    const findings = gate.check(buildRun({ report: { ...protocolFailure, marker: "backend/other.txt" }, addFiles: [PROTOCOL_MARKER] }));
    expect(codes(findings)).toEqual(["PROTOCOL_MARKER_FIELD_MISMATCH"]);
    expect(findings[0]).toMatchObject({ file: "report.json" });
  });
});
