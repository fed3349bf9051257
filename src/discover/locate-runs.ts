import { promises as fs } from "node:fs";
import path from "node:path";
import type { SourceEntry } from "../evidence/source.js";
import { readDirectory } from "../evidence/directory-source.js";
import { findRunDirectories, hasRunName } from "./find-runs.js";

/** A path given to audit could not be used: a usage error (exit 2). */
export class InputError extends Error {}

/**
 * The run directories under a folder on disk: the folder itself when it is a run, otherwise
 * every run found below it. The same runs as findRunDirectories over the whole tree, but a
 * folder found to be a run is not descended into (no run is ever inside another, and its files
 * are listed by its own source): on a root of 600 runs, 600 directories read instead of every
 * folder of every run, twice (fast-glob, which cannot stop at a folder for what it holds:
 * 21 ms against 230 ms). Symbolic links are not followed, so a linked folder is never a run of
 * this root; a folder that cannot be read is an error, as it was.
 */
export async function runDirectoriesOnDisk(root: string, reportFileName = "report.json"): Promise<string[]> {
  const runs: string[] = [];
  const visit = async (relative: string): Promise<void> => {
    const entries = await readDirectory(path.join(root, relative));
    if ((relative !== "" && hasRunName(relative)) || entries.some((entry) => entry.isFile() && entry.name === reportFileName)) {
      runs.push(relative);
      return;
    }
    await Promise.all(entries.filter((entry) => entry.isDirectory()).map((entry) => visit(relative === "" ? entry.name : `${relative}/${entry.name}`)));
  };
  await visit("");
  return runs.sort();
}

/** The run directories inside an archive's listing. */
export function runDirectoriesInListing(entries: readonly SourceEntry[], reportFileName = "report.json"): string[] {
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
