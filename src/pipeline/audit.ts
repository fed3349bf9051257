import { realpath } from "node:fs/promises";
import fg from "fast-glob";
import path from "node:path";
import type { AuditOptions } from "../config/options.js";
import { hasRunName, runIdOf } from "../discover/find-runs.js";
import { InputError, displayPath, outsideRunsInListing, runDirectoriesInListing, statInput, surveyRoot } from "../discover/locate-runs.js";
import { isArchivePath, openArchiveSource } from "../evidence/archive/index.js";
import { directorySource } from "../evidence/directory-source.js";
import type { EvidenceSource, SourceEntry, SourceMetadata } from "../evidence/source.js";
import { rejectedBelongsTo, subSource } from "../evidence/sub-source.js";
import { loadRegistry, type Registry, type RegistryOptions } from "../models/registry.js";
import { createSecretScanner, type SecretScanner } from "../secrets/index.js";
import { createTextMasker, type TextMasker } from "../secrets/mask-text.js";
import type { AuditResult, FindingDraft, Masked, RunResult, SharedFindings } from "../types.js";
import { TOOL_VERSION } from "../version.js";
import { auditRootEntries, type RootTarget } from "./audit-root.js";
import { auditRunSource, type FileScanFn } from "./audit-run.js";
import { mapWithConcurrency } from "./concurrency.js";
import { createFileScanPool, defaultWorkerCount } from "./worker-pool.js";
import { finalizeFindings, verdictOf } from "./finalize.js";
import { summarize } from "./summary.js";
import { nameSecretFindings, secretFinding, secretsInText } from "./scan-text.js";

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

/** The runs under the given paths, and the roots that hold entries under no run. */
export interface LocatedRuns {
  runs: RunTarget[];
  roots: RootTarget[];
  close(): Promise<void>;
}

/** Finds every run under the given paths (run folders, roots, archives), and what lies outside them. */
export async function locateRuns(inputs: readonly string[], options: AuditOptions): Promise<LocatedRuns> {
  const runs: RunTarget[] = [];
  const roots: RootTarget[] = [];
  const opened: EvidenceSource[] = [];
  // The registry is not evidence, wherever it lies.
  const exclude = options.admissions ? [await realPathOrSelf(options.admissions)] : [];
  for (const input of inputs) {
    const absolute = path.resolve(input);
    const kind = await statInput(absolute);
    const shown = displayPath(absolute);
    if (kind === "file") {
      if (!isArchivePath(absolute)) throw new InputError(`${input} is a file but not a .zip, .tar or .tar.gz archive`);
      let archive: EvidenceSource;
      try {
        archive = await openArchiveSource(absolute, { maxEntryBytes: options.maxFileBytes, maxArchiveBytes: options.maxArchiveBytes });
      } catch (error) {
        throw new InputError(`cannot open archive ${input}: ${(error as Error).message}`);
      }
      opened.push(archive);
      const listing = await archive.list();
      const runDirs = runDirectoriesInListing(listing.entries, reportFileName(options));
      // A rejected entry that lies under no run still fails the audit: the first run answers for it.
      const orphans = listing.rejected.filter((r) => !runDirs.some((dir) => rejectedBelongsTo(r, dir)));
      runDirs.forEach((dir, i) => {
        const own = listing.rejected.filter((r) => rejectedBelongsTo(r, dir));
        const source = subSource(archive, listing, dir, i === 0 ? [...own, ...orphans] : own);
        const archiveName = path.basename(absolute).replace(/\.(zip|tar|tar\.gz|tgz)$/i, "");
        runs.push({ id: runIdOf(dir, archiveName), path: dir === "" ? shown : `${shown}!/${dir}`, source });
      });
      const outside = outsideRunsInListing(listing.entries, runDirs);
      // The archive's own metadata, and that of entries under no run, is the root's to answer for.
      const underRun = (item: SourceMetadata) => item.path !== null && runDirs.some((dir) => dir === "" || item.path === dir || item.path!.startsWith(`${dir}/`));
      const metadata = (listing.metadata ?? []).filter((item) => !underRun(item));
      if (outside.length > 0 || metadata.length > 0) roots.push({ path: shown, source: archive, entries: outside, metadata });
      continue;
    }
    const survey = (await isRunDirectory(absolute, options))
      ? { runs: [""], outside: [] }
      : await surveyRoot(absolute, reportFileName(options), exclude);
    if (survey.outside.length > 0) roots.push({ path: shown, source: directorySource(absolute, shown), entries: survey.outside });
    for (const dir of survey.runs) {
      const runAbsolute = path.join(absolute, ...dir.split("/").filter(Boolean));
      runs.push({ id: path.basename(runAbsolute), path: displayPath(runAbsolute), source: directorySource(runAbsolute, displayPath(runAbsolute)) });
    }
  }
  if (runs.length === 0) throw new InputError(`no run directories found under ${inputs.join(", ")}`);
  runs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // A glob may name a root and runs inside it: each run is audited once.
  const unique = runs.filter((target, i) => i === 0 || target.path !== runs[i - 1]?.path);
  const uniqueRoots = roots.filter((root, i) => roots.findIndex((other) => other.path === root.path) === i);
  return { runs: unique, roots: uniqueRoots, close: async () => void (await Promise.all(opened.map((s) => s.close()))) };
}

