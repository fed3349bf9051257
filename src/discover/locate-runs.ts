import { promises as fs } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import type { SourceEntry } from "../evidence/source.js";
import { findRunDirectories } from "./find-runs.js";

/** A path given to audit could not be used: a usage error (exit 2). */
export class InputError extends Error {}

/**
 * The run directories under a folder on disk: the folder itself when it is a run, otherwise
 * every run found below it (fast-glob; symlinks are not followed, so a linked folder is
 * never audited as a run of this root).
 */
export async function runDirectoriesOnDisk(root: string, reportFileName = "report.json"): Promise<string[]> {
  const options = { cwd: root, dot: true, followSymbolicLinks: false, suppressErrors: false } as const;
  const [directories, reports] = await Promise.all([
    fg("**", { ...options, onlyDirectories: true }),
    fg(`**/${reportFileName}`, { ...options, onlyFiles: true }),
  ]);
  return findRunDirectories(["", ...directories], reports, reportFileName);
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
