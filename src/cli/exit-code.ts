import { countsOf, sharedFindingsOf, type RunCounts } from "../pipeline/summary.js";
import type { AuditView, Finding } from "../types.js";

/** The lowest severity that makes the audit fail. Default: `error`. */
export type FailOn = "error" | "warning";

function reaches(finding: Finding, failOn: FailOn): boolean {
  if (finding.suppressed !== undefined) return false;
  return finding.severity === "error" || failOn === "warning";
}

function* countsOfRuns(result: AuditView): Generator<RunCounts> {
  for (const run of result.runs) yield countsOf(run);
}

/**
 * The exit status of a completed audit (contract §9): 1 when a run failed or an unsuppressed
 * registry, allowlist or root finding reaches `failOn` (with `warning`, warnings fail too), else 0.
 * Exit 2 — the audit could not be carried out — is the CLI's to decide, never this function's.
 * `counts` (each run's, as a sweep keeps them) spares reading the runs again.
 */
export function exitCodeFor(result: AuditView, failOn: FailOn, counts: Iterable<RunCounts> = countsOfRuns(result)): 0 | 1 {
  for (const run of counts) {
    const errors = run.findings - run.warnings;
    if (run.verdict === "fail" || errors > 0 || (failOn === "warning" && run.warnings > 0)) return 1;
  }
  return sharedFindingsOf(result).some((f) => reaches(f, failOn)) ? 1 : 0;
}
