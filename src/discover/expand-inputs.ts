/**
 * Path arguments may be globs a user quotes (`harness-audit 'artifacts/**\/*.tar.gz'`,
 * `'harness-runs/20260601T*'`): each is expanded with fast-glob to the folders (run directories,
 * roots) and archives it matches, sorted. A pattern that matches none of those is a usage error
 * naming it — never a silent pass. A path that exists is taken as it is, even if it reads like a
 * pattern (a folder may be called `[draft]`).
 */
import { promises as fs } from "node:fs";
import fg from "fast-glob";
import { isArchivePath } from "../evidence/archive/detect.js";
import { InputError } from "./locate-runs.js";

export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const expanded: string[] = [];
  for (const input of inputs) {
    if (!fg.isDynamicPattern(input) || (await exists(input))) {
      expanded.push(input);
      continue;
    }
    const matches = await fg(input, { onlyFiles: false, markDirectories: false, followSymbolicLinks: false, dot: false, objectMode: true, unique: true });
    const usable = matches
      .filter((entry) => entry.dirent.isDirectory() || (entry.dirent.isFile() && isArchivePath(entry.path)))
      .map((entry) => entry.path)
      .sort();
    if (usable.length === 0) throw new InputError(`${input} matches no run directory, harness-runs root or archive`);
    expanded.push(...usable);
  }
  return expanded;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}
