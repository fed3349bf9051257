import { defineGate, type GateFinding } from "./gate.js";
import { expectedFile, gateFinding } from "./locate.js";

/**
 * Contract §6 gate 12, structural half: "No Target Repository path is inspected or copied" —
 * a run directory holds no copied repository. A `.git` folder (or a `.git` file, which is how
 * a worktree or submodule checkout points at its repository) anywhere in the run is one.
 * The content half (target paths inside files) is a text scan, built on `findTargetPaths`.
 */
export default defineGate({
  id: "gate/no-target-repository",
  number: 12,
  category: "gate",
  description: "The run directory holds no copied repository (.git)",
  check(run) {
    const findings: GateFinding[] = [];
    const gitDirectories = [...run.directories].filter(isGitEntry).sort();
    for (const directory of gitDirectories) {
      // Report the outermost `.git` only, not each repository nested inside it.
      if (hasGitAncestor(directory)) continue;
      findings.push(gateFinding(expectedFile(directory), "COPIED_REPOSITORY", `${directory} is a copied git repository`));
    }
    const gitFiles = [...run.files].filter(isGitEntry).sort();
    for (const file of gitFiles) {
      if (hasGitAncestor(file)) continue;
      findings.push(gateFinding(expectedFile(file), "COPIED_REPOSITORY", `${file} points at a git repository`));
    }
    return findings;
  },
});

function isGitEntry(path: string): boolean {
  return path === ".git" || path.endsWith("/.git");
}

function hasGitAncestor(path: string): boolean {
  return path.split("/").slice(0, -1).includes(".git");
}

/** One occurrence of a target-repository path in a text; `end` is exclusive. */
export interface TargetPathMatch {
  start: number;
  end: number;
  /** Index of the matched path in the `targetPaths` given. */
  targetIndex: number;
}

/** Characters that continue a path segment (a longer name means a different path). */
const NAME_CHARACTER = /[A-Za-z0-9_~\-]/;

/**
 * Every whole occurrence of each target path in `text`, sorted by position. "Whole" means the
 * occurrence is not part of a longer name: `/srv/repo` matches in `/srv/repo`, `/srv/repo/src`
 * and `"/srv/repo".` but not in `/srv/repo2`, `/srv/repo.old` or `/mnt/srv/repo`. A trailing
 * separator on a target is ignored; empty targets (or bare separators) match nothing. Pure.
 */
export function findTargetPaths(text: string, targetPaths: readonly string[]): TargetPathMatch[] {
  const matches: TargetPathMatch[] = [];
  targetPaths.forEach((target, targetIndex) => {
    const needle = trimTrailingSeparators(target);
    if (needle === "") return;
    for (let start = text.indexOf(needle); start !== -1; start = text.indexOf(needle, start + 1)) {
      const end = start + needle.length;
      if (startsWhole(text, start, needle) && endsWhole(text, end)) matches.push({ start, end, targetIndex });
    }
  });
  return matches.sort((a, b) => a.start - b.start || a.targetIndex - b.targetIndex);
}

function trimTrailingSeparators(path: string): string {
  let end = path.length;
  while (end > 0 && (path[end - 1] === "/" || path[end - 1] === "\\")) end--;
  return path.slice(0, end);
}

function startsWhole(text: string, start: number, needle: string): boolean {
  if (start === 0) return true;
  const before = text[start - 1] ?? "";
  // `/mnt/srv/repo` is another path; `.` and `/` before a path that does not start with a
  // separator (e.g. `C:\repo` after `.`) also continue a name.
  if (NAME_CHARACTER.test(before)) return false;
  if (!/^[\\/]/.test(needle) && (before === "." || before === "/" || before === "\\")) return false;
  return true;
}

function endsWhole(text: string, end: number): boolean {
  const after = text[end];
  if (after === undefined) return true;
  if (NAME_CHARACTER.test(after)) return false;
  // `.old` extends the last segment; a sentence's full stop does not.
  if (after === ".") return !NAME_CHARACTER.test(text[end + 1] ?? "");
  return true;
}
