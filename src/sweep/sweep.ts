import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AuditOptions } from "../config/options.js";
import type { SourceEntry } from "../evidence/source.js";
import type { Registry } from "../models/registry.js";
import { auditEachRun, auditRoots, loadAuditRegistry, locateRuns, totalBytes, type AuditHooks, type RunTarget } from "../pipeline/audit.js";
import { mapWithConcurrency } from "../pipeline/concurrency.js";
import { finalizeFindings } from "../pipeline/finalize.js";
import { rulesetFingerprint } from "../pipeline/rule-catalogue.js";
import { summarizeCounts, type RunCounts } from "../pipeline/summary.js";
import { createFileScanPool, defaultWorkerCount } from "../pipeline/worker-pool.js";
import { InputError, displayPath } from "../discover/locate-runs.js";
import { OutputError, refuseWritingInside } from "../output/write-output.js";
import { createSecretScanner } from "../secrets/index.js";
import { createTextMasker, fromMaskedStore } from "../secrets/mask-text.js";
import type { AuditView, Masked, SharedFindings, Verdict } from "../types.js";
import { TOOL_VERSION } from "../version.js";
import { headOf, RecordFile, runsOf, type RunEntry } from "./run-records.js";
import { inShard, isSince, type Shard } from "./select.js";
import { loadState, saveStateMerged } from "./state.js";
import { loadOrCreateStateKey, STATE_KEY_ENV, stateKeyPath } from "./state-key.js";

export interface SweepOptions {
  root: string;
  /** Default: `<parent of root>/.harness-audit-state.<root name>.json`. */
  statePath?: string;
  /** False: audit every run and keep no state (`--no-cache`). Default: true. */
  useCache: boolean;
  /** The key file that authenticates the state (see state-key.ts). Default: stateKeyPath(process.env). */
  stateKeyFile?: string;
  since?: Date;
  shard?: Shard;
  audit: AuditOptions;
  hooks?: AuditHooks;
}

export interface SweepOutcome {
  /**
   * The sweep's result. Its runs are not in memory: each is read back from disk (the state
   * file, or a private temporary file) as `runs` is iterated — so only until `close()`.
   */
  result: AuditView;
  /** Each run's counts, in the order of `result.runs`: summary and exit code without reading the runs. */
  counts: readonly RunCounts[];
  /** The previous sweep's verdicts (for "newly failing"), when there was one. */
  previous: { runs: ReadonlyArray<{ id: Masked; verdict: Verdict }> } | null;
  /** Things the user should know (a state file discarded…), one line each. */
  notes: string[];
  audited: number;
  reused: number;
  /** Closes the files the runs are read from (and removes the temporary one). */
  close(): void;
}

export function defaultStatePath(root: string): string {
  const absolute = path.resolve(root);
  return path.join(path.dirname(absolute), `.harness-audit-state.${path.basename(absolute)}.json`);
}

/**
 * Audits a harness-runs root, re-scanning only runs whose files changed since the last sweep
 * (or whose tool, rules, options or registry changed), and remembers the results. Memory does
 * not grow with the findings: each result goes to disk as it completes, and only a small entry
 * per run (where its result lies, its counts) stays in memory.
 */
