import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { restoreGitFolders } from "../../scripts/make-sample-runs.js";

/**
 * A private copy of sample-runs/ for a test to audit or change: the repository's tree is never
 * written to, and the copy gets back the `.git` folder that git cannot store.
 */
export function sampleRunsCopy(prefix = "ha-samples-"): string {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), prefix)), "sample-runs");
  cpSync(path.resolve("sample-runs"), copy, { recursive: true, verbatimSymlinks: true });
  restoreGitFolders(copy);
  return copy;
}
