/**
 * Admission records and decision records (contract §7): their zod schemas and the pure checks
 * that turn a parsed record into findings. File I/O lives in `src/models/registry.ts`.
 *
 * Messages name the JSON path and the allowed values, never a value from the record: a record
 * may hold a secret where a harmless string was expected.
 */
import { z } from "zod";
import type { Admission } from "../../gates/gate.js";
import type { FindingDraft } from "../../types.js";
import { ADMISSION_RECORD_STATUSES, DECISION_STATUSES, PROVIDER_CLASSES } from "../vocabulary.js";

export const ADMISSION_RULE = "schema/admission-record";
export const DECISION_RULE = "schema/decision-record";
export const SECRET_KEY_RULE = "registry/secret-key";
export const STALE_RULE = "registry/stale-admission";

/** Admission record file names: `CTO-CASE-MODEL-PROVIDER-ADMISSION.<provider>-<model>.json`. */
export const ADMISSION_FILE_PREFIX = "CTO-CASE-MODEL-PROVIDER-ADMISSION.";

/** The file name an admission record for this pair must have. */
export function admissionFileName(provider: string, model: string): string {
  return `${ADMISSION_FILE_PREFIX}${provider}-${model}.json`;
}

const DATE = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const DATE_TIME = String.raw`${DATE}T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})`;
const ISO_TIMESTAMP = new RegExp(`^(?:${DATE_TIME}|${DATE})$`);
// A date (or date-time) inside free text, e.g. "review by 2026-12-01".
const DATE_IN_TEXT = new RegExp(`(?<![\\d-])(?:${DATE_TIME}|${DATE})(?![\\d:])`, "g");

function isCalendarDate(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isValidIsoMatch(groups: RegExpExecArray | RegExpMatchArray): boolean {
  // Groups 1-7: date-time (y, m, d, H, M, S, zone); groups 8-10: date only.
  const [y, m, d] = groups[1] !== undefined ? [groups[1], groups[2], groups[3]] : [groups[8], groups[9], groups[10]];
  if (y === undefined || m === undefined || d === undefined || !isCalendarDate(y, m, d)) return false;
  if (groups[1] === undefined) return true;
  return Number(groups[4]) < 24 && Number(groups[5]) < 60 && Number(groups[6] ?? 0) < 60;
}

/** True for an ISO-8601 date (`2026-05-31`) or date-time with `Z` or an offset. */
export function isIsoTimestamp(value: string): boolean {
  const match = ISO_TIMESTAMP.exec(value);
  return match !== null && isValidIsoMatch(match);
}

/**
 * The review date a `review_trigger` names: the earliest valid ISO date or date-time in it
 * (`"2026-12-01"`, `"review by 2026-12-01 or on Case upgrade"`), as written; null when it is
 * only a condition. The earliest wins so that a record is never reviewed later than it says.
 */
export function reviewByDate(reviewTrigger: string): string | null {
  let earliest: { text: string; time: number } | null = null;
  for (const match of reviewTrigger.matchAll(DATE_IN_TEXT)) {
    if (!isValidIsoMatch(match)) continue;
    const time = Date.parse(match[0]);
    if (Number.isNaN(time)) continue;
    if (earliest === null || time < earliest.time) earliest = { text: match[0], time };
  }
  return earliest?.text ?? null;
}

/**
 * True when `reviewBy` (from `reviewByDate`) lies in the past at `now`. A date-only value covers
 * its whole UTC day, so `2026-12-01` is stale from `2026-12-02T00:00:00Z`.
 */
export function isReviewDue(reviewBy: string, now: Date): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(reviewBy)) return reviewBy < now.toISOString().slice(0, 10);
  const time = Date.parse(reviewBy);
  return !Number.isNaN(time) && time < now.getTime();
}

const text = z.string().regex(/\S/);
/** Provider and model go into the file name: no whitespace, no path separators. */
const identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:@+-]*$/);
const timestamp = z.string().refine(isIsoTimestamp);
const evidenceExpectations = z.union([text, z.array(text).min(1), z.record(z.string(), z.unknown())]);
const emptyOr = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal(""), z.null()]);

/** Admission record (§7). Unknown extra fields are allowed (but secret keys are findings). */
export const admissionRecordSchema = z.looseObject({
  status: z.enum(ADMISSION_RECORD_STATUSES),
  provider: identifier,
  model: identifier,
  credential_source_class: text,
  allowed_network_class: text,
  approval_source: text,
  admission_timestamp: timestamp,
  review_trigger: text,
  evidence_expectations: evidenceExpectations.optional(),
});
export type AdmissionRecord = z.infer<typeof admissionRecordSchema>;

