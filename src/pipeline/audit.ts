import path from "node:path";
import type { AuditOptions } from "../config/options.js";
import { hasRunName, runIdOf } from "../discover/find-runs.js";
import { InputError, displayPath, runDirectoriesInListing, runDirectoriesOnDisk, statInput } from "../discover/locate-runs.js";
import { isArchivePath, openArchiveSource } from "../evidence/archive/index.js";
import { directorySource } from "../evidence/directory-source.js";
import type { EvidenceSource, SourceEntry } from "../evidence/source.js";
import { rejectedBelongsTo, subSource } from "../evidence/sub-source.js";
import { loadRegistry, type Registry } from "../models/registry.js";
import { createSecretScanner, type SecretScanner } from "../secrets/index.js";
import type { AuditResult, FindingDraft, RunResult } from "../types.js";
import { TOOL_VERSION } from "../version.js";
import { auditRunSource, type FileScanFn } from "./audit-run.js";
import { mapWithConcurrency } from "./concurrency.js";
import { createFileScanPool, defaultWorkerCount } from "./worker-pool.js";
import { finalizeFindings, verdictOf } from "./finalize.js";
import { summarize } from "./summary.js";
import { scanFile, secretOccurrences } from "./scan-file.js";

/** One run to audit, however it was found. */
export interface RunTarget {
  id: string;
  /** Display path: relative to the working directory, or `archive.zip!/inner/run`. */
  path: string;
  source: EvidenceSource;
}

/** Hooks for long audits (progress bars, caches). */
export interface AuditHooks {
  /** Called with the number of runs once they are all found. */
  onRunsFound?(total: number): void;
  /** A run is done (audited, or reused from the sweep state with `bytes` 0). */
  onRunDone?(bytes: number): void;
}

/** Finds every run under the given paths (run folders, roots, archives). */
export async function locateRuns(inputs: readonly string[], options: AuditOptions): Promise<{ runs: RunTarget[]; close(): Promise<void> }> {
  const runs: RunTarget[] = [];
  const opened: EvidenceSource[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(input);
    const kind = await statInput(absolute);
    const shown = displayPath(absolute);
    if (kind === "file") {
      if (!isArchivePath(absolute)) throw new InputError(`${input} is a file but not a .zip, .tar or .tar.gz archive`);
      let archive: EvidenceSource;
      try {
        archive = await openArchiveSource(absolute, { maxEntryBytes: options.maxFileBytes });
      } catch (error) {
        throw new InputError(`cannot open archive ${input}: ${(error as Error).message}`);
      }
      opened.push(archive);
      const listing = await archive.list();
      const runDirs = runDirectoriesInListing(listing.entries, path.posix.basename(options.artifacts.report));
      // A rejected entry that lies under no run still fails the audit: the first run answers for it.
      const orphans = listing.rejected.filter((r) => !runDirs.some((dir) => rejectedBelongsTo(r, dir)));
      runDirs.forEach((dir, i) => {
        const own = listing.rejected.filter((r) => rejectedBelongsTo(r, dir));
        const source = subSource(archive, listing, dir, i === 0 ? [...own, ...orphans] : own);
        const archiveName = path.basename(absolute).replace(/\.(zip|tar|tar\.gz|tgz)$/i, "");
        runs.push({ id: runIdOf(dir, archiveName), path: dir === "" ? shown : `${shown}!/${dir}`, source });
      });
      continue;
    }
    const runDirs = (await isRunDirectory(absolute, options))
      ? [""]
      : await runDirectoriesOnDisk(absolute, path.posix.basename(options.artifacts.report));
    for (const dir of runDirs) {
      const runAbsolute = path.join(absolute, ...dir.split("/").filter(Boolean));
      runs.push({ id: path.basename(runAbsolute), path: displayPath(runAbsolute), source: directorySource(runAbsolute, displayPath(runAbsolute)) });
    }
  }
  if (runs.length === 0) throw new InputError(`no run directories found under ${inputs.join(", ")}`);
  runs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { runs, close: async () => void (await Promise.all(opened.map((s) => s.close()))) };
}

async function isRunDirectory(absolute: string, options: AuditOptions): Promise<boolean> {
  if (hasRunName(path.basename(absolute))) return true;
  try {
    return (await statInput(path.join(absolute, options.artifacts.report))) === "file";
  } catch {
    return false;
  }
}

/** Loads the registry; its records' text is secret-scanned too. */
export async function loadAuditRegistry(options: AuditOptions, scanner: SecretScanner): Promise<Registry> {
  return loadRegistry(options.admissions, { now: options.now, scanText: secretScanText(scanner, "in an admission or decision record") });
}

/** Secret findings for a small text held in memory (records, not evidence). */
export function secretScanText(scanner: SecretScanner, where: string): (text: string, file: string) => Promise<FindingDraft[]> {
  return async (text, file) => {
    const scan = await scanFile(singleChunk(text), scanner, { file, keepText: false, trace: false, targetPaths: [] });
    return [...secretOccurrences(scan.secrets)].map(
      (secret): FindingDraft => ({
        category: "secret",
        rule: secret.rule,
        code: secret.code,
        severity: "error",
        message: `${secret.message} ${where}`,
        file,
        line: secret.line,
        column: secret.column,
        preview: secret.preview,
        fingerprintKey: secret.valueHash,
      }),
    );
  };
}

