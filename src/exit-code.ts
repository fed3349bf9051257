import type { AuditResult, Finding } from "./types.js";

/** The lowest severity that makes the audit fail. Default: `error`. */
export type FailOn = "error" | "warning";

function reaches(finding: Finding, failOn: FailOn): boolean {
  if (finding.suppressed !== undefined) return false;
  return finding.severity === "error" || failOn === "warning";
}

/**
 * The exit status of a completed audit (contract §9): 1 when a run failed or an unsuppressed
 * registry/allowlist finding reaches `failOn` (with `warning`, warnings fail too), else 0.
 * Exit 2 — the audit could not be carried out — is the CLI's to decide, never this function's.
 */
export function exitCodeFor(result: AuditResult, failOn: FailOn): 0 | 1 {
  for (const run of result.runs) {
    if (run.verdict === "fail") return 1;
    if (run.findings.some((f) => reaches(f, failOn))) return 1;
  }
  const shared = [...(result.registry?.findings ?? []), ...(result.allowlist?.findings ?? [])];
  return shared.some((f) => reaches(f, failOn)) ? 1 : 0;
}
