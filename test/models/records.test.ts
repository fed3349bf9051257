import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  admissionFileName,
  checkAdmissionRecord,
  checkDecisionRecord,
  findSecretKeys,
  isIsoTimestamp,
  isReviewDue,
  isSecretKey,
  jsonPath,
  recordKind,
  reviewByDate,
} from "../../src/evidence/schemas/records.js";
import type { Admission } from "../../src/gates/gate.js";

const NOW = new Date("2026-06-15T12:00:00Z");

const codex = {
  status: "admitted",
  provider: "openai-codex",
  model: "gpt-5.5",
  credential_source_class: "hermes-openai-codex-oauth-and-local-vllm-config",
  allowed_network_class: "codex-oauth-hosted-model-plus-local-vllm-fallback",
  approval_source: "JP chat approval on 2026-05-31",
  admission_timestamp: "2026-06-01T01:00:00Z",
  review_trigger: "2026-12-01",
};
const CODEX_FILE = `registry/${admissionFileName("openai-codex", "gpt-5.5")}`;

const codes = (findings: { code: string }[]) => findings.map((f) => f.code).sort();
const admit = (value: unknown, file = CODEX_FILE, now = NOW) => checkAdmissionRecord(value, { file }, { now });

const decision = {
  decision_status: "not_decided",
  provider_class: "",
  provider: "",
  model: "",
  approval_source: "",
  credential_source_class: "",
  allowed_network_class: "",
  review_trigger: "",
  evidence_sources: [],
  effect: "CTO-WORK-020 remains blocked until admitted provider/model and real Stage 2 pass report exist",
};

