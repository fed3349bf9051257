/**
 * The contract's vocabularies (harness-run-contract.md §4, §7), as `as const` arrays so the
 * zod schemas, the README tables and the TypeScript types are derived from one source.
 */

export const REPORT_STATUSES = ["pass", "fail", "blocked"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const BACKENDS = ["case", "fake"] as const;

export const ADMISSION_STATUSES = [
  "admitted",
  "missing_admission",
  "mismatch",
  "invalid_admission",
  "not_admitted",
] as const;
export type AdmissionStatus = (typeof ADMISSION_STATUSES)[number];

export const PROVIDER_CLASSES = [
  "external_anthropic",
  "external_openai_codex",
  "local_case_compatible",
] as const;
export type ProviderClass = (typeof PROVIDER_CLASSES)[number];

export const DECISION_STATUSES = [
  "not_decided",
  "external_provider_approved",
  "local_provider_required",
] as const;

/** The only status an admission record may carry (§7). */
export const ADMISSION_RECORD_STATUSES = ["admitted"] as const;

/** Environment variables the harness reads (seeds). */
export const ENV = {
  provider: "CTO_HARNESS_CASE_MODEL_PROVIDER",
  model: "CTO_HARNESS_CASE_MODEL",
  admissionFile: "CTO_HARNESS_CASE_MODEL_ADMISSION_FILE",
  localBaseUrl: "CTO_HARNESS_CASE_LOCAL_BASE_URL",
  codexAuthBridge: "CTO_HARNESS_CASE_OPENAI_CODEX_AUTH_BRIDGE",
} as const;

/** Trace event that says Case was started (gate 1). */
export const CASE_STARTED_EVENT = "case_process_started";

/** Failure class that requires the protocol marker (gate 9). */
export const PROTOCOL_FAILURE_CLASS = "agent-protocol-error";

/** The provider that needs the Codex auth bridge (gate 8). */
export const CODEX_PROVIDER = "openai-codex";

/**
 * report.md bullet labels and the report.json field each one states (§5). A bullet reads
 * "- <label>: `<value>`." and must agree with the field.
 */
export const REPORT_MD_FACTS = [
  { label: "Report status", field: "status" },
  { label: "Backend", field: "backend" },
  { label: "Case process started", field: "case_process_started" },
  { label: "Case model provider", field: "case_model_provider" },
  { label: "Case model", field: "case_model" },
  { label: "Case model admission status", field: "case_model_admission_status" },
  { label: "Failure reason", field: "reason" },
  { label: "Protocol marker", field: "marker" },
] as const;
