import { RUN_DIR_NAME } from "../config/defaults.js";

/**
 * Which folders of a tree are run directories (contract §2): a folder holding `report.json`,
 * or whose name reads `<YYYYMMDDTHHMMSSZ>-<task id>-<pid>`. Nested runs are found at any
 * depth (v1 choice), but never inside another run: a run's `baseline/report.json` belongs
 * to that run.
 *
 * @param directories every folder of the tree, as POSIX paths relative to its root ("" = root)
 * @param files every regular file of the tree, same convention
 * @returns relative paths of the run directories, sorted
 */
export function findRunDirectories(
  directories: Iterable<string>,
  files: Iterable<string>,
  reportFileName: string | null = "report.json",
): string[] {
  const candidates = new Set<string>();
  for (const dir of directories) if (hasRunName(dir)) candidates.add(dir);
  for (const file of files) {
    if (baseName(file) === reportFileName) candidates.add(parentOf(file));
  }
  return [...candidates].filter((candidate) => !hasCandidateAncestor(candidate, candidates)).sort();
}

/** Whether a folder's own name (the last part of a POSIX path) reads as a run directory's. */
export function hasRunName(dir: string): boolean {
  return RUN_DIR_NAME.test(baseName(dir));
}

/** The run id is the run directory's own name. */
export function runIdOf(runPath: string, fallback: string): string {
  return runPath === "" ? fallback : baseName(runPath);
}

/** `20260601T013918Z` → `2026-06-01T01:39:18Z`, or null when the name has no timestamp. */
export function runTimestamp(runName: string): Date | null {
  const match = RUN_DIR_NAME.exec(runName);
  if (!match?.[1]) return null;
  const t = match[1];
  const iso = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(9, 11)}:${t.slice(11, 13)}:${t.slice(13, 15)}Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function hasCandidateAncestor(dir: string, candidates: ReadonlySet<string>): boolean {
  if (dir === "") return false;
  for (let ancestor = parentOf(dir); ; ancestor = parentOf(ancestor)) {
    if (candidates.has(ancestor)) return true;
    if (ancestor === "") return false;
  }
}

function baseName(p: string): string {
  const i = p.lastIndexOf("/");
  return i === -1 ? p : p.slice(i + 1);
}

function parentOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i === -1 ? "" : p.slice(0, i);
}
