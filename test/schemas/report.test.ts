import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkBaselineReport, checkReport, formatPath } from "../../src/evidence/schemas/report.js";
import { ADMISSION_STATUSES, BACKENDS, PROVIDER_CLASSES, REPORT_STATUSES } from "../../src/evidence/vocabulary.js";

const valid = {
  status: "fail",
  backend: "case",
  case_process_started: true,
  case_model_provider: "qwen-local",
  case_model: "qwen3.6-35b-a3b",
  case_model_admission_status: "admitted",
  run_id: "20260601T020117Z-r1-string-slugify-2566310",
  task_id: "r1-string-slugify",
  reason: "case agent result protocol failed",
  failure_class: "agent-protocol-error",
  marker: "backend/provider-agent-protocol.txt",
  case_model_admission_file: "/sot/CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json",
  provider_class: "local_case_compatible",
  started_at: "2026-06-01T02:01:17Z",
  finished_at: "2026-06-01T02:09:40.123+02:00",
  env: { CTO_HARNESS_CASE_MODEL: "qwen3.6-35b-a3b" },
  extra_field: { anything: [1, 2] },
};
const keyLines = new Map(Object.keys(valid).map((key, index) => [key, index + 2]));
const codes = (findings: { code: string }[]) => findings.map((f) => f.code).sort();

describe("checkReport", () => {
  it("accepts a full report with extra fields, and the minimal pass report", () => {
    expect(checkReport(valid, "report.json", keyLines)).toEqual([]);
    const { reason, failure_class, marker, case_model_admission_file, provider_class, env, extra_field, ...minimal } = valid;
    expect(checkReport({ ...minimal, status: "pass", case_model_provider: null, case_model: null }, "report.json", new Map())).toEqual([]);
  });

  it("names the file, the JSON path, the key's line and the allowed values", () => {
    const findings = checkReport({ ...valid, case_model_admission_status: "approved" }, "report.json", keyLines);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      category: "schema",
      rule: "schema/report",
      code: "INVALID_VALUE",
      severity: "error",
      file: "report.json",
      line: keyLines.get("case_model_admission_status"),
      column: null,
    });
    const message = findings[0]?.message ?? "";
    expect(message).toContain("report.json");
    expect(message).toContain("case_model_admission_status");
    for (const status of ADMISSION_STATUSES) expect(message).toContain(status);
    expect(message).not.toContain("approved");
  });

  it("reports missing fields, wrong types, bad dates and nested paths", () => {
    const { run_id, ...withoutRunId } = valid;
    const linesWithoutRunId = new Map([...keyLines].filter(([key]) => key !== "run_id"));
    const findings = checkReport(
      { ...withoutRunId, case_process_started: "yes", started_at: "2026-06-01", case_model: 5, env: { OK: "x", BAD: 1 } },
      "report.json",
      linesWithoutRunId,
    );
    expect(codes(findings)).toEqual(["INVALID_FORMAT", "INVALID_TYPE", "INVALID_TYPE", "INVALID_TYPE", "MISSING_FIELD"]);
    expect(findings.find((f) => f.code === "MISSING_FIELD")).toMatchObject({ line: null });
    expect(findings.find((f) => f.message.includes("env.BAD"))).toMatchObject({ code: "INVALID_TYPE", line: keyLines.get("env") });
  });

  it("requires a reason when status is not pass", () => {
    const { reason, ...noReason } = valid;
    expect(codes(checkReport(noReason, "report.json", keyLines))).toEqual(["REASON_REQUIRED"]);
    expect(codes(checkReport({ ...valid, status: "blocked", reason: " " }, "report.json", keyLines))).toEqual(["REASON_REQUIRED"]);
    expect(checkReport({ ...noReason, status: "pass" }, "report.json", keyLines)).toEqual([]);
  });

  it("reports a value that is not an object once", () => {
    for (const value of [null, [], "x", 3]) {
      expect(codes(checkReport(value, "report.json", keyLines))).toEqual(["NOT_AN_OBJECT"]);
    }
  });

  it("does not print evidence values or secret-looking keys", () => {
    const secret = "sk-proj-" + "Ab3".repeat(16);
    const findings = checkReport({ ...valid, status: secret, env: { [secret]: 1 } }, "report.json", keyLines);
    expect(findings.length).toBe(2);
    for (const finding of findings) expect(finding.message).not.toContain("Ab3Ab3");
    expect(formatPath(["env", secret])).toBe("env[…]");
  });

  it("never throws on any JSON value and always returns well-formed schema findings", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const finding of [...checkReport(value, "report.json", keyLines), ...checkBaselineReport(value, "b.json", keyLines)]) {
          expect(finding.category).toBe("schema");
          expect(finding.code).toMatch(/^[A-Z_]+$/);
        }
      }),
    );
  });

  it("accepts every generated valid report", () => {
    const iso = fc
      .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((date) => date.toISOString());
    const nullableString = fc.option(fc.string(), { nil: null });
    const report = fc.record(
      {
        status: fc.constantFrom(...REPORT_STATUSES),
        backend: fc.constantFrom(...BACKENDS),
        case_process_started: fc.boolean(),
        case_model_provider: nullableString,
        case_model: nullableString,
        case_model_admission_status: fc.constantFrom(...ADMISSION_STATUSES),
        run_id: fc.string({ minLength: 1 }),
        task_id: fc.string({ minLength: 1 }),
        started_at: iso,
        finished_at: iso,
        reason: fc.string().filter((s) => s.trim() !== ""),
        failure_class: nullableString,
        marker: nullableString,
        case_model_admission_file: nullableString,
        provider_class: fc.option(fc.constantFrom(...PROVIDER_CLASSES), { nil: null }),
        env: fc.dictionary(fc.string(), fc.string()),
      },
      { requiredKeys: ["status", "backend", "case_process_started", "case_model_provider", "case_model", "case_model_admission_status", "run_id", "task_id", "started_at", "finished_at", "reason"] },
    );
    fc.assert(
      fc.property(report, fc.dictionary(fc.string().map((k) => `x_${k}`), fc.jsonValue()), (value, extra) => {
        expect(checkReport({ ...extra, ...value }, "report.json", new Map())).toEqual([]);
      }),
    );
  });
});

describe("checkBaselineReport", () => {
  it("accepts a fake baseline and rejects another backend with its own rule", () => {
    expect(checkBaselineReport({ ...valid, backend: "fake" }, "baseline/report.json", keyLines)).toEqual([]);
    const findings = checkBaselineReport(valid, "baseline/report.json", keyLines);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: "schema/baseline-report", code: "INVALID_VALUE", file: "baseline/report.json", line: keyLines.get("backend") });
    expect(findings[0]?.message).toContain("fake");
  });
});