describe("checkAdmissionRecord", () => {
  it("admits a valid seed record", () => {
    const result = admit(codex);
    expect(result.findings).toEqual([]);
    expect(result.admission).toEqual({
      provider: "openai-codex",
      model: "gpt-5.5",
      file: CODEX_FILE,
      fileName: "CTO-CASE-MODEL-PROVIDER-ADMISSION.openai-codex-gpt-5.5.json",
      reviewBy: "2026-12-01",
    });
  });

  it("reports each missing required field with its JSON path", () => {
    for (const field of Object.keys(codex)) {
      const { [field]: _dropped, ...rest } = codex as Record<string, unknown>;
      const result = admit(rest);
      expect(result.admission).toBeNull();
      const missing = result.findings.filter((f) => f.code === "MISSING_FIELD");
      expect(missing).toHaveLength(1);
      expect(missing[0]?.message).toContain(`$.${field}`);
      expect(missing[0]).toMatchObject({ category: "schema", rule: "schema/admission-record", severity: "error", file: CODEX_FILE });
    }
  });

  it("rejects a status other than admitted and names the allowed value", () => {
    const result = admit({ ...codex, status: "not_admitted" });
    expect(codes(result.findings)).toEqual(["INVALID_VALUE"]);
    expect(result.findings[0]?.message).toContain('"admitted"');
    expect(result.admission).toBeNull();
  });

  it("rejects wrong types, empty strings, bad timestamps and spaces in IDs", () => {
    expect(codes(admit({ ...codex, approval_source: 42 }).findings)).toEqual(["INVALID_TYPE"]);
    expect(codes(admit({ ...codex, approval_source: "  " }).findings)).toEqual(["INVALID_VALUE"]);
    expect(codes(admit({ ...codex, admission_timestamp: "2026-02-30T00:00:00Z" }).findings)).toEqual(["INVALID_VALUE"]);
    expect(codes(admit({ ...codex, admission_timestamp: "yesterday" }).findings)).toEqual(["INVALID_VALUE"]);
    expect(codes(admit({ ...codex, model: "gpt 5.5" }, "registry/x.json").findings)).toEqual(["FILE_NAME_MISMATCH", "INVALID_VALUE"]);
    expect(codes(admit({ ...codex, evidence_expectations: [] }).findings)).toEqual(["INVALID_VALUE"]);
    expect(admit({ ...codex, evidence_expectations: ["report.json fields"] }).admission).not.toBeNull();
    expect(admit({ ...codex, admission_timestamp: "2026-06-01" }).admission).not.toBeNull();
    expect(admit({ ...codex, admission_timestamp: "2026-06-01T01:00:00.123+02:00" }).admission).not.toBeNull();
  });

  it("rejects a record that is not an object", () => {
    for (const value of [null, [], "admitted", 3]) expect(codes(admit(value).findings)).toEqual(["NOT_AN_OBJECT"]);
  });

  it("requires the file name to agree with provider and model", () => {
    const wrong = admit(codex, "registry/CTO-CASE-MODEL-PROVIDER-ADMISSION.openai-codex-gpt-5.json");
    expect(codes(wrong.findings)).toEqual(["FILE_NAME_MISMATCH"]);
    expect(wrong.findings[0]?.rule).toBe("schema/admission-record");
    expect(wrong.admission).toBeNull();
    expect(codes(admit(codex, "admission.json").findings)).toEqual(["FILE_NAME_MISMATCH"]);
    // Windows-style paths are split on backslashes too.
    expect(admit(codex, `C:\\registry\\${admissionFileName("openai-codex", "gpt-5.5")}`).admission).not.toBeNull();
  });

  it("reports secret keys at any depth without printing their values", () => {
    const secretValue = "fake-value-0000-do-not-print";
    const result = admit({ ...codex, auth: { nested: [{ Client_Secret: secretValue }] }, OPENAI_API_KEY: secretValue });
    const secret = result.findings.filter((f) => f.code === "SECRET_KEY_IN_RECORD");
    expect(secret.map((f) => f.message.split(" ")[0]).sort()).toEqual(["$.OPENAI_API_KEY", "$.auth", "$.auth.nested[0].Client_Secret"]);
    for (const f of secret) expect(f).toMatchObject({ category: "secret", rule: "registry/secret-key", severity: "error" });
    for (const f of result.findings) expect(f.message).not.toContain(secretValue);
    expect(result.admission).toBeNull();
  });

  it("warns about a past review date but still admits, with reviewBy for the gates", () => {
    const stale = admit({ ...codex, review_trigger: "review by 2026-01-15 or on adapter change" });
    expect(stale.findings).toHaveLength(1);
    expect(stale.findings[0]).toMatchObject({ code: "STALE_ADMISSION", rule: "registry/stale-admission", severity: "warning" });
    expect(stale.admission?.reviewBy).toBe("2026-01-15");
    // The review day itself is not past yet.
    expect(admit({ ...codex, review_trigger: "2026-06-15" }).findings).toEqual([]);
    expect(codes(admit({ ...codex, review_trigger: "2026-06-14" }).findings)).toEqual(["STALE_ADMISSION"]);
    // A condition has no date: never stale.
    const condition = admit({ ...codex, review_trigger: "when Case changes its provider adapter" });
    expect(condition.findings).toEqual([]);
    expect(condition.admission?.reviewBy).toBeNull();
  });

  it("never puts a record value in a message", () => {
    const marker = "VALUE-MARKER-9c1e";
    const value = {
      status: marker,
      provider: `${marker} x`,
      model: 7,
      credential_source_class: [marker],
      approval_source: { marker },
      admission_timestamp: marker,
      review_trigger: "",
    };
    const result = admit(value);
    expect(result.findings.length).toBeGreaterThan(5);
    for (const f of result.findings) expect(f.message).not.toContain(marker);
  });

  it("never throws on arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = admit(value);
        for (const f of result.findings) expect(f.file).toBe(CODEX_FILE);
        if (result.admission) expect(result.findings.every((f) => f.severity === "warning")).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("checkDecisionRecord", () => {
  const file = "registry/decision.json";
  const check = (value: unknown, admissions: Admission[] = []) => checkDecisionRecord(value, { file }, { admissions });
  const qwenAdmission: Admission = {
    provider: "qwen-local",
    model: "qwen3.6-35b-a3b",
    file: "x",
    fileName: admissionFileName("qwen-local", "qwen3.6-35b-a3b"),
    reviewBy: null,
  };

  it("accepts the not_decided safe default with empty fields", () => {
    const result = check(decision);
    expect(result.findings).toEqual([]);
    expect(result.record?.decision_status).toBe("not_decided");
  });

  it("rejects a status outside the vocabulary and names the allowed ones", () => {
    const result = check({ ...decision, decision_status: "approved" });
    expect(codes(result.findings)).toEqual(["INVALID_VALUE"]);
    expect(result.findings[0]?.message).toContain('"local_provider_required"');
    expect(result.findings[0]?.rule).toBe("schema/decision-record");
    expect(result.record).toBeNull();
  });

  it("requires every field of the template", () => {
    const { effect: _e, evidence_sources: _s, ...rest } = decision;
    expect(codes(check(rest).findings)).toEqual(["MISSING_FIELD", "MISSING_FIELD"]);
  });

  it("requires the full approval for external_provider_approved", () => {
    const external = { ...decision, decision_status: "external_provider_approved" };
    const result = check(external);
    expect(codes(result.findings)).toEqual([
      ...Array(7).fill("DECISION_FIELD_REQUIRED"),
      "DECISION_PROVIDER_CLASS",
    ]);
    const complete = {
      ...external,
      provider_class: "external_openai_codex",
      provider: "openai-codex",
      model: "gpt-5.5",
      approval_source: "JP chat approval on 2026-05-31",
      credential_source_class: "hermes-openai-codex-oauth-and-local-vllm-config",
      allowed_network_class: "codex-oauth-hosted-model-plus-local-vllm-fallback",
      review_trigger: "2026-12-01",
      evidence_expectations: ["report.json records the admitted pair"],
    };
    expect(check(complete).findings).toEqual([]);
    expect(codes(check({ ...complete, provider_class: "local_case_compatible" }).findings)).toEqual(["DECISION_PROVIDER_CLASS"]);
  });

  it("requires local_case_compatible and an empty or admitted pair for local_provider_required", () => {
    const local = { ...decision, decision_status: "local_provider_required", provider_class: "local_case_compatible" };
    expect(check(local).findings).toEqual([]);
    expect(codes(check({ ...local, provider_class: "external_anthropic" }).findings)).toEqual(["DECISION_PROVIDER_CLASS"]);
    const withPair = { ...local, provider: "qwen-local", model: "qwen3.6-35b-a3b" };
    expect(codes(check(withPair).findings)).toEqual(["DECISION_PAIR_NOT_ADMITTED"]);
    expect(check(withPair, [qwenAdmission]).findings).toEqual([]);
  });

  it("wants references in evidence_sources, not copied evidence", () => {
    const result = check({ ...decision, evidence_sources: ["commit 09b5851", "- Report status: `fail`.\n- Backend: `case`."] });
    expect(codes(result.findings)).toEqual(["EVIDENCE_NOT_REFERENCE"]);
    expect(result.findings[0]?.message).toContain("$.evidence_sources[1]");
    expect(codes(check({ ...decision, evidence_sources: ["x".repeat(301)] }).findings)).toEqual(["EVIDENCE_NOT_REFERENCE"]);
  });

  it("reports secret keys in decision records", () => {
    expect(codes(check({ ...decision, refresh_token: "" }).findings)).toEqual(["SECRET_KEY_IN_RECORD"]);
  });

  it("never throws on arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        check(value);
      }),
      { numRuns: 500 },
    );
  });
});

