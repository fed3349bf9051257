/**
 * The schema of report.json (contract §4) and of the fake baseline report (§3), and the
 * conversion of schema issues into `schema` findings that name the file, the JSON path and,
 * for vocabulary fields, the allowed values. Pure; never throws on any JSON value.
 */
import { z } from "zod";
import type { FindingDraft } from "../../types.js";
import { ADMISSION_STATUSES, BACKENDS, PROVIDER_CLASSES, REPORT_STATUSES } from "../vocabulary.js";

/** ISO-8601 date-time with seconds and a `Z` or `±hh:mm` offset, e.g. `2026-06-01T01:39:18Z`. */
export const IsoDateTime = z.iso.datetime({ offset: true });

const nullableString = z.string().nullable();

const reportFields = {
  status: z.enum(REPORT_STATUSES),
  backend: z.enum(BACKENDS),
  case_process_started: z.boolean(),
  case_model_provider: nullableString,
  case_model: nullableString,
  case_model_admission_status: z.enum(ADMISSION_STATUSES),
  run_id: z.string().min(1),
  task_id: z.string().min(1),
  started_at: IsoDateTime,
  finished_at: IsoDateTime,
  /** Required when `status` is not `pass`; checked after the schema (see `checkReportShape`). */
  reason: z.string().optional(),
  failure_class: nullableString.optional(),
  marker: nullableString.optional(),
  case_model_admission_file: nullableString.optional(),
  provider_class: z.enum(PROVIDER_CLASSES).nullable().optional(),
  /** The run's environment as the harness recorded it, without secret values (§6, v1 choice). */
  env: z.record(z.string(), z.string()).optional(),
};

/** report.json: a JSON object; unknown extra fields are allowed. */
export const ReportSchema = z.looseObject(reportFields);

/** baseline/report.json: the same fields, on the `fake` backend. */
export const BaselineReportSchema = z.looseObject({ ...reportFields, backend: z.literal("fake") });

/** Top-level keys whose contract type is "string or null". */
const NULLABLE_KEYS: ReadonlySet<string> = new Set([
  "case_model_provider",
  "case_model",
  "failure_class",
  "marker",
  "case_model_admission_file",
  "provider_class",
]);

export const REPORT_RULE = "schema/report";
export const BASELINE_REPORT_RULE = "schema/baseline-report";

/** Findings for report.json; `keyLines` maps each top-level key to its 1-based line. */
export function checkReport(value: unknown, file: string, keyLines: ReadonlyMap<string, number>): FindingDraft[] {
  return checkReportShape(ReportSchema, REPORT_RULE, value, file, keyLines);
}

/** Findings for the fake baseline report (same fields, `backend: "fake"`). */
export function checkBaselineReport(
  value: unknown,
  file: string,
  keyLines: ReadonlyMap<string, number>,
): FindingDraft[] {
  return checkReportShape(BaselineReportSchema, BASELINE_REPORT_RULE, value, file, keyLines);
}

function checkReportShape(
  schema: z.ZodType,
  rule: string,
  value: unknown,
  file: string,
  keyLines: ReadonlyMap<string, number>,
): FindingDraft[] {
  const result = schema.safeParse(value);
  const context: IssueContext = { rule, file, input: value, nullableKeys: NULLABLE_KEYS, lineOf: (key) => keyLines.get(key) ?? null };
  const findings = result.success ? [] : issueFindings(result.error.issues, context);
  const reasonFinding = reasonRequired(value, context);
  if (reasonFinding) findings.push(reasonFinding);
  return findings;
}

/** `reason` is required when `status` is a status other than `pass` (§4). */
function reasonRequired(value: unknown, context: IssueContext): FindingDraft | null {
  if (!isPlainObject(value)) return null;
  const status = value["status"];
  if (typeof status !== "string" || status === "pass" || !(REPORT_STATUSES as readonly string[]).includes(status)) {
    return null;
  }
  const reason = value["reason"];
  if (typeof reason === "string" && reason.trim() !== "") return null;
  // A reason of the wrong type is already an INVALID_TYPE issue.
  if (reason !== undefined && typeof reason !== "string") return null;
  return schemaFinding(context, "REASON_REQUIRED", ["reason"], `reason is required when status is \`${status}\``);
}

