/** The four outcomes of contract §8, as RunFacts: each passes every gate of this registry. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENV } from "../../src/evidence/vocabulary.js";
import { GATE_FAILED, runGates } from "../../src/gates/index.js";
import { BLOCKED_TRACE, CODEX_ADMISSION_PATH, absent, buildRun } from "./facts.js";

const codex = {
  case_model_provider: "openai-codex",
  case_model: "gpt-5.5",
  case_model_admission_file: CODEX_ADMISSION_PATH,
  provider_class: "external_openai_codex",
};
const codexEnv = { [ENV.provider]: "openai-codex", [ENV.model]: "gpt-5.5", [ENV.admissionFile]: CODEX_ADMISSION_PATH, [ENV.localBaseUrl]: undefined };
const protocolFailure = {
  status: "fail",
  reason: "case agent result protocol failed",
  failure_class: "agent-protocol-error",
  marker: "backend/provider-agent-protocol.txt",
};

describe("contract §8 outcomes pass every gate", () => {
  it("admitted openai-codex/gpt-5.5 run that failed with a protocol error", () => {
    const run = buildRun({
      report: { ...codex, ...protocolFailure },
      env: { ...codexEnv, [ENV.codexAuthBridge]: "1" },
      caseConfig: { value: { models: { default: "gpt-5.5" } } },
      addFiles: ["backend/provider-agent-protocol.txt"],
    });
    expect(runGates(run)).toEqual([]);
  });

  it("Codex auth-gap block", () => {
    const run = buildRun({
      report: { ...codex, status: "blocked", reason: "case provider auth unavailable", case_process_started: false, marker: "backend/provider-auth-unavailable.txt" },
      env: codexEnv,
      trace: BLOCKED_TRACE,
      caseConfig: absent(),
      addFiles: ["backend/provider-auth-unavailable.txt"],
    });
    expect(runGates(run)).toEqual([]);
  });

  it("admitted qwen-local run with the protocol marker", () => {
    const run = buildRun({ report: protocolFailure, addFiles: ["backend/provider-agent-protocol.txt"] });
    expect(runGates(run)).toEqual([]);
  });

  it("Qwen local run blocked for a missing CTO_HARNESS_CASE_LOCAL_BASE_URL", () => {
    const run = buildRun({
      report: { status: "blocked", reason: "missing explicit local provider config", case_process_started: false },
      env: { [ENV.localBaseUrl]: undefined },
      trace: BLOCKED_TRACE,
      caseConfig: absent(),
    });
    expect(runGates(run)).toEqual([]);
  });

  it("no gate throws on any JSON in any artifact", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), fc.option(fc.string()), (report, config, baseline, md) => {
        const run = buildRun({
          reportArtifact: { value: report },
          caseConfig: { value: config },
          baselineReport: { value: baseline },
          reportMd: md,
        });
        expect(runGates(run).map((finding) => finding.code)).not.toContain(GATE_FAILED);
      }),
    );
  });
});
