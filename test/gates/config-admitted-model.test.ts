import { describe, expect, it } from "vitest";
import gate from "../../src/gates/config-admitted-model.js";
import { BLOCKED_TRACE, absent, buildRun, codes, unparsable } from "./facts.js";

describe("gate/config-admitted-model", () => {
  it("passes a started run whose config holds case_model, and an unstarted run without config", () => {
    expect(gate.check(buildRun())).toEqual([]);
    const blocked = { status: "blocked", reason: "no base url", case_process_started: false };
    expect(gate.check(buildRun({ report: blocked, trace: BLOCKED_TRACE, caseConfig: absent() }))).toEqual([]);
  });

  it("fails a started run without the generated config, at the expected path", () => {
    const findings = gate.check(buildRun({ caseConfig: absent() }));
    expect(codes(findings)).toEqual(["CASE_CONFIG_MISSING"]);
    expect(findings[0]).toMatchObject({ file: "backend/case-data/config.json", line: null });
  });

  it("fails a config whose models.default is another model", () => {
    const findings = gate.check(buildRun({ caseConfig: { value: { models: { default: "claude-sonnet-4-6" } } } }));
    expect(codes(findings)).toEqual(["CONFIG_MODEL_MISMATCH"]);
    expect(findings[0]).toMatchObject({ file: "backend/case-data/config.json", line: null });
  });

  it("leaves an unparsable config or a config without models.default to the loader and schema", () => {
    expect(gate.check(buildRun({ caseConfig: unparsable() }))).toEqual([]);
    expect(gate.check(buildRun({ caseConfig: { value: { models: {} } } }))).toEqual([]);
  });
});