/** The report's file name that makes a folder a run; null when its location is a pattern. */
function reportFileName(options: AuditOptions): string | null {
  const name = path.posix.basename(options.artifacts.report);
  return fg.isDynamicPattern(options.artifacts.report) ? null : name;
}

async function realPathOrSelf(file: string): Promise<string> {
  try {
    return await realpath(path.resolve(file));
  } catch {
    return path.resolve(file);
  }
}

/** Audits the entries of each root that lie under no run; only roots with findings are kept. */
export async function auditRoots(
  roots: readonly RootTarget[],
  context: { options: AuditOptions; fileScan: FileScanFn; scanner: SecretScanner; masker: TextMasker },
): Promise<SharedFindings[]> {
  const results: SharedFindings[] = [];
  for (const root of roots) {
    const drafts = await auditRootEntries(root, { options: context.options, scanFile: context.fileScan, scanner: context.scanner });
    if (drafts.length > 0) results.push({ path: await context.masker.mask(root.path), findings: await finalizeFindings(drafts, context.masker) });
  }
  return results;
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
  return loadRegistry(options.admissions, { now: options.now, ...recordScanners(scanner) });
}

/** The secret scans of admission and decision records: their text and their file names. */
export function recordScanners(scanner: SecretScanner): Required<Pick<RegistryOptions, "scanText" | "scanName">> {
  return {
    scanText: secretScanText(scanner, "in an admission or decision record"),
    scanName: async (name, file) => (await nameSecretFindings(scanner, [name], "in an admission or decision record's file name")).map((f) => ({ ...f, file })),
  };
}

/** Secret findings for a small text held in memory (records, not evidence). */
export function secretScanText(scanner: SecretScanner, where: string): (text: string, file: string) => Promise<FindingDraft[]> {
  return async (text, file) => (await secretsInText(scanner, text, file)).map((secret) => secretFinding(secret, where, file, secret.line, secret.column));
}

export interface AuditRunsInput {
  runs: readonly RunTarget[];
  registry: Registry;
  options: AuditOptions;
  fileScan: FileScanFn;
  /** Scans what is not a file's content (names) in this thread. */
  scanner: SecretScanner;
  /** The masking gate every printed string of a result goes through. */
  masker: TextMasker;
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
      audited = await auditRunSource(target.id, target.source, { options, admissions: registry.admissions, scanFile: counting, scanner: input.scanner });
    } catch (error) {
      // The run could not even be listed: a finding for this run, never a skip, and the rest go on.
      audited = { findings: [unreadableRun(error)], status: null, artifacts: [] };
    }
    const result = await runResult(target, audited, input.masker);
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

async function runResult(target: RunTarget, audited: { findings: FindingDraft[]; status: string | null; artifacts: string[] }, masker: TextMasker): Promise<RunResult> {
  const findings = await finalizeFindings(audited.findings, masker);
  const artifacts: Masked[] = [];
  for (const artifact of audited.artifacts) artifacts.push(await masker.mask(artifact));
  return {
    id: await masker.mask(target.id),
    path: await masker.mask(target.path),
    verdict: verdictOf(findings),
    status: await masker.maskNullable(audited.status),
    findings,
    artifacts,
  };
}

/** Assembles the document of contract §9. */
export async function auditResult(
  runs: RunResult[],
  registry: Registry | null,
  registryPath: string | null,
  masker: TextMasker,
  roots: SharedFindings[] = [],
): Promise<AuditResult> {
  const registryFindings = registry ? await finalizeFindings(registry.findings, masker) : [];
  return {
    version: 1,
    tool: { name: "harness-audit", version: TOOL_VERSION },
    summary: summarize(runs, [...registryFindings, ...roots.flatMap((root) => root.findings)]),
    runs,
    ...(registryPath !== null && { registry: { path: await masker.mask(registryPath), findings: registryFindings } }),
    ...(roots.length > 0 && { roots }),
  };
}

/** Audits paths end to end with the given options, scanning in this thread. */
export async function auditPaths(inputs: readonly string[], options: AuditOptions, hooks?: AuditHooks): Promise<AuditResult> {
  const scanner = createSecretScanner();
  const masker = createTextMasker(scanner);
  const registry = await loadAuditRegistry(options, scanner);
  const located = await locateRuns(inputs, options);
  const pool = createFileScanPool(scanner, options.workers ?? defaultWorkerCount());
  try {
    const runs = await auditRuns({ runs: located.runs, registry, options, fileScan: pool.scanFile, scanner, masker, hooks });
    const roots = await auditRoots(located.roots, { options, fileScan: pool.scanFile, scanner, masker });
    return await auditResult(runs, registry, options.admissions ? displayPath(path.resolve(options.admissions)) : null, masker, roots);
  } finally {
    await Promise.all([located.close(), pool.close()]);
  }
}