export async function sweep(options: SweepOptions): Promise<SweepOutcome> {
  const root = path.resolve(options.root);
  const scanner = createSecretScanner();
  const masker = createTextMasker(scanner);
  const registry = await loadAuditRegistry(options.audit, scanner);
  const located = await locateRuns([root], options.audit);
  const notes: string[] = [];
  const statePath = options.statePath ?? defaultStatePath(root);
  if (options.useCache) refuseWritingInside("--state", statePath, [root]);
  const environment = environmentFingerprint(options.audit, registry);
  const key = options.useCache ? stateKey(options.stateKeyFile ?? stateKeyPath(process.env), root, notes) : null;
  const state = key ? await loadState(statePath, key, environment) : null;
  if (state?.note) notes.push(state.note);
  let spool: RecordFile;
  try {
    spool = RecordFile.temporary();
  } catch (error) {
    state?.file?.close();
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new InputError(`cannot create a temporary file in ${tmpdir()} (${code}): point TMPDIR at a writable folder`);
  }
  const close = () => {
    spool.close();
    state?.file?.close();
  };

  try {
    // The state keys a run by a hash of its path under the root: the path itself may hold what
    // must never be written (a token in a folder name), and the key is only ever compared.
    const keyOf = (target: RunTarget) => stateKeyOf(runKey(root, target));
    const selected = located.runs.filter(
      (target) => (!options.since || isSince(target.id, options.since)) && (!options.shard || inShard(runKey(root, target), options.shard)),
    );

    options.hooks?.onRunsFound?.(selected.length);
    const entries: RunEntry[] = [];
    const toAudit: RunTarget[] = [];
    const fingerprints = new Map<RunTarget, string | null>();
    const sizes = new Map<RunTarget, number>();
    // Listing is I/O-bound: many runs at once. No listing is kept (thousands of strings a run):
    // a run that is audited is listed again then. (Its files changing in between can only make
    // the stored fingerprint stale, which audits the run again next time: never the reverse.)
    const listed = await mapWithConcurrency(selected, 32, (target) =>
      target.source.list().then(
        (l) => ({ fingerprint: listingFingerprint(l.entries), size: totalBytes(l.entries) }),
        () => ({ fingerprint: null, size: 0 }),
      ).finally(() => target.source.release?.()),
    );
    for (const [i, target] of selected.entries()) {
      const fingerprint = listed[i]?.fingerprint ?? null;
      const stored = state?.runs.get(keyOf(target));
      if (state?.file && fingerprint !== null && stored?.fingerprint === fingerprint) {
        entries.push({ ...stored, path: await masker.mask(target.path), file: state.file });
        options.hooks?.onRunDone?.(0);
      } else {
        toAudit.push(target);
        fingerprints.set(target, fingerprint);
        sizes.set(target, listed[i]?.size ?? 0);
      }
    }

    const pool = createFileScanPool(scanner, options.audit.workers ?? defaultWorkerCount());
    let roots: SharedFindings[] = [];
    try {
      // What lies under no run is never cached (it has no run to key it by); it is seldom much.
      roots = await auditRoots(located.roots, { options: options.audit, fileScan: pool.scanFile, scanner, masker });
      await auditEachRun(
        { runs: toAudit, registry, options: options.audit, fileScan: pool.scanFile, scanner, masker, sizes, hooks: { ...(options.hooks?.onRunDone && { onRunDone: options.hooks.onRunDone }) } },
        (target, result) => {
          const head = headOf(keyOf(target), fingerprints.get(target) ?? null, result);
          entries.push({ ...head, path: result.path, file: spool, ...spool.append(head, result) });
        },
      );
    } finally {
      await Promise.all([pool.close(), located.close()]);
    }
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

    // Rewritten only when something changed: a warm sweep of an unchanged root writes nothing.
    // A run that was not selected (--since, --shard) keeps its stored result.
    if (key && state) {
      const present = new Set(located.runs.map(keyOf));
      const gone = [...state.runs.keys()].some((runKey) => !present.has(runKey));
      if (toAudit.length > 0 || gone || state.file === null) {
        try {
          await saveStateMerged({ file: statePath, key, environment, savedAt: options.audit.now.toISOString(), root, entries, present, loaded: state, notes });
        } catch (error) {
          if (error instanceof OutputError && error.code === null) throw error;
          const code = (error as NodeJS.ErrnoException).code ?? "error";
          throw new InputError(`cannot write the sweep state ${statePath} (${code}): choose another with --state, or use --no-cache`);
        }
      }
    }

    const registryFindings = await finalizeFindings(registry.findings, masker);
    const registryPath = options.audit.admissions ? await masker.mask(displayPath(options.audit.admissions)) : null;
    const result: AuditView = {
      version: 1,
      tool: { name: "harness-audit", version: TOOL_VERSION },
      summary: summarizeCounts(entries, [...registryFindings, ...roots.flatMap((root) => root.findings)]),
      runs: runsOf(entries),
      ...(registryPath !== null && { registry: { path: registryPath, findings: registryFindings } }),
      ...(roots.length > 0 && { roots }),
    };
    return {
      result,
      counts: entries,
      previous: state?.previous ? { runs: state.previous.map((run) => ({ id: fromMaskedStore(run.id), verdict: run.verdict })) } : null,
      notes,
      audited: toAudit.length,
      reused: entries.length - toAudit.length,
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}

/**
 * The state key, or null (this sweep then keeps no state, and says so): a state that cannot be
 * authenticated is never read, and a missing key is no reason to stop the sweep.
 */
function stateKey(file: string, root: string, notes: string[]): Buffer | null {
  // Whoever can read the evidence must not be able to read the key.
  refuseKeyInside(file, root);
  try {
    const loaded = loadOrCreateStateKey(file);
    if (loaded.note) notes.push(loaded.note);
    return loaded.key;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    notes.push(`cannot read or create the state key ${file} (${code}); this sweep keeps no state: set ${STATE_KEY_ENV} to a writable place`);
    return null;
  }
}

function refuseKeyInside(file: string, root: string): void {
  try {
    refuseWritingInside(STATE_KEY_ENV, file, [root]);
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    throw new InputError(`the state key ${file} lies inside the swept root ${root}: set ${STATE_KEY_ENV} to a file outside it`);
  }
}

function stateKeyOf(relativePath: string): string {
  return createHash("sha256").update(relativePath).digest("hex").slice(0, 32);
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
        maxArchiveBytes: options.maxArchiveBytes,
        allowRefused: options.allowRefusedModelInBlockedRun,
        alwaysAllowed: options.alwaysAllowedModels,
        modelFindingsPerFile: options.maxModelFindingsPerFile,
        admissions: registry.admissions.map((a) => [a.provider, a.model, a.fileName, a.reviewBy]),
      }),
    )
    .digest("hex");
}