describe("record helpers", () => {
  it("tells records apart by decision_status", () => {
    expect(recordKind(decision)).toBe("decision");
    expect(recordKind(codex)).toBe("admission");
    expect(recordKind([])).toBe("admission");
  });

  it("recognises secret-bearing keys in any spelling", () => {
    for (const key of [
      "api_key", "apiKey", "API-KEY", "token", "Secret", "password", "passwd", "client_secret", "private_key",
      "access_key", "refresh_token", "Authorization", "openai_api_key", "GITHUB_TOKEN", "aws.secret.access.key", "credentials",
    ]) {
      expect([key, isSecretKey(key)]).toEqual([key, true]);
    }
    for (const key of ["credential_source_class", "max_tokens", "token_budget", "review_trigger", "provider", "auth_bridge", "keys"]) {
      expect([key, isSecretKey(key)]).toEqual([key, false]);
    }
    expect(findSecretKeys({ a: [{ b: { Token: 1 } }] })).toEqual([["a", 0, "b", "Token"]]);
  });

  it("prints JSON paths", () => {
    expect(jsonPath([])).toBe("$");
    expect(jsonPath(["a", 0, "b-c"])).toBe("$.a[0].b-c");
    expect(jsonPath(["odd key"])).toBe('$["odd key"]');
  });

  it("finds the earliest valid date in a review trigger", () => {
    expect(reviewByDate("2026-12-01")).toBe("2026-12-01");
    expect(reviewByDate("review by 2026-12-01 or 2026-09-30")).toBe("2026-09-30");
    expect(reviewByDate("expires 2026-09-30T10:00:00Z")).toBe("2026-09-30T10:00:00Z");
    expect(reviewByDate("when the adapter changes")).toBeNull();
    expect(reviewByDate("2026-13-40 is not a date")).toBeNull();
    expect(reviewByDate("build 12026-12-01")).toBeNull();
    expect(isReviewDue("2026-06-14", NOW)).toBe(true);
    expect(isReviewDue("2026-06-15", NOW)).toBe(false);
    expect(isReviewDue("2026-06-15T11:59:59Z", NOW)).toBe(true);
    expect(isReviewDue("2026-06-15T12:00:01Z", NOW)).toBe(false);
  });

  it("accepts ISO-8601 timestamps only", () => {
    for (const ok of ["2026-05-31", "2026-05-31T12:00:00Z", "2026-05-31T12:00Z", "2026-05-31T12:00:00.5-07:00"]) expect(isIsoTimestamp(ok)).toBe(true);
    for (const bad of ["2026-05-31T12:00:00", "2026-02-29", "31/05/2026", "2026-05-31T25:00:00Z", ""]) expect(isIsoTimestamp(bad)).toBe(false);
  });
});
