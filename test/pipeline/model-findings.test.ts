import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { finalizeFindings } from "../../src/pipeline/finalize.js";
import { modelFindings, modelVerdicts, requestedPair, type ModelOccurrences } from "../../src/pipeline/model-findings.js";
import { buildRun, CODEX_ADMISSION, QWEN_ADMISSION, unparsable } from "../gates/facts.js";
import { masker } from "../helpers/masker.js";

const policy = { allowRefusedModelInBlockedRun: true, alwaysAllowedModels: [] };

function seen(id: string, family: string, lines: number[], count = lines.length): ModelOccurrences {
  return { id, family, occurrences: lines.map((line) => ({ line, column: 3 })), count };
}

const CODEX_RUN = {
  case_model_provider: "openai-codex",
  case_model: "gpt-5.5",
  provider_class: "external_openai_codex",
};
const CODEX_ENV = { CTO_HARNESS_CASE_MODEL_PROVIDER: "openai-codex", CTO_HARNESS_CASE_MODEL: "gpt-5.5" };

describe("model findings: the registry is the authority", () => {
  it("never calls the model of the requested, admitted pair non-admitted, whatever the report claims about its admission", () => {
    for (const claim of ["missing_admission", "admtted", "not_admitted", "mismatch", undefined]) {
      const run = buildRun({ report: { ...CODEX_RUN, case_model_admission_status: claim }, env: CODEX_ENV });
      expect(modelFindings("backend/case.log", [seen("gpt-5.5", "gpt", [4, 9])], modelVerdicts(run, policy))).toEqual([]);
    }
  });

  it("holds for any status, start flag and trace the report may show (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), fc.constantFrom("pass", "fail", "blocked", "x"), fc.boolean(), (claim, started, status, traced) => {
        const run = buildRun({
          report: { ...CODEX_RUN, case_model_admission_status: claim, case_process_started: started, status },
          trace: traced ? ["run_started", "case_process_started"] : ["run_started"],
        });
        return modelFindings("trace.jsonl", [seen("gpt-5.5", "gpt", [1]), seen("GPT-5.5", "gpt", [2])], modelVerdicts(run, policy)).length === 0;
      }),
    );
  });

  it("reads the pair from the recorded environment when report.json does not hold it", () => {
    const run = buildRun({ reportArtifact: unparsable(), env: CODEX_ENV });
    expect(requestedPair(run)).toEqual({ provider: "openai-codex", model: "gpt-5.5", source: "env" });
    expect(modelFindings("backend/case.log", [seen("gpt-5.5", "gpt", [1])], modelVerdicts(run, policy))).toEqual([]);
  });

  it("with no readable pair, a model some record admits is one warning per file, and one no record admits still fails", () => {
    const run = buildRun({ reportArtifact: unparsable(), env: { CTO_HARNESS_CASE_MODEL_PROVIDER: undefined, CTO_HARNESS_CASE_MODEL: undefined } });
    expect(requestedPair(run)).toBeNull();
    const findings = modelFindings("backend/case.log", [seen("gpt-5.5", "gpt", [2, 5, 8]), seen("claude-sonnet-4-6", "claude", [7])], modelVerdicts(run, policy));
    expect(findings.map((f) => [f.code, f.severity, f.line])).toEqual([
      ["MODEL_PAIR_UNREADABLE", "warning", 2],
      ["NON_ADMITTED_MODEL", "error", 7],
    ]);
    expect(findings[0]?.message).not.toMatch(/non-admitted/);
    expect(findings[0]?.message).toContain("3 occurrences");
  });

  it("a model admitted for another pair is 'not this run's admitted model', never 'non-admitted'", () => {
    const run = buildRun();
    const [codex, claude] = modelFindings("report.md", [seen("gpt-5.5", "gpt", [3]), seen("claude-sonnet-4-6", "claude", [4])], modelVerdicts(run, policy));
    expect(codex?.message).toBe("model gpt-5.5 (gpt) is not this run's admitted model: this run's admitted model is qwen3.6-35b-a3b (qwen-local)");
    expect(claude?.message).toMatch(/^non-admitted model claude-sonnet-4-6 \(claude\): no admission record admits it/);
  });

  it("says when the requested pair itself has no valid record", () => {
    const run = buildRun({ report: { case_model_provider: "anthropic", case_model: "claude-sonnet-4-6", status: "fail" }, admissions: [QWEN_ADMISSION] });
    const [finding] = modelFindings("backend/case.log", [seen("claude-sonnet-4-6", "claude", [1])], modelVerdicts(run, policy));
    expect(finding?.message).toContain("no valid admission record admits anthropic/claude-sonnet-4-6, the pair this run requested");
  });

  it("lets a run that blocked before start name the model it refused (v1 choice), and only then", () => {
    const blocked = { case_model_provider: "anthropic", case_model: "claude-sonnet-4-6", status: "blocked", case_process_started: false };
    const run = (trace: string[]) => buildRun({ report: blocked, trace, admissions: [CODEX_ADMISSION] });
    const occurrences = [seen("claude-sonnet-4-6", "claude", [1])];
    expect(modelFindings("report.md", occurrences, modelVerdicts(run(["run_started", "run_blocked"]), policy))).toEqual([]);
    expect(modelFindings("report.md", occurrences, modelVerdicts(run(["run_started", "case_process_started"]), policy))).toHaveLength(1);
    expect(modelFindings("report.md", occurrences, modelVerdicts(run(["run_started"]), { ...policy, allowRefusedModelInBlockedRun: false }))).toHaveLength(1);
  });
});

describe("model findings: every place", () => {
  const run = buildRun();

  it("reports each line that names a non-admitted model, with distinct, stable fingerprints", async () => {
    const drafts = modelFindings("backend/case.log", [seen("claude-sonnet-4-6", "claude", [3, 10, 11])], modelVerdicts(run, policy));
    expect(drafts.map((f) => [f.line, f.column])).toEqual([[3, 3], [10, 3], [11, 3]]);
    const findings = await finalizeFindings(drafts, masker);
    expect(findings).toHaveLength(3);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(3);
    const moved = await finalizeFindings(modelFindings("backend/case.log", [seen("claude-sonnet-4-6", "claude", [5, 12, 13])], modelVerdicts(run, policy)), masker);
    expect(moved.map((f) => f.fingerprint)).toEqual(findings.map((f) => f.fingerprint));
  });

  it("past the cap per file and model, one finding says how many more", () => {
    const lines = Array.from({ length: 10 }, (_, i) => i + 1);
    const drafts = modelFindings("backend/case.log", [seen("claude-sonnet-4-6", "claude", lines, 250)], modelVerdicts(run, policy), 4);
    expect(drafts.map((f) => f.code)).toEqual(["NON_ADMITTED_MODEL", "NON_ADMITTED_MODEL", "NON_ADMITTED_MODEL", "NON_ADMITTED_MODEL", "NON_ADMITTED_MODEL_MORE"]);
    expect(drafts[4]).toMatchObject({ line: null, column: null, severity: "error" });
    expect(drafts[4]?.message).toContain("246 more occurrences in this file beyond the 4 listed");
    expect(modelFindings("f", [seen("claude-sonnet-4-6", "claude", [1, 2], 2)], modelVerdicts(run, policy), 4).map((f) => f.code)).toEqual([
      "NON_ADMITTED_MODEL",
      "NON_ADMITTED_MODEL",
    ]);
  });
});
