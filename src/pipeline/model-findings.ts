import { CASE_STARTED_EVENT, ENV } from "../evidence/vocabulary.js";
import type { RunFacts } from "../gates/gate.js";
import { asObject, booleanField, stringField } from "../gates/read.js";
import { modelIdsEqual } from "../models/find-model-ids.js";
import type { FindingDraft } from "../types.js";

export const MODEL_RULE = {
  id: "model/non-admitted",
  number: 6,
  description: "No model ID other than the run's admitted model (and the fake baseline's) appears in any artifact",
} as const;

/** Default of `ModelPolicy.maxFindingsPerFile`. */
export const DEFAULT_MODEL_FINDINGS_PER_FILE = 100;

export interface ModelPolicy {
  allowRefusedModelInBlockedRun: boolean;
  alwaysAllowedModels: readonly string[];
  /** Findings per file and model ID; the occurrences past it are counted in one more finding. Default: 100. */
  maxModelFindingsPerFile?: number;
}

/** Where a model ID was seen in one file: its first places (up to a cap) and how often in all. */
export interface ModelOccurrences {
  /** The ID as written. */
  id: string;
  family: string;
  /** 1-based places, in file order; at most the scan's cap. */
  occurrences: ReadonlyArray<{ line: number; column: number }>;
  /** Every occurrence, the listed ones included. */
  count: number;
}

/** The provider/model pair a run asked for, and where it was read. */
export interface RequestedPair {
  provider: string;
  model: string;
  source: "report" | "env";
}

/**
 * The pair the run requested: report.json's `case_model_provider`/`case_model`, else the
 * recorded environment (report `env`, task.json, argv.json). Null when neither holds both.
 */
export function requestedPair(run: RunFacts): RequestedPair | null {
  const report = asObject(run.report.value);
  const provider = stringField(report, "case_model_provider");
  const model = stringField(report, "case_model");
  if (provider !== null && model !== null) return { provider, model, source: "report" };
  const envProvider = run.env[ENV.provider];
  const envModel = run.env[ENV.model];
  if (envProvider !== undefined && envModel !== undefined && envProvider !== "" && envModel !== "") {
    return { provider: envProvider, model: envModel, source: "env" };
  }
  return null;
}

/**
 * What gate 6 may say about each model ID of a run. The registry is the authority: the admitted
 * model is the one a valid record admits for the pair the run requested, whatever the report
 * claims about its own admission (a false claim is gate 1's or gate 3's finding, not this one's).
 */
export interface ModelVerdicts {
  /** IDs the evidence may name: the admitted model, the fake baseline's, configured extras, a refused model (v1 choice). */
  allowed: string[];
  /** The pair the run requested; null when it could not be read. */
  pair: RequestedPair | null;
  /** The model a valid record admits for that pair; null when none does. */
  admitted: string | null;
  /** Every model ID some valid record of the registry admits, for any provider. */
  registryModels: readonly string[];
}

export function modelVerdicts(run: RunFacts, policy: ModelPolicy): ModelVerdicts {
  const allowed = [...policy.alwaysAllowedModels];
  const pair = requestedPair(run);
  let admitted: string | null = null;
  if (pair !== null) {
    const record = run.admissions.find((a) => a.provider === pair.provider && modelIdsEqual(a.model, pair.model));
    if (record) {
      admitted = record.model;
      allowed.push(record.model, pair.model);
    } else if (policy.allowRefusedModelInBlockedRun && blockedBeforeStart(run)) {
      allowed.push(pair.model);
    }
  }
  const baseline = asObject(run.baselineReport.value);
  const baselineModel = stringField(baseline, "case_model");
  if (baselineModel !== null) allowed.push(baselineModel);
  return { allowed, pair, admitted, registryModels: run.admissions.map((a) => a.model) };
}

/** The report says the run blocked before Case started, and the trace agrees. */
function blockedBeforeStart(run: RunFacts): boolean {
  const report = asObject(run.report.value);
  return (
    stringField(report, "status") === "blocked" &&
    booleanField(report, "case_process_started") === false &&
    !run.trace.firstLineOfEvent.has(CASE_STARTED_EVENT)
  );
}

/**
 * Gate 6's findings for one file: one per place that names a model the run may not name (as
 * secrets are reported), up to the cap per model, then one that counts the rest. Where the run's
 * pair could not be read, a model some valid record admits is one warning per file saying so:
 * calling it non-admitted would be false, and the unreadable report is already a finding.
 */
export function modelFindings(
  file: string,
  models: readonly ModelOccurrences[],
  verdicts: ModelVerdicts,
  maxPerFile: number = DEFAULT_MODEL_FINDINGS_PER_FILE,
): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const model of models) {
    if (verdicts.allowed.some((a) => modelIdsEqual(a, model.id))) continue;
    const first = model.occurrences[0];
    if (verdicts.pair === null && verdicts.registryModels.some((m) => modelIdsEqual(m, model.id))) {
      findings.push({
        category: "model",
        rule: MODEL_RULE.id,
        code: "MODEL_PAIR_UNREADABLE",
        severity: "warning",
        message:
          `model ${model.id} (${model.family}) is admitted by a registry record, but this run's provider/model pair ` +
          `could not be read (no case_model_provider/case_model in report.json or the recorded environment), so it cannot be checked` +
          (model.count > 1 ? `; ${model.count} occurrences in this file` : ""),
        file,
        line: first?.line ?? null,
        column: first?.column ?? null,
        fingerprintKey: model.id.toLowerCase(),
      });
      continue;
    }
    const message = notAllowedMessage(model, verdicts);
    const listed = model.occurrences.slice(0, maxPerFile);
    listed.forEach((at, ordinal) => {
      findings.push({
        category: "model",
        rule: MODEL_RULE.id,
        code: "NON_ADMITTED_MODEL",
        severity: "error",
        message,
        file,
        line: at.line,
        column: at.column,
        // The n-th place of this model in this file: stable when lines move, distinct per place.
        fingerprintKey: `${model.id.toLowerCase()}#${ordinal}`,
      });
    });
    const rest = model.count - listed.length;
    if (rest > 0) {
      findings.push({
        category: "model",
        rule: MODEL_RULE.id,
        code: "NON_ADMITTED_MODEL_MORE",
        severity: "error",
        message: `${message}; ${rest} more occurrence${rest === 1 ? "" : "s"} in this file beyond the ${listed.length} listed`,
        file,
        line: null,
        column: null,
        fingerprintKey: model.id.toLowerCase(),
      });
    }
  }
  return findings;
}

/**
 * Why a model may not appear, in words that are true of this run: a model some record admits
 * (for another pair) is "not this run's admitted model", never "non-admitted".
 */
function notAllowedMessage(model: ModelOccurrences, verdicts: ModelVerdicts): string {
  const { pair, admitted } = verdicts;
  const name = `${model.id} (${model.family})`;
  const context =
    pair === null
      ? "this run's provider/model pair could not be read"
      : admitted !== null
        ? `this run's admitted model is ${admitted} (${pair.provider})`
        : `no valid admission record admits ${pair.provider}/${pair.model}, the pair this run requested`;
  if (verdicts.registryModels.some((m) => modelIdsEqual(m, model.id))) return `model ${name} is not this run's admitted model: ${context}`;
  return `non-admitted model ${name}: no admission record admits it; ${context}`;
}
