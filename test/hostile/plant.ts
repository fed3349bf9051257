/**
 * Helpers for the hostile tests of what harness-audit prints: a fresh harness-runs root holding
 * one clean, passing run (a copy of the bundled sample), fake secrets in real formats to plant in
 * it, every output format and stderr of one audit, and the leak check (no 8-character piece of a
 * planted value anywhere).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { run } from "../../src/cli/cli.js";
import { FORMAT_NAMES } from "../../src/formatters/index.js";
import { fake } from "../helpers/fake-value.js";
import { cleanRun, leaks as leakedPieces } from "./kit.js";

export { CLEAN_RUN, cleanRunEntries } from "./kit.js";
export const NOW = new Date("2026-11-21T00:00:00Z");
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Fake secrets in the formats the scanner knows, each built from its own seed. */
export function fakeSecrets(seed: number) {
  return {
    githubToken: `ghp_${fake(36, seed)}`,
    awsKeyId: `AKIA${fake(16, seed + 1, BASE32)}`,
    dbPassword: `${fake(10, seed + 2)}Qz9`,
    deployPassword: `${fake(12, seed + 3)}x7K`,
  };
}

export interface Layout {
  /** The folder holding `harness-runs/` and `admissions/`. */
  base: string;
  root: string;
  runDir: string;
  admissions: string;
}

/** A harness-runs root with the clean sample run and the sample registry beside it. */
export function freshRoot(prefix = "ha-hostile-"): Layout {
  const base = mkdtempSync(path.join(tmpdir(), prefix));
  const root = path.join(base, "harness-runs");
  mkdirSync(root);
  const runDir = cleanRun(root);
  const admissions = path.join(base, "admissions");
  cpSync(path.resolve("sample-runs/admissions"), admissions, { recursive: true });
  return { base, root, runDir, admissions };
}

/** Rewrites fields of the run's report.json. */
export function patchReport(runDir: string, patch: Record<string, unknown>): void {
  const file = path.join(runDir, "report.json");
  const report = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  writeFileSync(file, `${JSON.stringify({ ...report, ...patch }, null, 2)}\n`);
}

export interface Outputs {
  exitCode: number;
  /** Every format's stdout and stderr, keyed by format. */
  byFormat: Record<string, string>;
  /** One format's parsed JSON. */
  json: { runs: Array<{ verdict: string; findings: Array<{ category: string; code: string; file: string | null; preview?: string }> }>; roots?: unknown };
}

/** Audits `paths` once per format (and `extra` options), in this thread. */
export async function auditAllFormats(paths: readonly string[], extra: readonly string[] = []): Promise<Outputs> {
  const byFormat: Record<string, string> = {};
  let exitCode = -1;
  let json: Outputs["json"] = { runs: [] };
  for (const format of FORMAT_NAMES) {
    const outcome = await run(["--workers", "0", "--format", format, ...extra, ...paths], { now: NOW });
    byFormat[format] = outcome.stdout + outcome.stderr;
    exitCode = outcome.exitCode;
    if (format === "json") json = JSON.parse(outcome.stdout) as Outputs["json"];
  }
  return { exitCode, byFormat, json };
}

/** The planted values (or an 8-character piece of one) that `text` holds. */
export function leaks(text: string, planted: Readonly<Record<string, string>>): string[] {
  return leakedPieces(text, Object.values(planted));
}

/** Every format's leaks, by format: `{}` when nothing leaked. */
export function leaksByFormat(outputs: Outputs, planted: Readonly<Record<string, string>>): Record<string, string[]> {
  const byFormat: Record<string, string[]> = {};
  for (const [format, text] of Object.entries(outputs.byFormat)) {
    const found = leaks(text, planted);
    if (found.length > 0) byFormat[format] = found;
  }
  return byFormat;
}

