import type { RuleDescriptor } from "../../src/formatters/context.js";
import type { AuditResult } from "../../src/types.js";

/**
 * Fake secrets generated for these tests (random characters in each provider's format).
 * They appear nowhere in the fixture: its previews were masked from them, as the pipeline would.
 */
export const PLANTED_SECRETS = [
  "sk-proj-JLdB6UXOFXf4ba5sXdpuYdeqvHLyCXdhyjcSV9uXBReUcVAM",
  "ghp_ZkAj7JFEAzTEAGj39GXb4wD4iP7QxDPeCTE9",
  "AKIAB5Z5FLIY2S67MZB4",
] as const;

/** Masks as contract §9 says: the first 4 characters and the length. */
export function previewOf(secret: string): string {
  return `${secret.slice(0, 4)}…(${secret.length} chars)`;
}

export const PASSING_RUN = "20260601T013918Z-r1-string-slugify-2381028";
export const MISSING_MARKER_RUN = "20260602T101500Z-gate-missing-marker-1001";
export const ODD_PATHS_RUN = "20260603T020000Z-r2-odd-paths-77";
export const ODD_FILE = "backend/logs/odd name <&> 'q'.log";

/** One literal result exercising every branch the formatters have. */
export const FIXTURE: AuditResult = {
  version: 1,
  tool: { name: "harness-audit", version: "0.1.0" },
  summary: { runs: 3, passed: 1, failed: 2, findings: 11, suppressed: 1 },
  runs: [
    {
      id: PASSING_RUN,
      path: `harness-runs/${PASSING_RUN}`,
      verdict: "pass",
      status: "pass",
      findings: [
        {
          category: "schema",
          rule: "schema/report",
          code: "UNKNOWN_FIELD_TYPE",
          severity: "warning",
          message: "report.json field started_at is not an ISO-8601 timestamp",
          file: "report.json",
          line: 14,
          column: 3,
          fingerprint: "33871045587776e7",
        },
        {
          category: "secret",
          rule: "@secretlint/secretlint-rule-github",
          code: "GITHUB_TOKEN",
          severity: "error",
          message: "GitHub personal access token",
          file: "backend/case.stdout.txt",
          line: 2,
          column: 17,
          preview: previewOf(PLANTED_SECRETS[1]),
          fingerprint: "4db7aa9463c6cf06",
          suppressed: { reason: "revoked test token, see ticket OPS-12", expires: "2026-12-31" },
        },
      ],
    },
    {
      id: MISSING_MARKER_RUN,
      path: `harness-runs/${MISSING_MARKER_RUN}`,
      verdict: "fail",
      status: "blocked",
      findings: [
        {
          category: "gate",
          rule: "gate/admission-before-start",
          code: "STARTED_WITHOUT_ADMISSION",
          severity: "error",
          message: "Case started although admission status is missing_admission",
          file: null,
          line: null,
          column: null,
          fingerprint: "78f1d575186ba0db",
        },
        {
          category: "integrity",
          rule: "gate/missing-admission-marker",
          code: "MARKER_MISSING",
          severity: "error",
          message: "missing_admission without backend/provider-model-not-admitted.txt",
          file: "backend/provider-model-not-admitted.txt",
          line: null,
          column: null,
          fingerprint: "43fa2c368481a972",
        },
        {
          category: "model",
          rule: "model/non-admitted",
          code: "NON_ADMITTED_MODEL",
          severity: "error",
          message: "model claude-sonnet-4-6 is not the admitted model",
          file: "report.md",
          line: 7,
          column: 21,
          fingerprint: "01c88b65684dfd29",
        },
        {
          category: "secret",
          rule: "@secretlint/secretlint-rule-openai",
          code: "OPENAI_API_KEY",
          severity: "error",
          message: "OpenAI API key",
          file: "backend/case.stderr.txt",
          line: 12,
          column: 5,
          preview: previewOf(PLANTED_SECRETS[0]),
          decoding: "json-string",
          fingerprint: "fa499c0170804b9e",
        },
      ],
    },
    {
      id: ODD_PATHS_RUN,
      path: `harness-runs/nightly <&> "2"/${ODD_PATHS_RUN}`,
      verdict: "fail",
      status: null,
      findings: [
        {
          category: "integrity",
          rule: "integrity/missing-artifact",
          code: "REQUIRED_ARTIFACT_MISSING",
          severity: "error",
          message: "required artifact report.json is missing",
          file: "report.json",
          line: null,
          column: null,
          fingerprint: "8b64941d7f69577e",
        },
        {
          category: "secret",
          rule: "@secretlint/secretlint-rule-aws",
          code: "AWS_ACCESS_KEY_ID",
          severity: "error",
          message: "AWS access key ID",
          file: ODD_FILE,
          line: 3,
          column: 1,
          preview: previewOf(PLANTED_SECRETS[2]),
          decoding: "base64",
          fingerprint: "5c3e2860948c70ab",
        },
        {
          category: "schema",
          rule: "schema/report",
          code: "UNKNOWN_STATUS",
          severity: "warning",
          // Markup, a table pipe, a backtick, a terminal escape and a character XML 1.0 forbids.
          message: "status `<b>done</b>` | *bold* \u001b[31mred\u001b[0m \u0001 is not pass, fail or blocked",
          file: "trace.jsonl",
          line: 1,
          column: null,
          fingerprint: "3f1c0d9e8a7b6c5d",
        },
      ],
    },
  ],
  registry: {
    path: "sample-runs/admissions",
    findings: [
      {
        category: "schema",
        rule: "registry/stale-admission",
        code: "REVIEW_TRIGGER_PASSED",
        severity: "error",
        message: "review_trigger 2026-01-01 is in the past",
        file: "CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json",
        line: 9,
        column: 3,
        fingerprint: "a1b2c3d4e5f60718",
      },
      {
        category: "schema",
        rule: "registry/stale-admission",
        code: "NO_EVIDENCE_EXPECTATIONS",
        severity: "warning",
        message: "admission record has no evidence_expectations",
        file: "CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json",
        line: null,
        column: null,
        fingerprint: "b2c3d4e5f6071829",
      },
    ],
  },
  allowlist: {
    path: ".harness-audit-allowlist.json",
    findings: [
      {
        category: "schema",
        rule: "allowlist/expired-entry",
        code: "ENTRY_EXPIRED",
        severity: "warning",
        message: "allowlist entry for fingerprint 9e8d7c6b expired on 2026-05-01",
        file: null,
        line: null,
        column: null,
        fingerprint: "c3d4e5f60718293a",
      },
    ],
  },
};

