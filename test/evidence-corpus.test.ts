/**
 * Recall and precision of the secret scan on generated harness evidence (bench/generate.ts):
 * every planted secret must be reported at its exact file and line, nearly every secret finding
 * must be a planted secret, the runs must be otherwise clean, and no output format may carry a
 * planted value or any 8-character piece of one.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENCODINGS } from "../bench/encodings.js";
import { SECRET_KINDS } from "../bench/fake-secrets.js";
import { generateCorpus, PLANTED_ARTIFACTS, type Corpus, type PlantedSecret } from "../bench/generate.js";
import { auditRoot, FORMAT_NAMES, formatResult, type AuditResult, type Finding } from "../src/index.js";
import { ruleDescriptors } from "../src/pipeline/rule-catalogue.js";

const NOW = new Date("2026-07-01T00:00:00Z");

let dir: string;
let corpus: Corpus;
let result: AuditResult;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "harness-audit-evidence-"));
  corpus = generateCorpus({ root: path.join(dir, "harness-runs"), runs: 12, seed: "evidence-corpus-test", plant: true });
  result = await auditRoot(corpus.root, { admissions: corpus.admissions, workers: 0, now: NOW });
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Scored {
  /** Planted secrets reported at their exact file and line. */
  found: Set<PlantedSecret>;
  secretFindings: number;
  /** Secret findings inside a planted secret's lines. */
  matched: number;
  unmatched: Array<{ run: string; finding: Finding }>;
}

function score(): Scored {
  const byRunFile = new Map<string, PlantedSecret[]>();
  for (const planted of corpus.planted) {
    const key = `${planted.run}\0${planted.file}`;
    byRunFile.set(key, [...(byRunFile.get(key) ?? []), planted]);
  }
  const scored: Scored = { found: new Set(), secretFindings: 0, matched: 0, unmatched: [] };
  for (const run of result.runs) {
    for (const finding of run.findings) {
      if (finding.category !== "secret") continue;
      scored.secretFindings++;
      const candidates = byRunFile.get(`${run.id}\0${finding.file}`) ?? [];
      const line = finding.line ?? -1;
      const hit = candidates.find((planted) => line >= planted.line && line <= planted.endLine);
      if (!hit) {
        scored.unmatched.push({ run: run.id, finding });
        continue;
      }
      scored.matched++;
      if (line === hit.line) scored.found.add(hit);
    }
  }
  return scored;
}

function table(scored: Scored): string {
  const cell = (kind: string, encoding: string) => {
    const planted = corpus.planted.filter((p) => p.kind === kind && p.encoding === encoding);
    if (planted.length === 0) return "-".padStart(7);
    const found = planted.filter((p) => scored.found.has(p)).length;
    return `${found}/${planted.length}`.padStart(7);
  };
  const header = `${"kind \\ encoding".padEnd(20)}${ENCODINGS.map((e) => e.padStart(13)).join("")}${"total".padStart(10)}`;
  const rows = SECRET_KINDS.map((kind) => {
    const all = corpus.planted.filter((p) => p.kind === kind);
    const found = all.filter((p) => scored.found.has(p)).length;
    return `${kind.padEnd(20)}${ENCODINGS.map((e) => cell(kind, e).padStart(13)).join("")}${`${found}/${all.length}`.padStart(10)}`;
  });
  const byArtifact = PLANTED_ARTIFACTS.map((file) => {
    const all = corpus.planted.filter((p) => p.file === file);
    return `  ${file.padEnd(32)} ${all.filter((p) => scored.found.has(p)).length}/${all.length}`;
  });
  return [header, ...rows, "", "found / planted by artifact:", ...byArtifact].join("\n");
}

