/**
 * Builds literal RunFacts for gate tests. By default: a valid admitted, started, passing run
 * on the Qwen local route, with every artifact in place, that passes every gate. A test
 * overrides only the pieces its case is about.
 */
import { DEFAULT_ARTIFACTS } from "../../src/config/defaults.js";
import type { Admission, JsonArtifact, RunFacts } from "../../src/gates/gate.js";
import { ENV, REPORT_MD_FACTS } from "../../src/evidence/vocabulary.js";

export const RUN_ID = "20260601T020117Z-r1-string-slugify-2566310";

export const QWEN_ADMISSION: Admission = {
  provider: "qwen-local",
  model: "qwen3.6-35b-a3b",
  file: "sample-runs/admissions/CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json",
  fileName: "CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json",
  reviewBy: "2026-12-31",
};

export const CODEX_ADMISSION: Admission = {
  provider: "openai-codex",
  model: "gpt-5.5",
  file: "sample-runs/admissions/CTO-CASE-MODEL-PROVIDER-ADMISSION.openai-codex-gpt-5.5.json",
  fileName: "CTO-CASE-MODEL-PROVIDER-ADMISSION.openai-codex-gpt-5.5.json",
  reviewBy: "2026-12-31",
};

/** Where the harness machine kept the record: a different path, the same file name. */
export const QWEN_ADMISSION_PATH = `/home/svrnty/.sot/03-PROTOCOLS/${QWEN_ADMISSION.fileName}`;
export const CODEX_ADMISSION_PATH = `/home/svrnty/.sot/03-PROTOCOLS/${CODEX_ADMISSION.fileName}`;

export function passingReport(): Record<string, unknown> {
  return {
    status: "pass",
    backend: "case",
    case_process_started: true,
    case_model_provider: "qwen-local",
    case_model: "qwen3.6-35b-a3b",
    case_model_admission_status: "admitted",
    run_id: RUN_ID,
    task_id: "r1-string-slugify",
    started_at: "2026-06-01T02:01:17Z",
    finished_at: "2026-06-01T02:09:40Z",
    failure_class: null,
    marker: null,
    case_model_admission_file: QWEN_ADMISSION_PATH,
    provider_class: "local_case_compatible",
  };
}

export function defaultEnv(): Record<string, string> {
  return {
    [ENV.provider]: "qwen-local",
    [ENV.model]: "qwen3.6-35b-a3b",
    [ENV.admissionFile]: QWEN_ADMISSION_PATH,
    [ENV.localBaseUrl]: "http://127.0.0.1:8000/v1",
  };
}

/** report.md as §5 writes it: one bullet per fact the report states. */
export function renderReportMd(report: Record<string, unknown>): string {
  const optional = new Set<string>(["reason", "marker"]);
  const bullets = REPORT_MD_FACTS.filter((fact) => {
    const value = report[fact.field];
    return optional.has(fact.field) ? typeof value === "string" : value !== undefined;
  }).map((fact) => `- ${fact.label}: \`${String(report[fact.field])}\`.`);
  return ["# Harness run", "", ...bullets, ""].join("\n");
}

/** Trace events written one per line, in order. */
export const STARTED_TRACE = ["run_started", "admission_checked", "case_process_started", "case_finished", "run_finished"];
export const BLOCKED_TRACE = ["run_started", "admission_checked", "run_blocked", "run_finished"];

export const absent = (): Partial<JsonArtifact> => ({ present: false, value: null });
export const unparsable = (): Partial<JsonArtifact> => ({ present: true, value: null });

export interface RunPatch {
  id?: string;
  /** Merged into the passing report; a key set to `undefined` is removed. */
  report?: Record<string, unknown>;
  /** Replaces report.json entirely (presence, value). */
  reportArtifact?: Partial<JsonArtifact>;
  /** report.md text; default: rendered from the final report. `null`: absent. */
  reportMd?: string | null;
  /** Trace events in line order; `null`: no trace file. */
  trace?: readonly string[] | null;
  caseConfig?: Partial<JsonArtifact>;
  baselineReport?: Partial<JsonArtifact>;
  /** Merged into the default env; a key set to `undefined` is removed. */
  env?: Record<string, string | undefined>;
  admissions?: readonly Admission[];
  /** Extra regular files (e.g. markers). */
  addFiles?: readonly string[];
  removeFiles?: readonly string[];
  addDirectories?: readonly string[];
}

function merge<T>(base: Record<string, T>, patch: Record<string, T | undefined> | undefined): Record<string, T> {
  const merged: Record<string, T> = { ...base };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export function buildRun(patch: RunPatch = {}): RunFacts {
  const artifacts = { ...DEFAULT_ARTIFACTS };
  const reportValue = merge<unknown>(passingReport(), patch.report);
  const report: JsonArtifact = { file: artifacts.report, present: true, value: reportValue, ...patch.reportArtifact };
  const reportMdText =
    patch.reportMd === undefined ? renderReportMd(asRecord(report.value) ?? reportValue) : patch.reportMd;
  const traceEvents = patch.trace === undefined ? STARTED_TRACE : patch.trace;
  const firstLineOfEvent = new Map<string, number>();
  (traceEvents ?? []).forEach((event, index) => {
    if (!firstLineOfEvent.has(event)) firstLineOfEvent.set(event, index + 1);
  });
  const caseConfig: JsonArtifact = {
    file: artifacts.caseConfig,
    present: true,
    value: { models: { default: "qwen3.6-35b-a3b" }, providers: { "qwen-local": { api: "openai-completions" } } },
    ...patch.caseConfig,
  };
  const baselineReport: JsonArtifact = {
    file: artifacts.baselineReport,
    present: true,
    value: { ...passingReport(), backend: "fake", case_process_started: false },
    ...patch.baselineReport,
  };
  const files = new Set<string>([
    artifacts.caseStdout,
    artifacts.caseStderr,
    ...(report.present ? [artifacts.report] : []),
    ...(reportMdText !== null ? [artifacts.reportMd] : []),
    ...(traceEvents !== null ? [artifacts.trace] : []),
    ...(caseConfig.present ? [artifacts.caseConfig] : []),
    ...(baselineReport.present ? [artifacts.baselineReport] : []),
    ...(patch.addFiles ?? []),
  ]);
  for (const file of patch.removeFiles ?? []) files.delete(file);
  return {
    id: patch.id ?? RUN_ID,
    files,
    directories: new Set(["backend", "backend/case-data", "baseline", ...(patch.addDirectories ?? [])]),
    report,
    reportMd: { file: artifacts.reportMd, present: reportMdText !== null, text: reportMdText },
    trace: { present: traceEvents !== null, firstLineOfEvent, events: traceEvents?.length ?? 0 },
    caseConfig,
    baselineReport,
    argv: { file: artifacts.argv, present: false, value: null },
    task: { file: artifacts.task, present: false, value: null },
    env: merge<string>(defaultEnv(), patch.env),
    admissions: patch.admissions ?? [QWEN_ADMISSION, CODEX_ADMISSION],
    artifacts,
  };
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The codes of a gate's findings, sorted, for compact assertions. */
export function codes(findings: readonly { code: string }[]): string[] {
  return findings.map((finding) => finding.code).sort();
}
