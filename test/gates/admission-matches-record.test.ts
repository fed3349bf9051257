import { describe, expect, it } from "vitest";
import gate from "../../src/gates/admission-matches-record.js";
import { ENV } from "../../src/evidence/vocabulary.js";
import { CODEX_ADMISSION, CODEX_ADMISSION_PATH, QWEN_ADMISSION, buildRun, codes, unparsable } from "./facts.js";

describe("gate/admission-matches-record", () => {
  it("passes an admitted pair whose record is in the registry, named by a path from another machine", () => {
    expect(gate.check(buildRun())).toEqual([]);
    expect(gate.check(buildRun({ report: { case_model_admission_file: `C:\\sot\\${QWEN_ADMISSION.fileName}` } }))).toEqual([]);
  });

  it("fails an admitted pair that no registry record admits (empty registry admits nothing)", () => {
    const findings = gate.check(buildRun({ admissions: [] }));
    expect(codes(findings)).toEqual(["NOT_ADMITTED_BY_REGISTRY"]);
    expect(findings[0]).toMatchObject({ file: "report.json", line: null });
    expect(codes(gate.check(buildRun({ admissions: [CODEX_ADMISSION] })))).toEqual(["NOT_ADMITTED_BY_REGISTRY"]);
  });

  it("fails a pair whose only record names the provider with another model", () => {
    const findings = gate.check(buildRun({ admissions: [{ ...QWEN_ADMISSION, model: "qwen3.6-35b" }] }));
    expect(codes(findings)).toEqual(["NOT_ADMITTED_BY_REGISTRY"]);
  });

  it("fails when case_model_admission_file is another record or none", () => {
    expect(codes(gate.check(buildRun({ report: { case_model_admission_file: CODEX_ADMISSION_PATH }, env: { [ENV.admissionFile]: undefined } })))).toEqual([
      "ADMISSION_FILE_MISMATCH",
    ]);
    expect(codes(gate.check(buildRun({ report: { case_model_admission_file: null } })))).toEqual(["ADMISSION_FILE_MISSING"]);
  });

  it("fails when the env pair or env admission file disagrees with the report", () => {
    const findings = gate.check(buildRun({ env: { [ENV.provider]: "anthropic", [ENV.model]: "claude-sonnet-4-6", [ENV.admissionFile]: CODEX_ADMISSION_PATH } }));
    expect(codes(findings)).toEqual(["ENV_ADMISSION_FILE_MISMATCH", "ENV_MODEL_MISMATCH", "ENV_PROVIDER_MISMATCH"]);
  });

  it("checks the env pair even when the run was not admitted", () => {
    const report = { status: "blocked", reason: "mismatch", case_process_started: false, case_model_admission_status: "mismatch" };
    expect(gate.check(buildRun({ report }))).toEqual([]);
    expect(codes(gate.check(buildRun({ report, env: { [ENV.model]: "gpt-5.5" } })))).toEqual(["ENV_MODEL_MISMATCH"]);
  });

  it("ignores absent env variables", () => {
    expect(gate.check(buildRun({ env: { [ENV.provider]: undefined, [ENV.model]: undefined, [ENV.admissionFile]: undefined } }))).toEqual([]);
  });

  it("a record due for review before the run started does not admit it", () => {
    expect(codes(gate.check(buildRun({ admissions: [{ ...QWEN_ADMISSION, reviewBy: "2026-05-31" }] })))).toEqual(["ADMISSION_STALE"]);
    // A date-only review date covers its whole day.
    expect(gate.check(buildRun({ admissions: [{ ...QWEN_ADMISSION, reviewBy: "2026-06-01" }] }))).toEqual([]);
    expect(codes(gate.check(buildRun({ admissions: [{ ...QWEN_ADMISSION, reviewBy: "2026-06-01T00:00:00Z" }] })))).toEqual(["ADMISSION_STALE"]);
    // One current record for the pair is enough.
    expect(gate.check(buildRun({ admissions: [{ ...QWEN_ADMISSION, reviewBy: "2026-05-31" }, QWEN_ADMISSION] }))).toEqual([]);
  });

  it("says nothing about an unreadable report", () => {
    expect(gate.check(buildRun({ reportArtifact: unparsable() }))).toEqual([]);
  });
});
