import type { AuditSummary, AuditView, Finding, RunResult, Verdict } from "../types.js";

/** What the summary needs of one run. */
export interface RunCounts {
  verdict: Verdict;
  /** Findings that count (not suppressed). */
  findings: number;
  suppressed: number;
  /** Unsuppressed warnings (they fail the audit under `--fail-on warning`). */
  warnings: number;
}

export function countsOf(run: Pick<RunResult, "verdict" | "findings">): RunCounts {
  let findings = 0;
  let suppressed = 0;
  let warnings = 0;
  for (const finding of run.findings) {
    if (finding.suppressed) suppressed += 1;
    else {
      findings += 1;
      if (finding.severity === "warning") warnings += 1;
    }
  }
  return { verdict: run.verdict, findings, suppressed, warnings };
}

/** The summary of §9 from each run's counts and the shared (registry, allowlist) findings. */
export function summarizeCounts(runs: Iterable<RunCounts>, shared: readonly Finding[]): AuditSummary {
  const summary: AuditSummary = { runs: 0, passed: 0, failed: 0, findings: 0, suppressed: 0 };
  for (const run of runs) {
    summary.runs += 1;
    if (run.verdict === "pass") summary.passed += 1;
    else summary.failed += 1;
    summary.findings += run.findings;
    summary.suppressed += run.suppressed;
  }
  for (const finding of shared) {
    if (finding.suppressed) summary.suppressed += 1;
    else summary.findings += 1;
  }
  return summary;
}

/** The summary of §9, recomputed from runs and the shared (registry, allowlist) findings. */
export function summarize(runs: Iterable<RunResult>, shared: readonly Finding[]): AuditSummary {
  function* counts() {
    for (const run of runs) yield countsOf(run);
  }
  return summarizeCounts(counts(), shared);
}

/** The findings of a result that belong to no run: the registry's, the allowlist's, the roots'. */
export function sharedFindingsOf(result: Pick<AuditView, "registry" | "allowlist" | "roots">): Finding[] {
  return [...(result.registry?.findings ?? []), ...(result.allowlist?.findings ?? []), ...(result.roots ?? []).flatMap((root) => root.findings)];
}
