import picomatch from "picomatch";
import { spliceList } from "../formatters/json-splice.js";
import { finalizeFindings, verdictOf } from "../pipeline/finalize.js";
import { countsOf, sharedFindingsOf, summarizeCounts, type RunCounts } from "../pipeline/summary.js";
import type { TextMasker } from "../secrets/mask-text.js";
import type { AuditResult, AuditView, Finding, FindingDraft, Masked, RunResult } from "../types.js";
import { UNREVIEWED_REASON, type Allowlist, type AllowlistEntry } from "./schema.js";

/**
 * Marks the findings an allowlist entry covers as suppressed (visible in every format, not
 * counted in the verdict) and reports entries that are expired, unreviewed or match nothing.
 * Pure: returns a new result with the summary recomputed.
 */
export async function applyAllowlist(result: AuditResult, allowlist: Allowlist, allowlistPath: string, now: Date, masker: TextMasker): Promise<AuditResult> {
  const { result: applied } = await applyAllowlistToView(result, allowlist, allowlistPath, now, masker);
  return { ...applied, runs: [...applied.runs] };
}

/**
 * The same for a result whose runs may be read from disk (a sweep): the runs are suppressed as
 * they are read, and one pass counts them (the summary, each run's counts) and finds the
 * entries that match nothing.
 */
export async function applyAllowlistToView(
  result: AuditView,
  allowlist: Allowlist,
  allowlistPath: string,
  now: Date,
  masker: TextMasker,
): Promise<{ result: AuditView; counts: RunCounts[] }> {
  const reasons = await Promise.all(allowlist.entries.map((entry) => masker.mask(entry.reason)));
  const applier = allowlistApplier(allowlist, reasons, now);
  const runs: Iterable<RunResult> = {
    *[Symbol.iterator]() {
      for (const run of result.runs) yield applier.apply(run);
    },
  };
  const counts: RunCounts[] = [];
  for (const run of runs) counts.push(countsOf(run));
  const allowlistFindings = await applier.findings(masker);
  return {
    result: {
      ...result,
      summary: summarizeCounts(counts, sharedFindingsOf({ ...result, allowlist: { path: result.allowlist?.path ?? ("" as Masked), findings: allowlistFindings } })),
      runs,
      allowlist: { path: await masker.mask(allowlistPath), findings: allowlistFindings },
    },
    counts,
  };
}

/**
 * Applies the entries run by run, remembering which matched; `findings()` — once every run has
 * been through `apply` — reports the expired, unreviewed and stale ones.
 */
function allowlistApplier(allowlist: Allowlist, reasons: readonly Masked[], now: Date): { apply(run: RunResult): RunResult; findings(masker: TextMasker): Promise<Finding[]> } {
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
  return {
    apply(run) {
      if (active.length === 0) return run;
      const findings = run.findings.map((finding): Finding => {
        const hit = active.find(({ entry, matchesRun }) => entry.fingerprint === finding.fingerprint && entry.rule === finding.rule && matchesRun(run.id));
        if (!hit) return finding;
        used.add(hit.index);
        return { ...finding, suppressed: { reason: reasons[hit.index] as Masked, expires: hit.entry.expires } };
      });
      return { ...run, findings, verdict: verdictOf(findings) };
    },
    findings(masker) {
      const stale = active
        .filter(({ index }) => !used.has(index))
        .map(({ entry, index }) =>
          entryFinding("allowlist/stale-entry", "STALE_ENTRY", "warning", `entry ${index + 1} (${entry.rule}, ${entry.fingerprint.slice(0, 12)}…) matches no finding; remove it`, index),
        );
      return finalizeFindings([...entryFindings, ...stale], masker);
    },
  };
}

function entryFinding(rule: string, code: string, severity: "error" | "warning", message: string, index: number): FindingDraft {
  return { category: "schema", rule, code, severity, message, file: null, line: null, column: null, fingerprintKey: `entry-${index}` };
}

/**
 * Entries for every unsuppressed finding of a result, reasons left `TODO` so that they fail
 * until a person has looked at each one.
 */
export function allowlistFor(result: AuditView, now: Date, validDays = 90): Allowlist {
  return { version: 1, entries: [...allowlistEntries(result, now, validDays)] };
}

/** `allowlistFor`'s file, as `JSON.stringify(…, null, 2)` gives it, written entry by entry. */
export function* allowlistPieces(result: AuditView, now: Date, validDays = 90): Generator<string> {
  const skeleton: Allowlist = { version: 1, entries: [] };
  yield* spliceList(skeleton, (list) => (skeleton.entries = list as AllowlistEntry[]), allowlistEntries(result, now, validDays));
  yield "\n";
}

function* allowlistEntries(result: AuditView, now: Date, validDays: number): Generator<AllowlistEntry> {
  const expires = new Date(now.getTime() + validDays * 86_400_000).toISOString().slice(0, 10);
  for (const run of result.runs) {
    for (const finding of run.findings) {
      if (finding.suppressed) continue;
      yield { fingerprint: finding.fingerprint, rule: finding.rule, runs: run.id, reason: UNREVIEWED_REASON, expires };
    }
  }
}
