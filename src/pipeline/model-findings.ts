import { CASE_STARTED_EVENT } from "../evidence/vocabulary.js";
import type { RunFacts } from "../gates/gate.js";
import { modelIdsEqual } from "../models/find-model-ids.js";
import type { FindingDraft } from "../types.js";
import { isRecord } from "./run-facts.js";
import type { ModelOccurrences } from "./scan-file.js";

export const MODEL_RULE = {
  id: "model/non-admitted",
  number: 6,
  description: "No model ID other than the run's admitted model (and the fake baseline's) appears in any artifact",
} as const;

export interface ModelPolicy {
  allowRefusedModelInBlockedRun: boolean;
  alwaysAllowedModels: readonly string[];
}

/**
 * The model IDs a run's evidence may name (gate 6): the admitted model when a registry record
 * admits the report's pair, the fake baseline's model, configured extras, and — v1 choice —
 * the model a run refused when it blocked before Case started.
 */
export function allowedModels(run: RunFacts, policy: ModelPolicy): string[] {
  const allowed = [...policy.alwaysAllowedModels];
  const report = isRecord(run.report.value) ? run.report.value : {};
  const provider = report.case_model_provider;
  const model = report.case_model;
  if (typeof model === "string" && typeof provider === "string") {
    const admitted =
      report.case_model_admission_status === "admitted" &&
      run.admissions.some((a) => a.provider === provider && modelIdsEqual(a.model, model));
    const refusedBeforeStart =
      policy.allowRefusedModelInBlockedRun &&
      report.status === "blocked" &&
      report.case_process_started === false &&
      !run.trace.firstLineOfEvent.has(CASE_STARTED_EVENT);
    if (admitted || refusedBeforeStart) allowed.push(model);
  }
  const baseline = run.baselineReport.value;
  if (isRecord(baseline) && typeof baseline.case_model === "string") allowed.push(baseline.case_model);
  return allowed;
}

export function modelFindings(
  file: string,
  occurrences: readonly ModelOccurrences[],
  allowed: readonly string[],
): FindingDraft[] {
  return occurrences
    .filter((o) => !allowed.some((a) => modelIdsEqual(a, o.id)))
    .map((o) => ({
      category: "model",
      rule: MODEL_RULE.id,
      code: "NON_ADMITTED_MODEL",
      severity: "error",
      message:
        `non-admitted model ${o.id} (${o.family})` +
        (o.count > 1 ? `, ${o.count} occurrences in this file` : ""),
      file,
      // The first place, as before the places were kept (the lead's rewrite reports each).
      line: o.occurrences[0]?.line ?? null,
      column: o.occurrences[0]?.column ?? null,
      fingerprintKey: o.id.toLowerCase(),
    }));
}
