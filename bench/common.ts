/** What the bench's pieces share: where things live, how a measured command is described. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Measurement } from "./measure.js";

const here = path.dirname(fileURLToPath(import.meta.url));
export const projectRoot = path.resolve(here, "..", "..");
/** Generated corpora (git-ignored), reused while their stamp matches. */
export const corpusDir = path.join(projectRoot, "bench", ".corpus");
/** Results, state files and the measured commands' output. */
export const workDir = path.join(corpusDir, "work");
/** The compiled CLI. */
export const bin = path.join(projectRoot, "dist", "src", "cli", "bin.js");
export const secretlintBin = path.join(projectRoot, "node_modules", "secretlint", "bin", "secretlint.js");
/** The public corpora beside the project (absent in a user's clone). */
export const sharedCorpora = path.resolve(projectRoot, "..", "shared", "corpora");

export function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  return value === undefined || value === "" ? fallback : Number(value);
}

export function listFiles(dir: string): Array<{ file: string; bytes: number }> {
  const out: Array<{ file: string; bytes: number }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push({ file: full, bytes: statSync(full).size });
  }
  return out;
}

export function totalBytes(dir: string): number {
  return listFiles(dir).reduce((sum, f) => sum + f.bytes, 0);
}

export function describe(m: Measurement): string {
  if (m.timedOut) return "time limit reached, killed";
  if (m.exitCode === null) return `killed by signal ${m.signal ?? "?"}`;
  return `exit ${m.exitCode}`;
}

/** Both tools exit 1 when they found something: a finished run is exit 0 or 1. */
export function finished(m: Measurement | null): m is Measurement {
  return m !== null && !m.timedOut && m.exitCode !== null && m.exitCode <= 1;
}

export function tail(file: string, lines = 5): string {
  if (!existsSync(file)) return "";
  return readFileSync(file, "utf8").trim().split("\n").slice(-lines).map((l) => `    ${l.slice(0, 200)}`).join("\n");
}

export function verdict(met: boolean | null): string {
  return met === null ? "UNKNOWN" : met ? "met" : "MISSED";
}

/** `text` padded on the left (numbers) or right (labels) to `width`. */
export const padLeft = (text: string, width: number) => text.padStart(width);
export const padRight = (text: string, width: number) => text.padEnd(width);

export const fixed = (value: number | null | undefined, digits: number): string => (value === null || value === undefined || !Number.isFinite(value) ? "—" : value.toFixed(digits));