async function* singleChunk(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

export interface AuditRunsInput {
  runs: readonly RunTarget[];
  registry: Registry;
  options: AuditOptions;
  fileScan: FileScanFn;
  hooks?: AuditHooks;
  /** Runs audited at once (their files go to the shared scan pool). Default: 4. */
  concurrency?: number;
  /** Each run's total file size, when the caller already listed them (else they are listed here). */
  sizes?: ReadonlyMap<RunTarget, number>;
}

export async function auditRuns(input: AuditRunsInput): Promise<RunResult[]> {
  const results = new Map<RunTarget, RunResult>();
  await auditEachRun(input, (target, result) => results.set(target, result));
  return input.runs.map((target) => results.get(target) as RunResult);
}

/**
 * Audits the runs, handing each result to `sink` as soon as it is complete (in no set order) and
 * keeping none: a sweep of any size writes them out as they come.
 */
export async function auditEachRun(input: AuditRunsInput, sink: (target: RunTarget, result: RunResult) => void): Promise<void> {
  const { runs, registry, options, fileScan, hooks } = input;
  hooks?.onRunsFound?.(runs.length);
  // Runs of one archive share its single read cursor: audit them one after another, in order.
  const archived = runs.some((r) => r.source.isArchive);
  const concurrency = archived ? 1 : (input.concurrency ?? 4);
  // Largest runs first, so a run with a huge trace does not start last and leave one core
  // working alone at the end (longest-processing-time-first scheduling).
  const ordered = archived ? [...runs] : largestFirst(runs, input.sizes ?? (await runSizes(runs)));
  await mapWithConcurrency(ordered, concurrency, async (target) => {
    let bytes = 0;
    const counting: FileScanFn = async (source, entry, scanOptions) => {
      const scan = await fileScan(source, entry, scanOptions);
      bytes += scan.bytes;
      return scan;
    };
    let audited: { findings: FindingDraft[]; status: string | null; artifacts: string[] };
    try {
      audited = await auditRunSource(target.id, target.source, { options, admissions: registry.admissions, scanFile: counting });
    } catch (error) {
      // The run could not even be listed: a finding for this run, never a skip, and the rest go on.
      audited = { findings: [unreadableRun(error)], status: null, artifacts: [] };
    }
    const result = runResult(target, audited.findings, audited.status, audited.artifacts);
    target.source.release?.();
    sink(target, result);
    hooks?.onRunDone?.(bytes);
  });
}

function unreadableRun(error: unknown): FindingDraft {
  const code = (error as NodeJS.ErrnoException)?.code ?? "error";
  return {
    category: "integrity",
    rule: "integrity/unreadable",
    code: "UNREADABLE_RUN",
    severity: "error",
    message: `the run directory could not be read (${code})`,
    file: null,
    line: null,
    column: null,
  };
}

/** The bytes of a run's files, from its listing. */
export function totalBytes(entries: readonly SourceEntry[]): number {
  return entries.reduce((sum, entry) => sum + entry.size, 0);
}

/** Each run's total file size. Listing is I/O-bound: many runs at once; each listing is let go. */
async function runSizes(runs: readonly RunTarget[]): Promise<Map<RunTarget, number>> {
  const totals = await mapWithConcurrency(runs, 32, (target) =>
    target.source
      .list()
      .then((l) => totalBytes(l.entries), () => 0)
      .finally(() => target.source.release?.()),
  );
  return new Map(runs.map((target, i) => [target, totals[i] ?? 0]));
}

function largestFirst(runs: readonly RunTarget[], sizes: ReadonlyMap<RunTarget, number>): RunTarget[] {
  return [...runs].sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0));
}

function runResult(target: RunTarget, drafts: FindingDraft[], status: string | null, artifacts: string[]): RunResult {
  const findings = finalizeFindings(drafts);
  return { id: target.id, path: target.path, verdict: verdictOf(findings), status, findings, artifacts };
}

/** Assembles the document of contract §9. */
export function auditResult(runs: RunResult[], registry: Registry | null, registryPath: string | null): AuditResult {
  const registryFindings = registry ? finalizeFindings(registry.findings) : [];
  return {
    version: 1,
    tool: { name: "harness-audit", version: TOOL_VERSION },
    summary: summarize(runs, registryFindings),
    runs,
    ...(registryPath !== null && { registry: { path: registryPath, findings: registryFindings } }),
  };
}

/** Audits paths end to end with the given options, scanning in this thread. */
export async function auditPaths(inputs: readonly string[], options: AuditOptions, hooks?: AuditHooks): Promise<AuditResult> {
  const scanner = createSecretScanner();
  const registry = await loadAuditRegistry(options, scanner);
  const located = await locateRuns(inputs, options);
  const pool = createFileScanPool(scanner, options.workers ?? defaultWorkerCount());
  try {
    const runs = await auditRuns({ runs: located.runs, registry, options, fileScan: pool.scanFile, hooks });
    return auditResult(runs, registry, options.admissions ? displayPath(path.resolve(options.admissions)) : null);
  } finally {
    await Promise.all([located.close(), pool.close()]);
  }
}
