import { describe, expect, it } from "vitest";
import gate from "../../src/gates/local-route-config.js";
import { ENV } from "../../src/evidence/vocabulary.js";
import { BLOCKED_TRACE, absent, buildRun, codes } from "./facts.js";

const noBaseUrl = { [ENV.localBaseUrl]: undefined };
/** The seeds' "Qwen local run blocked for a missing CTO_HARNESS_CASE_LOCAL_BASE_URL". */
const blockedForConfig = { status: "blocked", reason: "missing explicit local provider config", case_process_started: false };

describe("gate/local-route-config", () => {
  it("passes a local run with its base URL, and a local run without it that blocked before start", () => {
    expect(gate.check(buildRun())).toEqual([]);
    expect(gate.check(buildRun({ report: blockedForConfig, env: noBaseUrl, trace: BLOCKED_TRACE, caseConfig: absent() }))).toEqual([]);
  });

  it("fails a local run without base URL that started and was not blocked", () => {
    const findings = gate.check(buildRun({ env: noBaseUrl }));
    expect(codes(findings)).toEqual(["LOCAL_NOT_BLOCKED_WITHOUT_BASE_URL", "LOCAL_STARTED_WITHOUT_BASE_URL"]);
    expect(findings.every((f) => f.file === "report.json")).toBe(true);
  });

  it("treats an empty base URL as missing", () => {
    expect(codes(gate.check(buildRun({ env: { [ENV.localBaseUrl]: " " } })))).toContain("LOCAL_STARTED_WITHOUT_BASE_URL");
  });

  it("leaves other provider classes and unadmitted runs alone", () => {
    expect(gate.check(buildRun({ env: noBaseUrl, report: { provider_class: "external_openai_codex" } }))).toEqual([]);
    expect(gate.check(buildRun({ env: noBaseUrl, report: { case_model_admission_status: "not_admitted" } }))).toEqual([]);
  });
});