describe("the evidence generator", () => {
  it("writes the same bytes for the same seed", () => {
    const a = generateCorpus({ root: path.join(dir, "same-a", "runs"), runs: 2, seed: 7, plant: true });
    const b = generateCorpus({ root: path.join(dir, "same-b", "runs"), runs: 2, seed: 7, plant: true });
    expect(b.runs).toEqual(a.runs);
    expect(b.planted).toEqual(a.planted);
    for (const run of a.runs) {
      for (const file of readdirSync(path.join(a.root, run), { recursive: true, encoding: "utf8" }).filter((f) => f.includes("."))) {
        expect(readFileSync(path.join(b.root, run, file), "utf8"), `${run}/${file}`).toBe(readFileSync(path.join(a.root, run, file), "utf8"));
      }
    }
  });

  it("writes valid JSON artifacts and puts each plain secret on its recorded line", () => {
    for (const run of corpus.runs) {
      for (const file of ["report.json", "task.json", "argv.json", "backend/case-data/config.json"]) {
        expect(() => JSON.parse(readFileSync(path.join(corpus.root, run, file), "utf8")), `${run}/${file}`).not.toThrow();
      }
      for (const line of readFileSync(path.join(corpus.root, run, "trace.jsonl"), "utf8").trimEnd().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
    }
    corpus.planted.forEach((planted, i) => {
      if (planted.encoding !== "plain") return;
      const lines = readFileSync(path.join(corpus.root, planted.run, planted.file), "utf8").split("\n");
      const firstLine = (corpus.values[i] as string).split("\n")[0] as string;
      expect(lines[planted.line - 1]?.includes(firstLine), `${planted.kind} in ${planted.file}:${planted.line}`).toBe(true);
    });
  });

  it("plants secrets straddling the 4 MiB boundaries of a big trace, and near its end", () => {
    const big = generateCorpus({ root: path.join(dir, "big", "runs"), runs: 1, seed: 3, plant: true, bigTraceBytes: 9 * 1024 * 1024 });
    const bytes = readFileSync(path.join(big.root, big.runs[0] as string, "trace.jsonl"));
    const starts = [0];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
    const spans = big.planted.filter((p) => p.file === "trace.jsonl").map((p) => [starts[p.line - 1] as number, starts[p.line] as number] as const);
    for (const boundary of [4, 8].map((m) => m * 1024 * 1024)) expect(spans.some(([from, to]) => from < boundary && to > boundary), `${boundary}`).toBe(true);
    const lastLine = starts.length - 1;
    expect(big.planted.some((p) => p.file === "trace.jsonl" && p.line > lastLine - 10)).toBe(true);
  });
});

describe("secret scan on generated harness evidence", () => {
  it("plants every kind of secret in every artifact and every encoding", () => {
    expect(corpus.planted.length).toBeGreaterThanOrEqual(300);
    for (const kind of SECRET_KINDS) {
      for (const file of PLANTED_ARTIFACTS) expect(corpus.planted.some((p) => p.kind === kind && p.file === file), `${kind} in ${file}`).toBe(true);
      for (const encoding of ENCODINGS) expect(corpus.planted.some((p) => p.kind === kind && p.encoding === encoding), `${kind} as ${encoding}`).toBe(true);
    }
  });

  it("finds nothing but secrets: the runs are otherwise clean", () => {
    const other = result.runs.flatMap((run) => run.findings.filter((f) => f.category !== "secret").map((f) => `${run.id} ${f.rule} ${f.code} ${f.file}:${f.line}`));
    expect(other).toEqual([]);
    expect(result.registry?.findings ?? []).toEqual([]);
  });

  it("reaches recall and precision of at least 0.95", () => {
    const scored = score();
    const recall = scored.found.size / corpus.planted.length;
    const precision = scored.secretFindings === 0 ? 0 : scored.matched / scored.secretFindings;
    const unmatched = scored.unmatched.map(({ run, finding }) => `  ${run} ${finding.file}:${finding.line} ${finding.rule} ${finding.code}`);
    console.log(
      [
        `evidence corpus: ${corpus.runs.length} runs, ${corpus.files} files, ${corpus.bytes} bytes, ${corpus.planted.length} planted secrets`,
        `recall ${recall.toFixed(3)} (${scored.found.size}/${corpus.planted.length}), precision ${precision.toFixed(3)} (${scored.matched}/${scored.secretFindings})`,
        "",
        "found / planted by kind and encoding:",
        table(scored),
        ...(unmatched.length > 0 ? ["", "secret findings that match no planted secret:", ...unmatched] : []),
      ].join("\n"),
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it("prints no planted value, nor any 8-character piece of one, in any format", () => {
    // Pieces shared by several values are format structure (prefixes, PEM armour, JWT header,
    // host names), not secret material, and may legitimately appear in a rule's description;
    // so are pieces without both a letter and a digit (`https://`, `PRIVATE `).
    const owners = new Map<string, number>();
    corpus.values.forEach((value, index) => {
      for (let i = 0; i + 8 <= value.length; i++) {
        const piece = value.slice(i, i + 8);
        const owner = owners.get(piece);
        if (owner === undefined) owners.set(piece, index);
        else if (owner !== index) owners.set(piece, -1);
      }
    });
    const secretPieces = new Set([...owners].filter(([piece, owner]) => owner !== -1 && /[0-9]/.test(piece) && /[A-Za-z]/.test(piece)).map(([piece]) => piece));
    expect(secretPieces.size).toBeGreaterThan(10_000);
    const ctx = { color: false, rules: ruleDescriptors(), root: corpus.root };
    for (const name of FORMAT_NAMES) {
      const output = formatResult(name, result, ctx);
      expect(output.length, name).toBeGreaterThan(0);
      for (const value of corpus.values) expect(output.includes(value), `${name} prints a planted value`).toBe(false);
      const leaked: string[] = [];
      for (let i = 0; i + 8 <= output.length; i++) if (secretPieces.has(output.slice(i, i + 8))) leaked.push(`offset ${i}`);
      expect(leaked, `${name} prints 8-character pieces of planted values`).toEqual([]);
    }
  });
});
