import { createHash } from "node:crypto";
import path from "node:path";
import type { AuditOptions } from "../config/options.js";
import type { SourceEntry } from "../evidence/source.js";
import type { Registry } from "../models/registry.js";
import { auditResult, auditRuns, loadAuditRegistry, locateRuns, type AuditHooks, type RunTarget } from "../pipeline/audit.js";
import { mapWithConcurrency } from "../pipeline/concurrency.js";
import { rulesetFingerprint } from "../pipeline/rule-catalogue.js";
import { createFileScanPool, defaultWorkerCount } from "../pipeline/worker-pool.js";
import { InputError, displayPath } from "../discover/locate-runs.js";
import { createSecretScanner } from "../secrets/index.js";
import type { AuditResult, RunResult } from "../types.js";
import { TOOL_VERSION } from "../version.js";
import { inShard, isSince, type Shard } from "./select.js";
import { emptyState, loadState, saveState, type SweepState } from "./state.js";

export interface SweepOptions {
  root: string;
  /** Default: `<parent of root>/.harness-audit-state.<root name>.json`. */
  statePath?: string;
  /** False: audit every run and keep no state (`--no-cache`). Default: true. */
  useCache: boolean;
  since?: Date;
  shard?: Shard;
  audit: AuditOptions;
  hooks?: AuditHooks;
}

export interface SweepOutcome {
  result: AuditResult;
  /** The previous sweep's results (for "newly failing"), when there was one. */
  previous: AuditResult | null;
  /** Things the user should know (a state file discarded…), one line each. */
  notes: string[];
  audited: number;
  reused: number;
}

export function defaultStatePath(root: string): string {
  const absolute = path.resolve(root);
  return path.join(path.dirname(absolute), `.harness-audit-state.${path.basename(absolute)}.json`);
}

/**
 * Audits a harness-runs root, re-scanning only runs whose files changed since the last sweep
 * (or whose tool, rules, options or registry changed), and remembers the results.
 */
export async function sweep(options: SweepOptions): Promise<SweepOutcome> {
  const root = path.resolve(options.root);
  const scanner = createSecretScanner();
  const registry = await loadAuditRegistry(options.audit, scanner);
  const located = await locateRuns([root], options.audit);
  const notes: string[] = [];
  const statePath = options.statePath ?? defaultStatePath(root);
  const environment = environmentFingerprint(options.audit, registry);
  const loaded = options.useCache ? await loadState(statePath, environment) : null;
  if (loaded?.note) notes.push(loaded.note);
  const state: SweepState = loaded?.state ?? emptyState(environment);

  const keyOf = (target: RunTarget) => runKey(root, target);
  const selected = located.runs.filter(
    (target) => (!options.since || isSince(target.id, options.since)) && (!options.shard || inShard(keyOf(target), options.shard)),
  );

  options.hooks?.onRunsFound?.(selected.length);
  const reused: RunResult[] = [];
  const toAudit: Array<{ target: RunTarget; fingerprint: string | null }> = [];
  // Listing is I/O-bound: many runs at once (the listings are kept for the audit).
  const fingerprints = await mapWithConcurrency(selected, 32, (target) =>
    target.source.list().then((l) => listingFingerprint(l.entries), () => null),
  );
  for (const [i, target] of selected.entries()) {
    const fingerprint = fingerprints[i] ?? null;
    const cached = state.runs[keyOf(target)];
    if (options.useCache && fingerprint !== null && cached?.fingerprint === fingerprint) {
      reused.push({ ...cached.result, path: target.path });
      options.hooks?.onRunDone?.(cached.result, 0);
    } else toAudit.push({ target, fingerprint });
  }

  const pool = createFileScanPool(scanner, options.audit.workers ?? defaultWorkerCount());
  let fresh: RunResult[];
  try {
    fresh = await auditRuns({
      runs: toAudit.map((t) => t.target),
      registry,
      options: options.audit,
      fileScan: pool.scanFile,
      hooks: { ...(options.hooks?.onRunDone && { onRunDone: options.hooks.onRunDone }) },
    });
  } finally {
    await Promise.all([pool.close(), located.close()]);
  }

  // Rewritten only when something changed: a warm sweep of an unchanged root writes nothing.
  // (loadState hands back the file's own state as `previous` only when it is reused as it is.)
  const present = new Set(located.runs.map(keyOf));
  const gone = Object.keys(state.runs).filter((key) => !present.has(key));
  const stateIsNew = loaded !== null && loaded.state !== loaded.previous;
  if (options.useCache && (toAudit.length > 0 || gone.length > 0 || stateIsNew)) {
    for (const key of gone) delete state.runs[key];
    toAudit.forEach(({ target, fingerprint }, i) => {
      const result = fresh[i];
      if (fingerprint !== null && result) state.runs[keyOf(target)] = { fingerprint, result };
      else delete state.runs[keyOf(target)];
    });
    state.environment = environment;
    state.savedAt = options.audit.now.toISOString();
    try {
      await saveState(statePath, state);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      throw new InputError(`cannot write the sweep state ${statePath} (${code}): choose another with --state, or use --no-cache`);
    }
  }

  const runs = [...reused, ...fresh].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const registryPath = options.audit.admissions ? displayPath(options.audit.admissions) : null;
  const previousRuns = loaded?.previous ? Object.values(loaded.previous.runs).map((r) => r.result) : null;
  return {
    result: auditResult(runs, registry, registryPath),
    previous: previousRuns ? auditResult(previousRuns, null, null) : null,
    notes,
    audited: fresh.length,
    reused: reused.length,
  };
}

function runKey(root: string, target: RunTarget): string {
  const local = target.source.localPath?.("");
  return local ? path.relative(root, local).split(path.sep).join("/") : target.path;
}

/** Null when an entry cannot be stamped: such a run is always audited again. */
export function listingFingerprint(entries: readonly SourceEntry[]): string | null {
  const hash = createHash("sha256");
  for (const entry of entries) {
    if (entry.stamp === undefined) return null;
    hash.update(`${entry.path}\0${entry.type}\0${entry.stamp}\n`);
  }
  return hash.digest("hex");
}

/** Everything besides a run's own files that its result depends on. */
export function environmentFingerprint(options: AuditOptions, registry: Registry): string {
  return createHash("sha256")
    .update(
      JSON.stringify({
        tool: TOOL_VERSION,
        rules: rulesetFingerprint(),
        artifacts: options.artifacts,
        targetPaths: options.targetPaths,
        maxFileBytes: options.maxFileBytes,
        allowRefused: options.allowRefusedModelInBlockedRun,
        alwaysAllowed: options.alwaysAllowedModels,
        admissions: registry.admissions.map((a) => [a.provider, a.model, a.fileName, a.reviewBy]),
      }),
    )
    .digest("hex");
}
