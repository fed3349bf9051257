/**
 * Which registry admission records admit the pair a run reports (contract §6 gate 3, §7).
 * Shared by gate 3 (the record matches) and gate 5 (a pass needs a matching record). Pure.
 */
import type { Admission, RunFacts } from "./gate.js";
import { asObject, baseName, nullableStringField, stringField } from "./read.js";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * True when the record's review date lies before the run started, so it no longer admits the
 * run. A date-only `reviewBy` covers its whole (UTC) day. Unknown or unparsable times never
 * make a record stale here: the registry loader and the report schema report those.
 */
export function isStaleFor(admission: Admission, startedAt: string | null): boolean {
  if (admission.reviewBy === null || startedAt === null) return false;
  const started = Date.parse(startedAt);
  if (Number.isNaN(started)) return false;
  if (DATE_ONLY.test(admission.reviewBy)) {
    return admission.reviewBy < new Date(started).toISOString().slice(0, 10);
  }
  const reviewBy = Date.parse(admission.reviewBy);
  return !Number.isNaN(reviewBy) && reviewBy < started;
}

/**
 * True when a path written in evidence names this record. Paths differ between the machine
 * that ran the harness and the one auditing it, so the file name decides.
 */
export function namesRecord(path: string, admission: Admission): boolean {
  return baseName(path) === admission.fileName;
}

export interface RegistryMatch {
  provider: string | null;
  model: string | null;
  /** Records for exactly this provider/model pair. */
  pairRecords: readonly Admission[];
  /** Of those, the ones still current when the run started. */
  admitting: readonly Admission[];
}

/** The registry records that admit the report's provider/model pair. */
export function matchRegistry(run: RunFacts): RegistryMatch {
  const report = asObject(run.report.value);
  const provider = nullableStringField(report, "case_model_provider") ?? null;
  const model = nullableStringField(report, "case_model") ?? null;
  const startedAt = stringField(report, "started_at");
  const pairRecords =
    provider === null || model === null
      ? []
      : run.admissions.filter((admission) => admission.provider === provider && admission.model === model);
  const admitting = pairRecords.filter((admission) => !isStaleFor(admission, startedAt));
  return { provider, model, pairRecords, admitting };
}
