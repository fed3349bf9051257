import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { restoreGitFolders, SAMPLE_RUNS_ROOT } from "../../scripts/make-sample-runs.js";

/** A copy of sample-runs/: the harness-runs root to audit and the registry beside it. */
export interface SampleRuns {
  /** The copy of sample-runs/ (README.md, admissions/, expected/, harness-runs/). */
  base: string;
  /** The harness-runs root: run directories only. */
  root: string;
  admissions: string;
}

/** The committed sample runs' root and registry, read in place (never written to). */
export const SAMPLES: SampleRuns = {
  base: path.resolve("sample-runs"),
  root: path.resolve("sample-runs", SAMPLE_RUNS_ROOT),
  admissions: path.resolve("sample-runs", "admissions"),
};

/**
 * A private copy of sample-runs/ for a test to audit or change: the repository's tree is never
 * written to, and the copy gets back the `.git` folder that git cannot store.
 */
export function sampleRunsCopy(prefix = "ha-samples-"): SampleRuns {
  const base = path.join(mkdtempSync(path.join(tmpdir(), prefix)), "sample-runs");
  cpSync(SAMPLES.base, base, { recursive: true, verbatimSymlinks: true });
  restoreGitFolders(base);
  return { base, root: path.join(base, SAMPLE_RUNS_ROOT), admissions: path.join(base, "admissions") };
}