/**
 * Decision record (§7, the CTO-WORK-020 template). Every field is required; while blocked the
 * provider, model and approval fields may be empty. The per-branch rules are checked in
 * `checkDecisionRecord`.
 */
export const decisionRecordSchema = z.looseObject({
  decision_status: z.enum(DECISION_STATUSES),
  provider_class: emptyOr(z.enum(PROVIDER_CLASSES)),
  provider: emptyOr(identifier),
  model: emptyOr(identifier),
  approval_source: emptyOr(z.string()),
  credential_source_class: emptyOr(z.string()),
  allowed_network_class: emptyOr(z.string()),
  review_trigger: emptyOr(z.string()),
  evidence_sources: z.array(z.string()),
  evidence_expectations: evidenceExpectations.optional(),
  effect: z.string(),
});
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;

const quoteAll = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");
const NON_EMPTY = "a non-empty string";
const IDENTIFIER = 'a non-empty ID without spaces or "/" (it is part of the file name)';
const EXPECTATIONS = "a non-empty string, an array of non-empty strings, or an object";

/** What each field allows, for messages. */
const ALLOWED: Record<string, string> = {
  status: quoteAll(ADMISSION_RECORD_STATUSES),
  provider: IDENTIFIER,
  model: IDENTIFIER,
  credential_source_class: `${NON_EMPTY} (a credential class, never a secret)`,
  allowed_network_class: NON_EMPTY,
  approval_source: NON_EMPTY,
  admission_timestamp: "an ISO-8601 date-time with Z or an offset (2026-05-31T12:00:00Z) or a date (2026-05-31)",
  review_trigger: `${NON_EMPTY}: a date (2026-12-01), an expiry or a condition`,
  evidence_expectations: EXPECTATIONS,
  decision_status: quoteAll(DECISION_STATUSES),
  provider_class: `${quoteAll(PROVIDER_CLASSES)}, or empty while not decided`,
  evidence_sources: "an array of references (evidence paths, commits)",
  effect: "a string",
};

/** Where findings about a record point: its path and, when known, the line of each top-level key. */
export interface RecordLocation {
  /** The record's path as given (a registry folder joined with the file name, or a CLI argument). */
  file: string;
  /** 1-based line of each top-level key, when the caller parsed the text. */
  keyLines?: ReadonlyMap<string, number>;
}

type Segment = string | number;

function displayKey(key: string): string {
  // Keys are printed in paths; keep them short and printable.
  const printable = key.replace(/[\u0000-\u001f\u007f]/g, "?");
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}

/** `$.a.b[0]`, `$["odd key"]`. */
export function jsonPath(path: readonly Segment[]): string {
  let out = "$";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += `.${displayKey(segment)}`;
    else out += `[${JSON.stringify(displayKey(segment))}]`;
  }
  return out;
}