/** The previous sweep: the missing-marker run passed then, the odd-paths run did not exist. */
export const PREVIOUS: AuditResult = {
  ...FIXTURE,
  summary: { runs: 2, passed: 2, failed: 0, findings: 0, suppressed: 0 },
  runs: [
    { id: PASSING_RUN, path: `harness-runs/${PASSING_RUN}`, verdict: "pass", status: "pass", findings: [] },
    { id: MISSING_MARKER_RUN, path: `harness-runs/${MISSING_MARKER_RUN}`, verdict: "pass", status: "pass", findings: [] },
  ],
};

/** Gates and secret rules as the lead's registries would describe them (deliberately incomplete). */
export const RULES: RuleDescriptor[] = [
  { id: "gate/admission-before-start", category: "gate", description: "Missing or unadmitted provider/model blocks before case_process_started." },
  { id: "gate/missing-admission-marker", category: "gate", description: "missing_admission comes with backend/provider-model-not-admitted.txt." },
  { id: "gate/pass-only-admitted", category: "gate", description: "A pass report only on the admitted path, with a fake baseline." },
  { id: "model/non-admitted", category: "model", description: "No model other than the admitted one appears in any artifact." },
  { id: "schema/report", category: "schema", description: "report.json fields and vocabulary follow the contract." },
  {
    id: "@secretlint/secretlint-rule-openai",
    category: "secret",
    description: "OpenAI API keys.",
    helpUri: "https://github.com/secretlint/secretlint/tree/master/packages/%40secretlint/secretlint-rule-openai",
  },
  { id: "@secretlint/secretlint-rule-github", category: "secret", description: "GitHub tokens." },
];