/** How to turn schema issues of one artifact into findings. */
export interface IssueContext {
  /** e.g. `schema/report`. */
  rule: string;
  /** Relative path of the artifact in the run. */
  file: string;
  /** The value that was checked, to tell a missing key from a wrong one. */
  input: unknown;
  /** Top-level keys whose type is "string or null" (zod reports only the string half). */
  nullableKeys?: ReadonlySet<string>;
  /** The 1-based line of a top-level key, or null. */
  lineOf: (topLevelKey: string) => number | null;
}

/** One finding per zod issue; messages carry no value from the evidence. */
export function issueFindings(issues: readonly z.core.$ZodIssue[], context: IssueContext): FindingDraft[] {
  return issues.map((issue) => issueFinding(issue, context));
}

function issueFinding(issue: z.core.$ZodIssue, context: IssueContext): FindingDraft {
  const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
  const where = formatPath(path);
  switch (issue.code) {
    case "invalid_type": {
      if (path.length === 0) {
        return schemaFinding(context, "NOT_AN_OBJECT", path, `${context.file} must be a JSON ${issue.expected}`);
      }
      const orNull = path.length === 1 && context.nullableKeys?.has(String(path[0])) ? " or null" : "";
      if (!hasPath(context.input, path)) {
        return schemaFinding(context, "MISSING_FIELD", path, `${where} is required (${article(issue.expected)}${orNull})`);
      }
      return schemaFinding(context, "INVALID_TYPE", path, `${where} must be ${article(issue.expected)}${orNull}`);
    }
    case "invalid_value": {
      const allowed = issue.values.map((allowedValue) => String(allowedValue)).join(", ");
      const code = hasPath(context.input, path) ? "INVALID_VALUE" : "MISSING_FIELD";
      return schemaFinding(context, code, path, `${where} must be one of: ${allowed}`);
    }
    case "invalid_format":
      return schemaFinding(
        context,
        "INVALID_FORMAT",
        path,
        issue.format === "datetime" ? `${where} must be an ISO-8601 date-time with seconds and a time zone` : `${where} must be a valid ${issue.format}`,
      );
    case "too_small":
      return schemaFinding(context, "EMPTY_VALUE", path, `${where} must not be empty`);
    default:
      return schemaFinding(context, "INVALID_VALUE", path, `${where} is not valid (${issue.code})`);
  }
}

/** A `schema` finding about the value at `path`, located at its top-level key's line. */
export function schemaFinding(
  context: Pick<IssueContext, "rule" | "file" | "lineOf">,
  code: string,
  path: readonly (string | number)[],
  detail: string,
): FindingDraft {
  const topLevelKey = path[0];
  return {
    category: "schema",
    rule: context.rule,
    code,
    severity: "error",
    message: `${context.file}: ${detail}`,
    file: context.file,
    line: typeof topLevelKey === "string" ? context.lineOf(topLevelKey) : null,
    column: null,
  };
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function hasPath(value: unknown, path: readonly (string | number)[]): boolean {
  let current: unknown = value;
  for (const key of path) {
    if (typeof key === "number") {
      if (!Array.isArray(current) || key >= current.length) return false;
      current = current[key];
    } else {
      if (!isPlainObject(current) || !Object.prototype.hasOwnProperty.call(current, key)) return false;
      current = current[key];
    }
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A JSON path for a message, e.g. `env.CTO_HARNESS_CASE_MODEL` or `items[2]`. Keys come from
 * evidence (record keys), so a key that does not look like a field name prints as `[…]`.
 */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "(root)";
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (isPrintableKey(key)) text += text === "" ? key : `.${key}`;
    else text += "[…]";
  }
  return text;
}

function isPrintableKey(key: string): boolean {
  return (
    /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(key) && (key.match(/[A-Za-z0-9]+/g) ?? []).every((run) => run.length <= 16)
  );
}
