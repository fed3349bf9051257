import { promises as fs } from "node:fs";
import path from "node:path";
import type { Dirent } from "node:fs";
import type { SourceEntry } from "../evidence/source.js";
import { readDirectory } from "../evidence/directory-source.js";
import { findRunDirectories, hasRunName } from "./find-runs.js";

/** A path given to audit could not be used: a usage error (exit 2). */
export class InputError extends Error {}

/** An entry of an audited root that lies under no run directory. */
export interface OutsideEntry extends SourceEntry {
  /** A symbolic link whose name or target reads as a run directory's. */
  linksToRun?: boolean;
}

/** What a folder on disk holds: its run directories, and every other file, link or special file. */
export interface RootSurvey {
  runs: string[];
  /** Regular files, links and special files under no run, sorted; folders are not listed. */
  outside: OutsideEntry[];
}

/**
 * The run directories under a folder on disk, and everything under no run: the folder itself
 * when it is a run, otherwise every run found below it. The same runs as findRunDirectories over
 * the whole tree, but a folder found to be a run is not descended into (no run is ever inside
 * another, and its files are listed by its own source): on a root of 600 runs, 600 directories
 * read instead of every folder of every run, twice (fast-glob, which cannot stop at a folder for
 * what it holds: 21 ms against 230 ms). Symbolic links are not followed, so a linked folder is
 * never a run of this root (it is an entry outside the runs); a folder that cannot be read is an
 * error, as it was. `exclude`: real paths of folders that are not evidence (the registry).
 * `reportFileName` null (the report's location is a pattern): runs are known by their names only.
 */
export async function surveyRoot(root: string, reportFileName: string | null = "report.json", exclude: readonly string[] = []): Promise<RootSurvey> {
  const runs: string[] = [];
  const outside: OutsideEntry[] = [];
  const realRoot = exclude.length > 0 ? await fs.realpath(root) : root;
  const excluded = new Set(exclude);
  const visit = async (relative: string): Promise<void> => {
    const entries = await readDirectory(path.join(root, relative));
    if ((relative !== "" && hasRunName(relative)) || entries.some((entry) => entry.isFile() && entry.name === reportFileName)) {
      runs.push(relative);
      return;
    }
    await Promise.all(
      entries.map(async (entry) => {
        const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory()) {
          if (!excluded.has(path.join(realRoot, child))) await visit(child);
          return;
        }
        outside.push(await outsideEntry(path.join(root, child), child, entry, reportFileName));
      }),
    );
  };
  await visit("");
  outside.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { runs: runs.sort(), outside };
}

async function outsideEntry(absolute: string, relative: string, entry: Dirent, reportFileName: string | null): Promise<OutsideEntry> {
  if (entry.isSymbolicLink()) {
    return { path: relative, type: "symlink", size: 0, linksToRun: hasRunName(relative) || (await isRunFolder(absolute, reportFileName)) };
  }
  if (!entry.isFile()) return { path: relative, type: "other", size: 0 };
  const stat = await fs.lstat(absolute, { bigint: true });
  return { path: relative, type: "file", size: Number(stat.size), stamp: `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.mode}` };
}

/** Whether a path (a link's target, looked at, never read) is a folder holding a report. */
async function isRunFolder(absolute: string, reportFileName: string | null): Promise<boolean> {
  if (reportFileName === null) return false;
  try {
    return (await fs.stat(absolute)).isDirectory() && (await fs.stat(path.join(absolute, reportFileName))).isFile();
  } catch {
    return false;
  }
}

/** The run directories under a folder on disk (see surveyRoot). */
export async function runDirectoriesOnDisk(root: string, reportFileName = "report.json"): Promise<string[]> {
  return (await surveyRoot(root, reportFileName)).runs;
}

/** The entries of an archive's listing that lie under none of its run directories (folders left out). */
export function outsideRunsInListing(entries: readonly SourceEntry[], runDirs: readonly string[]): SourceEntry[] {
  if (runDirs.includes("")) return [];
  const under = (entry: SourceEntry) => runDirs.some((dir) => entry.path === dir || entry.path.startsWith(`${dir}/`));
  return entries.filter((entry) => entry.type !== "directory" && !under(entry));
}

/** The run directories inside an archive's listing. */
export function runDirectoriesInListing(entries: readonly SourceEntry[], reportFileName: string | null = "report.json"): string[] {
  const directories = [""];
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.type === "directory") directories.push(entry.path);
    else if (entry.type === "file") files.push(entry.path);
  }
  return findRunDirectories(directories, files, reportFileName);
}

export async function statInput(input: string): Promise<"directory" | "file"> {
  let stat;
  try {
    stat = await fs.stat(input);
  } catch (error) {
    throw new InputError(`cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  if (stat.isDirectory()) return "directory";
  if (stat.isFile()) return "file";
  throw new InputError(`${input} is neither a folder nor a file`);
}

export function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  const shown = relative === "" ? "." : relative.startsWith("..") ? absolute : relative;
  return shown.split(path.sep).join("/");
}
