import type { AuditView, Finding, RunResult } from "../types.js";
import type { FormatContext } from "./context.js";
import { counts, sharedGroups } from "./finding-groups.js";

/** Everything the summary tables count, gathered in one pass over the runs. */
export interface Tallies {
  byVerdict: Map<string, number>;
  /** Runs by report status; `NO_STATUS` for runs without a readable report. */
  byStatus: Map<string, number>;
  byCategory: Map<string, { counted: number; suppressed: number }>;
  /** Per rule: counted findings, and the runs or shared inputs they came from. */
  perRule: Map<string, { findings: number; origins: number }>;
}

/** The status key of a run whose report could not be read (no report status is this string). */
export const NO_STATUS = "\u0000";

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function tallies(result: AuditView): Tallies {
  const t: Tallies = { byVerdict: new Map(), byStatus: new Map(), byCategory: new Map(), perRule: new Map() };
  const addFindings = (findings: readonly Finding[]) => {
    const rulesHere = new Set<string>();
    for (const finding of findings) {
      const category = t.byCategory.get(finding.category) ?? { counted: 0, suppressed: 0 };
      if (counts(finding)) category.counted += 1;
      else category.suppressed += 1;
      t.byCategory.set(finding.category, category);
      if (!counts(finding)) continue;
      const rule = t.perRule.get(finding.rule) ?? { findings: 0, origins: 0 };
      rule.findings += 1;
      if (!rulesHere.has(finding.rule)) rule.origins += 1;
      rulesHere.add(finding.rule);
      t.perRule.set(finding.rule, rule);
    }
  };
  for (const run of result.runs) {
    bump(t.byVerdict, run.verdict);
    bump(t.byStatus, run.status ?? NO_STATUS);
    addFindings(run.findings);
  }
  for (const group of sharedGroups(result)) addFindings(group.findings);
  return t;
}

/** Errors and warnings that count, and findings the allowlist suppressed. */
export function severityCounts(findings: readonly Finding[]): { errors: number; warnings: number; suppressed: number } {
  const counted = findings.filter(counts);
  return {
    errors: counted.filter((f) => f.severity === "error").length,
    warnings: counted.filter((f) => f.severity === "warning").length,
    suppressed: findings.length - counted.length,
  };
}

/** A run that fails now and did not before: it passed then, or was not in the previous sweep. */
export interface NewlyFailing {
  run: RunResult;
  /** The run's position in `result.runs`. */
  index: number;
  passedBefore: boolean;
}

/** The runs that newly fail, in the result's order (one pass over each side). */
export function* newlyFailing(result: AuditView, previous: NonNullable<FormatContext["previous"]>): Generator<NewlyFailing> {
  const before = new Map<string, string>();
  for (const run of previous.runs) before.set(run.id, run.verdict);
  let index = -1;
  for (const run of result.runs) {
    index += 1;
    if (run.verdict !== "fail" || before.get(run.id) === "fail") continue;
    yield { run, index, passedBefore: before.has(run.id) };
  }
}
