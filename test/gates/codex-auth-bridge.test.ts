import { describe, expect, it } from "vitest";
import gate from "../../src/gates/codex-auth-bridge.js";
import { ENV } from "../../src/evidence/vocabulary.js";
import { BLOCKED_TRACE, CODEX_ADMISSION_PATH, absent, buildRun, codes } from "./facts.js";

const AUTH_MARKER = "backend/provider-auth-unavailable.txt";
const codexReport = {
  case_model_provider: "openai-codex",
  case_model: "gpt-5.5",
  case_model_admission_file: CODEX_ADMISSION_PATH,
  provider_class: "external_openai_codex",
};
const codexEnv = { [ENV.provider]: "openai-codex", [ENV.model]: "gpt-5.5", [ENV.admissionFile]: CODEX_ADMISSION_PATH };
/** The seeds' Codex auth-gap block. */
const authGap = { ...codexReport, status: "blocked", reason: "case provider auth unavailable", case_process_started: false };

describe("gate/codex-auth-bridge", () => {
  it("passes codex with the bridge, and the auth-gap block with its marker", () => {
    expect(gate.check(buildRun({ report: codexReport, env: { ...codexEnv, [ENV.codexAuthBridge]: "1" } }))).toEqual([]);
    expect(gate.check(buildRun({ report: authGap, env: codexEnv, trace: BLOCKED_TRACE, caseConfig: absent(), addFiles: [AUTH_MARKER] }))).toEqual([]);
  });

  it("fails the auth-gap block without its marker", () => {
    const findings = gate.check(buildRun({ report: authGap, env: codexEnv, trace: BLOCKED_TRACE, caseConfig: absent() }));
    expect(codes(findings)).toEqual(["MISSING_AUTH_UNAVAILABLE_MARKER"]);
    expect(findings[0]).toMatchObject({ file: AUTH_MARKER, line: null });
  });

  it("fails codex without the bridge that started and did not block", () => {
    const findings = gate.check(buildRun({ report: codexReport, env: { ...codexEnv, [ENV.codexAuthBridge]: "0" }, addFiles: [AUTH_MARKER] }));
    expect(codes(findings)).toEqual(["CODEX_NOT_BLOCKED_WITHOUT_AUTH_BRIDGE", "CODEX_STARTED_WITHOUT_AUTH_BRIDGE"]);
  });

  it("leaves other providers and unadmitted codex runs alone", () => {
    expect(gate.check(buildRun())).toEqual([]);
    expect(gate.check(buildRun({ report: { ...authGap, case_model_admission_status: "missing_admission" }, env: codexEnv }))).toEqual([]);
  });
});
