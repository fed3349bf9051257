/**
 * Breadth check on the gitleaks rule samples (see ../shared/corpora/README.md): one sample a
 * file, flagged by harness-audit, by the secretlint CLI with the recommended preset, and by
 * gitleaks when it is on PATH. Prints a per-rule table and totals. The samples stay in a temp
 * directory and are never copied into the project.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createSecretScanner } from "../src/secrets/index.js";
import { GITLEAKS_LISTS_AS_FP, relabel } from "./corpus-relabels.js";

// ../shared beside the project (this file runs as dist/scripts/corpus.js).
const CORPUS = process.env["CORPUS_PATH"] ?? fileURLToPath(new URL("../../../shared/corpora/gitleaks-rule-samples.jsonl", import.meta.url));

interface Sample {
  rule: string;
  label: "tp" | "fp";
  text: string;
}

function readSamples(file: string): Sample[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Sample);
}

function secretlintFlags(dir: string, files: string[]): Set<string> {
  const rc = path.join(dir, ".secretlintrc.json");
  writeFileSync(rc, JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
  const bin = path.resolve("node_modules/.bin/secretlint");
  const run = spawnSync(bin, ["--format", "json", "--secretlintrc", rc, "--maskSecrets", ...files], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28 });
  const flagged = new Set<string>();
  try {
    for (const result of JSON.parse(run.stdout) as { filePath: string; messages: unknown[] }[]) {
      if (result.messages.length > 0) flagged.add(path.basename(result.filePath));
    }
  } catch {
    process.stderr.write(`secretlint output could not be read (exit ${run.status})\n`);
  }
  return flagged;
}

function gitleaksFlags(dir: string): Set<string> | null {
  const which = spawnSync("sh", ["-c", "command -v gitleaks"], { encoding: "utf8" });
  if (which.status !== 0) return null;
  const report = path.join(dir, "gitleaks.json");
  spawnSync("gitleaks", ["dir", dir, "--no-banner", "--report-format", "json", "--report-path", report, "--exit-code", "0"], { encoding: "utf8" });
  if (!existsSync(report)) return null;
  const findings = JSON.parse(readFileSync(report, "utf8")) as { File: string }[];
  return new Set(findings.map((finding) => path.basename(finding.File)));
}

async function main(): Promise<void> {
  if (!existsSync(CORPUS)) {
    process.stdout.write(`corpus not found: ${CORPUS}\n`);
    return;
  }
  const samples = readSamples(CORPUS);
  const dir = mkdtempSync(path.join(tmpdir(), "harness-audit-corpus-"));
  try {
    const names = samples.map((_, index) => `sample-${index}.txt`);
    samples.forEach((sample, index) => writeFileSync(path.join(dir, names[index] ?? ""), sample.text));
    const scanner = createSecretScanner();
    const ours = new Set<string>();
    for (const [index, sample] of samples.entries()) {
      const name = names[index] ?? "";
      if ((await scanner.scan(sample.text, name)).length > 0) ours.add(name);
    }
    const secretlint = secretlintFlags(dir, names);
    const gitleaks = gitleaksFlags(dir);

    type Row = { tp: number; fp: number; ours: [number, number]; secretlint: [number, number]; gitleaks: [number, number] };
    const rows = new Map<string, Row>();
    const emptyRow = (): Row => ({ tp: 0, fp: 0, ours: [0, 0], secretlint: [0, 0], gitleaks: [0, 0] });
    const total = emptyRow();
    const relabelledTotal = emptyRow();
    const count = (target: Row, slot: 0 | 1, name: string) => {
      if (slot === 0) target.tp++;
      else target.fp++;
      if (ours.has(name)) target.ours[slot]++;
      if (secretlint.has(name)) target.secretlint[slot]++;
      if (gitleaks?.has(name)) target.gitleaks[slot]++;
    };
    samples.forEach((sample, index) => {
      const name = names[index] ?? "";
      const row = rows.get(sample.rule) ?? emptyRow();
      rows.set(sample.rule, row);
      const slot = sample.label === "tp" ? 0 : 1;
      count(row, slot, name);
      count(total, slot, name);
      count(relabelledTotal, relabel(sample) === "tp" ? 0 : 1, name);
    });
    const cell = (pair: [number, number], row: Row) => `${pair[0]}/${row.tp} tp, ${pair[1]}/${row.fp} fp`;
    const lines = [
      `| gitleaks rule | tp | fp | harness-audit | secretlint CLI | gitleaks |`,
      `|---|---|---|---|---|---|`,
      ...[...rows.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([rule, row]) => `| ${rule} | ${row.tp} | ${row.fp} | ${cell(row.ours, row)} | ${cell(row.secretlint, row)} | ${gitleaks ? cell(row.gitleaks, row) : "n/a"} |`),
      `| **total (corpus labels)** | ${total.tp} | ${total.fp} | ${cell(total.ours, total)} | ${cell(total.secretlint, total)} | ${gitleaks ? cell(total.gitleaks, total) : "n/a (not on PATH)"} |`,
      `| **total (relabelled: ${GITLEAKS_LISTS_AS_FP.size} tp that gitleaks lists as fp scored as fp)** | ${relabelledTotal.tp} | ${relabelledTotal.fp} | ${cell(relabelledTotal.ours, relabelledTotal)} | ${cell(relabelledTotal.secretlint, relabelledTotal)} | ${gitleaks ? cell(relabelledTotal.gitleaks, relabelledTotal) : "n/a (not on PATH)"} |`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