function draft(
  location: RecordLocation,
  path: readonly Segment[],
  fields: Pick<FindingDraft, "category" | "rule" | "code" | "severity" | "message">,
): FindingDraft {
  const top = path[0];
  const line = typeof top === "string" ? (location.keyLines?.get(top) ?? null) : null;
  return { ...fields, file: location.file, line, column: null };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function schemaFindings(
  issues: readonly z.core.$ZodIssue[],
  value: unknown,
  rule: string,
  location: RecordLocation,
): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const path = issue.path.filter((s): s is Segment => typeof s !== "symbol");
    const field = typeof path[0] === "string" ? path[0] : "";
    const allowed = ALLOWED[field] ?? "see contract §7";
    const missing = path.length > 0 && valueAt(value, path) === undefined;
    const code = missing ? "MISSING_FIELD" : issue.code === "invalid_type" ? "INVALID_TYPE" : "INVALID_VALUE";
    const key = `${jsonPath(path)}\0${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const problem = missing ? "is missing" : code === "INVALID_TYPE" ? "has the wrong type" : "has a value that is not allowed";
    findings.push(
      draft(location, path, {
        category: "schema",
        rule,
        code,
        severity: "error",
        message: `${jsonPath(path)} ${problem}; allowed: ${allowed}`,
      }),
    );
  }
  return findings;
}

function notAnObject(rule: string, location: RecordLocation, kind: string): FindingDraft[] {
  return [
    draft(location, [], {
      category: "schema",
      rule,
      code: "NOT_AN_OBJECT",
      severity: "error",
      message: `$ must be a JSON object (${kind} record, contract §7)`,
    }),
  ];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** A record is a decision record when it has `decision_status`; otherwise an admission record. */
export function recordKind(value: unknown): "admission" | "decision" {
  return isObject(value) && "decision_status" in value ? "decision" : "admission";
}

/**
 * Key names that carry secrets, compared lower-case without `_`, `-`, `.` or spaces. A key
 * is secret-bearing when it equals one of these or ends with one (`openai_api_key`,
 * `github-token`, `clientSecret`).
 */
export const SECRET_KEY_SUFFIXES = [
  "apikey",
  "token",
  "secret",
  "password",
  "passwd",
  "passphrase",
  "privatekey",
  "accesskey",
  "secretkey",
  "sessionkey",
  "signingkey",
  "authorization",
  "bearer",
  "cookie",
] as const;
const SECRET_KEY_EXACT = new Set(["auth", "credentials", "pwd"]);

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[_\-.\s]/g, "");
}

export function isSecretKey(key: string): boolean {
  const normalized = normalizeKey(key);
  return SECRET_KEY_EXACT.has(normalized) || SECRET_KEY_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

/** JSON paths of every secret-bearing key, at any depth (arrays included). */
export function findSecretKeys(value: unknown): Segment[][] {
  const found: Segment[][] = [];
  const walk = (node: unknown, path: Segment[], depth: number): void => {
    if (depth > 64 || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...path, index], depth + 1));
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      if (isSecretKey(key)) found.push([...path, key]);
      walk(child, [...path, key], depth + 1);
    }
  };
  walk(value, [], 0);
  return found;
}

function secretKeyFindings(value: unknown, location: RecordLocation): FindingDraft[] {
  return findSecretKeys(value).map((path) =>
    draft(location, path, {
      category: "secret",
      rule: SECRET_KEY_RULE,
      code: "SECRET_KEY_IN_RECORD",
      severity: "error",
      message: `${jsonPath(path)} is a secret-bearing key; records hold credential classes only, never secrets (contract §7)`,
    }),
  );
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
}

export interface AdmissionCheck {
  findings: FindingDraft[];
  /** The parsed record when it is schema-valid. */
  record: AdmissionRecord | null;
  /** Set only when the record admits its pair: schema-valid, no secret key, file name agrees. */
  admission: Admission | null;
}

export interface AdmissionCheckOptions {
  /** The time staleness is judged at (injected, so results never depend on the clock). */
  now: Date;
}

/**
 * Checks one admission record. Findings: schema errors (`schema/admission-record`), secret keys
 * (`registry/secret-key`), a file name that disagrees with the record (`FILE_NAME_MISMATCH`),
 * and a past review date (`registry/stale-admission`, warning).
 *
 * v1 choice on staleness: a stale record still enters the registry and still admits runs that
 * started on or before its review date; `Admission.reviewBy` carries that date so the gates
 * can judge each run by its own start time.
 */
export function checkAdmissionRecord(
  value: unknown,
  location: RecordLocation,
  options: AdmissionCheckOptions,
): AdmissionCheck {
  if (!isObject(value)) return { findings: notAnObject(ADMISSION_RULE, location, "admission"), record: null, admission: null };
  const findings = secretKeyFindings(value, location);
  const parsed = admissionRecordSchema.safeParse(value);
  if (!parsed.success) findings.push(...schemaFindings(parsed.error.issues, value, ADMISSION_RULE, location));

  const fileName = baseName(location.file);
  const provider = typeof value.provider === "string" ? value.provider : null;
  const model = typeof value.model === "string" ? value.model : null;
  const nameAgrees =
    provider !== null && model !== null
      ? fileName === admissionFileName(provider, model)
      : fileName.startsWith(ADMISSION_FILE_PREFIX) && fileName.endsWith(".json");
  if (!nameAgrees) {
    findings.push(
      draft(location, [], {
        category: "schema",
        rule: ADMISSION_RULE,
        code: "FILE_NAME_MISMATCH",
        severity: "error",
        message: `file name must be ${ADMISSION_FILE_PREFIX}<provider>-<model>.json with the record's $.provider and $.model`,
      }),
    );
  }

  const record = parsed.success ? parsed.data : null;
  const reviewBy = record ? reviewByDate(record.review_trigger) : null;
  if (reviewBy !== null && isReviewDue(reviewBy, options.now)) {
    findings.push(
      draft(location, ["review_trigger"], {
        category: "schema",
        rule: STALE_RULE,
        code: "STALE_ADMISSION",
        severity: "warning",
        message: `$.review_trigger names ${reviewBy}, which has passed: the admission needs review (it still admits runs started before then)`,
      }),
    );
  }

  const valid = record !== null && !findings.some((f) => f.severity === "error");
  const admission: Admission | null = valid
    ? { provider: record.provider, model: record.model, file: location.file, fileName, reviewBy }
    : null;
  return { findings, record, admission };
}

