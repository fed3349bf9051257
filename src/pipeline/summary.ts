import type { AuditSummary, Finding, RunResult } from "../types.js";

/** The summary of §9, recomputed from runs and the shared (registry, allowlist) findings. */
export function summarize(runs: readonly RunResult[], shared: readonly Finding[]): AuditSummary {
  const all = [...runs.flatMap((r) => r.findings), ...shared];
  return {
    runs: runs.length,
    passed: runs.filter((r) => r.verdict === "pass").length,
    failed: runs.filter((r) => r.verdict === "fail").length,
    findings: all.filter((f) => !f.suppressed).length,
    suppressed: all.filter((f) => f.suppressed).length,
  };
}
