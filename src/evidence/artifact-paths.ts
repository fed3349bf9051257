/**
 * The contract's artifact locations (§3) are configurable by glob: `"trace": "logs/*.jsonl"`
 * finds a run's trace wherever the harness put it. A location that is a plain path is used as it
 * is; a pattern is matched with fast-glob on disk and with picomatch (what fast-glob's matching
 * builds on) over an archive's listing, with the same options, so a folder and its archive select
 * the same files. Matching happens only for patterns: the default locations cost nothing.
 */
import fg from "fast-glob";
import picomatch from "picomatch";
import type { ArtifactPaths } from "../config/defaults.js";
import type { FindingDraft } from "../types.js";
import type { EvidenceSource } from "./source.js";

/** Locations that name a set of files, not one artifact: every file is scanned anyway, so they select nothing. */
const FILE_SETS: ReadonlySet<keyof ArtifactPaths> = new Set(["backendLogs"]);

/** Dot files match, links are not followed, only regular files count: on disk and in listings alike. */
const GLOB_OPTIONS = { dot: true } as const;

export interface ResolvedArtifacts {
  /** Every location as one path inside the run: a pattern's first match, or the pattern when none matches. */
  artifacts: ArtifactPaths;
  /** A pattern that matches more than one file (the first, in path order, is used). */
  findings: FindingDraft[];
}

export async function resolveArtifactPaths(patterns: ArtifactPaths, source: EvidenceSource, files: readonly string[]): Promise<ResolvedArtifacts> {
  const artifacts = { ...patterns };
  const findings: FindingDraft[] = [];
  const dynamic = (Object.keys(patterns) as Array<keyof ArtifactPaths>).filter((key) => !FILE_SETS.has(key) && fg.isDynamicPattern(patterns[key]));
  const folder = source.localPath?.("");
  for (const key of dynamic) {
    const pattern = patterns[key];
    const matches = (folder !== undefined ? await matchOnDisk(pattern, folder) : matchInListing(pattern, files)).sort();
    const first = matches[0];
    if (first === undefined) continue;
    artifacts[key] = first;
    if (matches.length > 1) {
      findings.push({
        category: "integrity",
        rule: "integrity/ambiguous-artifact",
        code: "AMBIGUOUS_ARTIFACT",
        severity: "warning",
        message: `the ${key} location ${pattern} matches ${matches.length} files; ${first} is read as the ${key}`,
        file: first,
        line: null,
        column: null,
      });
    }
  }
  return { artifacts, findings };
}

/**
 * Errors are suppressed: a pattern whose folder part names a file (`logs/**` where `logs` is a
 * file) matches nothing rather than failing the run, and a folder that cannot be read is already
 * a finding of the run's own listing, which every file is scanned from.
 */
export function matchOnDisk(pattern: string, folder: string): Promise<string[]> {
  return fg(pattern, { ...GLOB_OPTIONS, cwd: folder, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true });
}

/**
 * fast-glob's semantics over a listing: fast-glob splits a pattern into tasks (braces expanded),
 * each walked from its static folder part; a file matches a task when it lies under that folder
 * and a positive pattern matches it (picomatch) and no negative one does.
 */
export function matchInListing(pattern: string, files: readonly string[]): string[] {
  const tasks = fg.generateTasks(pattern, GLOB_OPTIONS).map((task) => ({
    base: task.base,
    positive: task.positive.map((p) => picomatch(p, GLOB_OPTIONS)),
    negative: task.negative.map((p) => picomatch(p, GLOB_OPTIONS)),
  }));
  const under = (file: string, base: string) => base === "." || file.startsWith(`${base}/`);
  return files.filter((file) =>
    tasks.some((task) => under(file, task.base) && task.positive.some((match) => match(file)) && !task.negative.some((match) => match(file))),
  );
}