export interface DecisionCheck {
  findings: FindingDraft[];
  /** The parsed record when it is schema-valid and follows its branch's rules. */
  record: DecisionRecord | null;
}

export interface DecisionCheckOptions {
  /** Valid admissions known alongside this record (for `local_provider_required` with a pair). */
  admissions?: readonly Admission[];
}

const EXTERNAL_CLASSES: readonly string[] = PROVIDER_CLASSES.filter((c) => c !== "local_case_compatible");
const EXTERNAL_REQUIRED = [
  "provider",
  "model",
  "approval_source",
  "credential_source_class",
  "allowed_network_class",
  "review_trigger",
  "evidence_expectations",
] as const;

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === "string" && value.trim() === "") ||
  (Array.isArray(value) && value.length === 0);

/** Longest evidence reference accepted; anything longer looks like copied evidence. */
const MAX_REFERENCE_CHARS = 300;

/**
 * Checks one decision record: the schema, secret keys, and the branch rules of §7.
 * - `external_provider_approved` needs an external `provider_class` and non-empty provider,
 *   model, approval source, credential source class, allowed network class, review trigger
 *   and evidence expectations.
 * - `local_provider_required` needs `provider_class: local_case_compatible`; provider and
 *   model stay empty unless an admission record admits that pair.
 * - `not_decided` (the safe default) has no further rule. A record that fails these checks
 *   counts as `not_decided`.
 * - `evidence_sources` are references (one line, at most 300 characters), not copied evidence.
 */
export function checkDecisionRecord(
  value: unknown,
  location: RecordLocation,
  options: DecisionCheckOptions = {},
): DecisionCheck {
  if (!isObject(value)) return { findings: notAnObject(DECISION_RULE, location, "decision"), record: null };
  const findings = secretKeyFindings(value, location);
  const parsed = decisionRecordSchema.safeParse(value);
  if (!parsed.success) {
    findings.push(...schemaFindings(parsed.error.issues, value, DECISION_RULE, location));
    return { findings, record: null };
  }
  const record = parsed.data;
  const rule = (path: Segment[], code: string, message: string) =>
    findings.push(draft(location, path, { category: "schema", rule: DECISION_RULE, code, severity: "error", message }));

  if (record.decision_status === "external_provider_approved") {
    if (!EXTERNAL_CLASSES.includes(record.provider_class ?? "")) {
      rule(["provider_class"], "DECISION_PROVIDER_CLASS", `$.provider_class must be one of ${quoteAll(EXTERNAL_CLASSES)} when $.decision_status is "external_provider_approved"`);
    }
    for (const field of EXTERNAL_REQUIRED) {
      if (isEmpty(record[field])) {
        rule([field], "DECISION_FIELD_REQUIRED", `$.${field} is required when $.decision_status is "external_provider_approved"; allowed: ${ALLOWED[field]}`);
      }
    }
  } else if (record.decision_status === "local_provider_required") {
    if (record.provider_class !== "local_case_compatible") {
      rule(["provider_class"], "DECISION_PROVIDER_CLASS", `$.provider_class must be "local_case_compatible" when $.decision_status is "local_provider_required"`);
    }
    if (!isEmpty(record.provider) || !isEmpty(record.model)) {
      const admitted = (options.admissions ?? []).some((a) => a.provider === record.provider && a.model === record.model);
      if (!admitted) {
        rule(["provider"], "DECISION_PAIR_NOT_ADMITTED", `$.provider and $.model stay empty under "local_provider_required" until an admission record admits that pair`);
      }
    }
  }
  record.evidence_sources.forEach((source, index) => {
    if (/[\r\n]/.test(source) || source.length > MAX_REFERENCE_CHARS) {
      rule(["evidence_sources", index], "EVIDENCE_NOT_REFERENCE", `$.evidence_sources[${index}] must be a reference (one line, at most ${MAX_REFERENCE_CHARS} characters: an evidence path or a commit), not copied evidence`);
    }
  });
  return { findings, record: findings.some((f) => f.severity === "error") ? null : record };
}
