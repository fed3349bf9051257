import picomatch from "picomatch";
import { finalizeFindings, verdictOf } from "../pipeline/finalize.js";
import { summarize } from "../pipeline/summary.js";
import type { AuditResult, Finding, FindingDraft, RunResult } from "../types.js";
import { UNREVIEWED_REASON, type Allowlist, type AllowlistEntry } from "./schema.js";

/**
 * Marks the findings an allowlist entry covers as suppressed (visible in every format, not
 * counted in the verdict) and reports entries that are expired, unreviewed or match nothing.
 * Pure: returns a new result with the summary recomputed.
 */
export function applyAllowlist(result: AuditResult, allowlist: Allowlist, allowlistPath: string, now: Date): AuditResult {
  const today = now.toISOString().slice(0, 10);
  const entryFindings: FindingDraft[] = [];
  const active: Array<{ entry: AllowlistEntry; index: number; matchesRun: (id: string) => boolean }> = [];
  allowlist.entries.forEach((entry, index) => {
    const where = `entry ${index + 1} (${entry.rule}, ${entry.fingerprint.slice(0, 12)}…)`;
    if (entry.expires < today) {
      entryFindings.push(entryFinding("allowlist/expired-entry", "EXPIRED_ENTRY", "warning", `${where} expired on ${entry.expires} and suppresses nothing`, index));
    } else if (entry.reason.trim() === UNREVIEWED_REASON) {
      entryFindings.push(entryFinding("allowlist/unreviewed-entry", "UNREVIEWED_ENTRY", "error", `${where} has no reason yet (TODO) and suppresses nothing`, index));
    } else {
      active.push({ entry, index, matchesRun: picomatch(entry.runs, { dot: true }) });
    }
  });

  const used = new Set<number>();
  const runs = result.runs.map((run): RunResult => {
    const findings = run.findings.map((finding): Finding => {
      const hit = active.find(({ entry, matchesRun }) => entry.fingerprint === finding.fingerprint && entry.rule === finding.rule && matchesRun(run.id));
      if (!hit) return finding;
      used.add(hit.index);
      return { ...finding, suppressed: { reason: hit.entry.reason, expires: hit.entry.expires } };
    });
    return { ...run, findings, verdict: verdictOf(findings) };
  });
  for (const { entry, index } of active) {
    if (!used.has(index)) {
      entryFindings.push(
        entryFinding("allowlist/stale-entry", "STALE_ENTRY", "warning", `entry ${index + 1} (${entry.rule}, ${entry.fingerprint.slice(0, 12)}…) matches no finding; remove it`, index),
      );
    }
  }
  const allowlistFindings = finalizeFindings(entryFindings);
  return {
    ...result,
    summary: summarize(runs, [...(result.registry?.findings ?? []), ...allowlistFindings]),
    runs,
    allowlist: { path: allowlistPath, findings: allowlistFindings },
  };
}

function entryFinding(rule: string, code: string, severity: "error" | "warning", message: string, index: number): FindingDraft {
  return { category: "schema", rule, code, severity, message, file: null, line: null, column: null, fingerprintKey: `entry-${index}` };
}

/**
 * Entries for every unsuppressed finding of a result, reasons left `TODO` so that they fail
 * until a person has looked at each one.
 */
export function allowlistFor(result: AuditResult, now: Date, validDays = 90): Allowlist {
  const expires = new Date(now.getTime() + validDays * 86_400_000).toISOString().slice(0, 10);
  const entries: AllowlistEntry[] = [];
  for (const run of result.runs) {
    for (const finding of run.findings) {
      if (finding.suppressed) continue;
      entries.push({ fingerprint: finding.fingerprint, rule: finding.rule, runs: run.id, reason: UNREVIEWED_REASON, expires });
    }
  }
  return { version: 1, entries };
}
