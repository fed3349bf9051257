/**
 * Precision and breadth of the secret scan on evidence this project did not write, for
 * harness-audit, the secretlint CLI (recommended preset) and gitleaks when it is on PATH:
 *
 * 1. ../shared/corpora/real-agent-evidence/ (no real credential): secret findings, runs failed on them;
 * 2. ../shared/corpora/gitleaks-rule-samples.jsonl: true and false positives flagged, on the file's
 *    own labels, one sample a file, with a per-rule table;
 * 3. the project's own node_modules text files: secret findings, each listed by file and rule;
 * 4. a generated harness corpus (bench/generate.ts): recall of the planted secrets at file and line.
 *
 * Samples and copies stay in a temporary directory, never in the project.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateCorpus } from "../bench/generate.js";
import { createSecretScanner } from "../src/secrets/index.js";

// This file runs as dist/scripts/corpus.js: the project is two levels up, ../shared beside it.
const PROJECT = fileURLToPath(new URL("../../", import.meta.url));
const CORPORA = process.env["CORPORA_PATH"] ?? path.resolve(PROJECT, "../shared/corpora");
const SAMPLES = path.join(CORPORA, "gitleaks-rule-samples.jsonl");
const REAL_EVIDENCE = path.join(CORPORA, "real-agent-evidence");
const BIN = path.join(PROJECT, "dist/src/cli/bin.js");
const SECRETLINT = path.join(PROJECT, "node_modules/.bin/secretlint");
// secretlint's CLI keeps a profiler mark per file and looks each up linearly (secretlint #1633):
// calls of a few hundred files keep it linear.
const SECRETLINT_FILES_PER_CALL = 400;

interface Finding {
  file: string;
  rule: string;
}

interface Sample {
  rule: string;
  label: "tp" | "fp";
  text: string;
}

const work = mkdtempSync(path.join(tmpdir(), "harness-audit-corpus-"));
const out: string[] = [];
const print = (line = "") => out.push(line);

/** Every regular file under `dir`, relative to it, sorted. */
function listFiles(dir: string, prefix = ""): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(dir, rel));
    else if (entry.isFile()) files.push(rel);
  }
  return files.sort();
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The file's text, or null when it is binary (a NUL byte) or not UTF-8: both tools skip those. */
function readText(file: string): string | null {
  const bytes = readFileSync(file);
  if (bytes.includes(0)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** secretlint CLI findings on `files` (relative to `dir`), in calls of a few hundred files. */
function secretlintFindings(dir: string, files: readonly string[]): Finding[] {
  const rc = path.join(work, "secretlintrc.json");
  const ignore = path.join(work, "secretlintignore");
  writeFileSync(rc, JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
  writeFileSync(ignore, "");
  const findings: Finding[] = [];
  const output = path.join(work, "secretlint.json");
  for (let at = 0; at < files.length; at += SECRETLINT_FILES_PER_CALL) {
    const batch = files.slice(at, at + SECRETLINT_FILES_PER_CALL);
    // --output, not stdout: the CLI exits before a large result is through a pipe.
    const args = ["--format", "json", "--secretlintrc", rc, "--secretlintignore", ignore, "--maskSecrets", "--no-glob", "--output", output, ...batch];
    rmSync(output, { force: true });
    const run = spawnSync(SECRETLINT, args, { cwd: dir, encoding: "utf8" });
    let results: Array<{ filePath: string; messages: Array<{ ruleId: string }> }>;
    try {
      results = JSON.parse(readFileSync(output, "utf8")) as typeof results;
    } catch {
      throw new Error(`secretlint's result could not be read (exit ${run.status}): ${run.stderr.slice(0, 300)}`);
    }
    for (const result of results) {
      for (const message of result.messages) findings.push({ file: path.relative(dir, result.filePath), rule: message.ruleId });
    }
  }
  return findings;
}

/** gitleaks findings under `dir`, or null when gitleaks is not on PATH. */
function gitleaksFindings(dir: string): Finding[] | null {
  if (spawnSync("sh", ["-c", "command -v gitleaks"]).status !== 0) return null;
  const report = path.join(work, `gitleaks-${path.basename(dir)}.json`);
  spawnSync("gitleaks", ["dir", dir, "--no-banner", "--redact", "--report-format", "json", "--report-path", report, "--exit-code", "0"]);
  if (!existsSync(report)) return null;
  return (JSON.parse(readFileSync(report, "utf8")) as Array<{ File: string; RuleID: string }>).map((f) => ({ file: path.relative(dir, path.resolve(dir, f.File)), rule: f.RuleID }));
}

/** harness-audit's secret findings over the text files of `dir`, file by file. */
async function scannerFindings(dir: string, files: readonly string[]): Promise<Finding[]> {
  const scanner = createSecretScanner();
  const findings: Finding[] = [];
  for (const file of files) {
    const text = readText(path.join(dir, file));
    if (text === null) continue;
    for (const match of await scanner.scan(text, file)) findings.push({ file, rule: match.rule });
  }
  return findings;
}

interface AuditJson {
  runs: Array<{ id: string; findings: Array<{ category: string; rule: string; file: string | null; line: number | null }> }>;
}

function auditJson(args: readonly string[]): AuditJson {
  const run = spawnSync(process.execPath, [BIN, "--format", "json", ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (run.status === 2 || run.stdout === "") throw new Error(`harness-audit could not audit (exit ${run.status}): ${run.stderr.slice(0, 300)}`);
  return JSON.parse(run.stdout) as AuditJson;
}

const runOf = (file: string) => file.split(path.sep)[0] ?? file;
const cell = (findings: readonly Finding[] | null) => (findings === null ? "n/a (not on PATH)" : `${findings.length} findings, ${new Set(findings.map((f) => runOf(f.file))).size} runs`);

/** 1. Real agent evidence: every secret finding is false, every run failed on one is a false failure. */
async function realAgentEvidence(): Promise<string[]> {
  if (!existsSync(REAL_EVIDENCE)) return [`| real-agent-evidence | skipped: no ${REAL_EVIDENCE} | | |`];
  const result = auditJson([REAL_EVIDENCE]);
  const ours: Finding[] = result.runs.flatMap((run) => run.findings.filter((f) => f.category === "secret").map((f) => ({ file: path.join(run.id, f.file ?? ""), rule: f.rule })));
  const files = listFiles(REAL_EVIDENCE);
  const theirs = secretlintFindings(REAL_EVIDENCE, files);
  const gitleaks = gitleaksFindings(REAL_EVIDENCE);
  print(`### real-agent-evidence (${result.runs.length} runs, ${files.length} files): secret findings (all false)`);
  for (const finding of ours) print(`- harness-audit: ${finding.file} — ${finding.rule}`);
  for (const finding of theirs) print(`- secretlint: ${finding.file} — ${finding.rule}`);
  print();
  return [`| real-agent-evidence: secret findings, runs falsely failed (target 0, 0) | ${cell(ours)} | ${cell(theirs)} | ${cell(gitleaks)} |`];
}

/** 2. gitleaks' own rule samples, one a file, scored on the file's labels. */
async function gitleaksSamples(): Promise<string[]> {
  if (!existsSync(SAMPLES)) return [`| gitleaks samples | skipped: no ${SAMPLES} | | |`];
  const samples = readFileSync(SAMPLES, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Sample);
  const dir = path.join(work, "gitleaks-samples");
  mkdirSync(dir);
  const names = samples.map((_, index) => `sample-${index}.txt`);
  samples.forEach((sample, index) => writeFileSync(path.join(dir, names[index] ?? ""), sample.text));
  const flaggedBy = (findings: readonly Finding[] | null) => (findings === null ? null : new Set(findings.map((f) => path.basename(f.file))));
  const ours = flaggedBy(await scannerFindings(dir, names)) ?? new Set<string>();
  const secretlint = flaggedBy(secretlintFindings(dir, names)) ?? new Set<string>();
  const gitleaks = flaggedBy(gitleaksFindings(dir));

  type Row = { tp: number; fp: number; ours: [number, number]; secretlint: [number, number]; gitleaks: [number, number] };
  const emptyRow = (): Row => ({ tp: 0, fp: 0, ours: [0, 0], secretlint: [0, 0], gitleaks: [0, 0] });
  const rows = new Map<string, Row>();
  const total = emptyRow();
  samples.forEach((sample, index) => {
    const name = names[index] ?? "";
    const row = rows.get(sample.rule) ?? emptyRow();
    rows.set(sample.rule, row);
    const slot = sample.label === "tp" ? 0 : 1;
    for (const target of [row, total]) {
      if (slot === 0) target.tp++;
      else target.fp++;
      if (ours.has(name)) target.ours[slot]++;
      if (secretlint.has(name)) target.secretlint[slot]++;
      if (gitleaks?.has(name)) target.gitleaks[slot]++;
    }
  });
  const pair = (counts: [number, number], row: Row) => `${counts[0]}/${row.tp} tp, ${counts[1]}/${row.fp} fp`;
  const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;
  const rates = (counts: [number, number] | null) =>
    counts === null ? "n/a (not on PATH)" : `${counts[0]}/${total.tp} tp (${percent(counts[0], total.tp)}), ${counts[1]}/${total.fp} fp (${percent(counts[1], total.fp)})`;
  print(`### gitleaks rule samples (${samples.length}: ${total.tp} tp, ${total.fp} fp), by gitleaks rule`);
  print("| gitleaks rule | tp | fp | harness-audit | secretlint CLI | gitleaks |");
  print("|---|---|---|---|---|---|");
  for (const [rule, row] of [...rows.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    print(`| ${rule} | ${row.tp} | ${row.fp} | ${pair(row.ours, row)} | ${pair(row.secretlint, row)} | ${gitleaks ? pair(row.gitleaks, row) : "n/a"} |`);
  }
  print();
  return [`| gitleaks samples: flagged, corpus labels (target ≥ 90 % tp, ≤ 5 % fp) | ${rates(total.ours)} | ${rates(total.secretlint)} | ${rates(gitleaks ? total.gitleaks : null)} |`];
}

/**
 * 3. The project's node_modules text files, copied so that secretlint's CLI (which never looks
 * under a `node_modules` folder) reads the same files: each `node_modules` segment is renamed.
 */
async function nodeModules(): Promise<string[]> {
  const source = path.join(PROJECT, "node_modules");
  const copy = path.join(work, "node-modules-text");
  const files: string[] = [];
  for (const file of listFiles(source)) {
    if (readText(path.join(source, file)) === null) continue;
    const renamed = file.split(path.sep).map((segment) => (segment === "node_modules" ? "node_modules_" : segment)).join(path.sep);
    mkdirSync(path.dirname(path.join(copy, renamed)), { recursive: true });
    copyFileSync(path.join(source, file), path.join(copy, renamed));
    files.push(renamed);
  }
  const ours = await scannerFindings(copy, files);
  const theirs = secretlintFindings(copy, files);
  const gitleaks = gitleaksFindings(copy);
  print(`### node_modules text files (${files.length}): secret findings by file and rule`);
  for (const [tool, findings] of [["harness-audit", ours], ["secretlint", theirs], ["gitleaks", gitleaks]] as const) {
    if (findings === null) continue;
    const counted = new Map<string, number>();
    for (const f of findings) counted.set(`${f.file} — ${f.rule}`, (counted.get(`${f.file} — ${f.rule}`) ?? 0) + 1);
    for (const [where, count] of counted) print(`- ${tool}: ${where}${count > 1 ? ` (×${count})` : ""}`);
  }
  print();
  const count = (findings: readonly Finding[] | null) => (findings === null ? "n/a (not on PATH)" : `${findings.length} findings`);
  return [`| node_modules text files: secret findings (target ≤ secretlint's) | ${count(ours)} | ${count(theirs)} | ${count(gitleaks)} |`];
}

/** 4. A small generated harness root: every planted secret at its file and line. */
async function generatedCorpus(): Promise<string[]> {
  const root = path.join(work, "generated", "harness-runs");
  const admissions = path.join(work, "generated", "admissions");
  const corpus = generateCorpus({ root, admissions, runs: 40, seed: "corpus-script", plant: true });
  const result = auditJson(["--admissions", admissions, root]);
  const files = new Set<string>();
  const lines = new Set<string>();
  for (const run of result.runs) {
    for (const f of run.findings) {
      if (f.category !== "secret") continue;
      files.add(`${run.id}\0${f.file}`);
      lines.add(`${run.id}\0${f.file}\0${f.line}`);
    }
  }
  const atFile = corpus.planted.filter((p) => files.has(`${p.run}\0${p.file}`)).length;
  const atLine = corpus.planted.filter((p) => lines.has(`${p.run}\0${p.file}\0${p.line}`)).length;
  const recall = (found: number) => `${(found / corpus.planted.length).toFixed(3)} (${found}/${corpus.planted.length})`;
  return [`| generated harness corpus (40 runs): recall at file, at line (target 1.000) | ${recall(atFile)}, ${recall(atLine)} | | |`];
}

try {
  const summary = [
    "| corpus | harness-audit | secretlint CLI | gitleaks |",
    "|---|---|---|---|",
    ...(await realAgentEvidence()),
    ...(await gitleaksSamples()),
    ...(await nodeModules()),
    ...(await generatedCorpus()),
  ];
  process.stdout.write(`${[...summary, "", ...out].join("\n")}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
