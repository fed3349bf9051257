/**
 * Bench piece `shapes`: the worst case. Each adversarial shape of bench/shapes.ts is one file of
 * one run, audited cold (`harness-audit --format json --output …`, one process, every core; a
 * shape of distinct secrets also with `--format text`) at n bytes and at 2n bytes; a run of tiny files at 5,000 and 10,000 files; and, when ../shared is
 * there, the real-agent-evidence corpus (half its runs, then all). A row prints MB/s (bytes at 2n
 * over wall seconds, start-up included), CPU seconds at n and 2n, the doubling ratio (CPU at 2n
 * over CPU at n: CPU, not wall, because a file over 32 MiB is cut into segments that run on both
 * cores, and because the machine is shared), and the peak RSS. A row also checks the result: no
 * file could not be scanned, and a shape of distinct secrets reports every one.
 * Targets: doubling ratio ≤ 2.3, ≥ 20 MB/s, RSS < 256 MB. Environment: BENCH_SHAPES (names, comma
 * separated; default all), BENCH_SHAPE_SCALE (multiplies every n; default 1).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bin, corpusDir, describe, envNumber, finished, fixed, sharedCorpora, tail, totalBytes, verdict, workDir } from "./common.js";
import { measureNode, type Measurement } from "./measure.js";
import { SHAPES, writeShape, writeTinyFiles, type Shape } from "./shapes.js";

const SHAPES_VERSION = 1;
const TIMEOUT_S = 600;
const TINY_FILES = 5_000;

interface Size {
  /** Paths to audit (run directories). */
  inputs: string[];
  bytes: number;
}

interface Row {
  name: string;
  label: string;
  n: { size: Size; run: Measurement };
  twice: { size: Size; run: Measurement } | null;
  problems: string[];
}

/** A run directory for one size of a shape, written unless its stamp matches. */
function shapeRun(shape: Shape, bytes: number): Size {
  const base = path.join(corpusDir, "shapes", `${shape.name}-${bytes}`);
  const run = path.join(base, `20260601T000000Z-shape-${shape.name}-1`);
  const stampFile = path.join(base, "stamp.json");
  const stamp = JSON.stringify({ SHAPES_VERSION, bytes });
  if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp) {
    rmSync(base, { recursive: true, force: true });
    writeShape(shape, run, bytes, "bench");
    writeFileSync(stampFile, stamp);
  }
  return { inputs: [run], bytes: totalBytes(run) };
}

function tinyRun(count: number): Size {
  const base = path.join(corpusDir, "shapes", `tiny-files-${count}`);
  const run = path.join(base, "20260601T000000Z-shape-tiny-files-1");
  const stampFile = path.join(base, "stamp.json");
  const stamp = JSON.stringify({ SHAPES_VERSION, count });
  if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp) {
    rmSync(base, { recursive: true, force: true });
    writeTinyFiles(run, count, "bench");
    writeFileSync(stampFile, stamp);
  }
  return { inputs: [run], bytes: totalBytes(run) };
}

/** The real-agent-evidence runs: about half of its bytes (the first runs by name), and all. */
function realEvidenceSizes(): [Size, Size] | null {
  const root = path.join(sharedCorpora, "real-agent-evidence");
  if (!existsSync(root)) return null;
  const runs = readdirSync(root).filter((name) => !name.startsWith(".")).sort().map((name) => path.join(root, name));
  const sizes = runs.map((run) => totalBytes(run));
  const all = sizes.reduce((a, b) => a + b, 0);
  const half: string[] = [];
  let bytes = 0;
  // Every other run, so both halves hold every source system.
  runs.forEach((run, i) => {
    if (i % 2 === 0) {
      half.push(run);
      bytes += sizes[i] ?? 0;
    }
  });
  return [{ inputs: half, bytes }, { inputs: runs, bytes: all }];
}

interface Result {
  runs: Array<{ findings: Array<{ category: string; rule: string }> }>;
}

/** The findings of a result as rule and category: from the JSON, or from the text format's lines. */
function findingsOf(outputFile: string, format: "json" | "text"): Array<{ category: string; rule: string }> {
  const text = readFileSync(outputFile, "utf8");
  if (format === "json") return (JSON.parse(text) as Result).runs.flatMap((run) => run.findings);
  // `  file:line:column  severity  rule  message`: a secret's rule is the preset's or one of ours.
  return text
    .split("\n")
    .map((line) => /^ {2}\S+ {2}(?:error|warning) {2}(\S+)/.exec(line)?.[1])
    .filter((rule): rule is string => rule !== undefined)
    .map((rule) => ({ rule, category: /^(@secretlint\/|harness-audit\/)/.test(rule) ? "secret" : "other" }));
}

/** What is wrong with a result: a file that could not be scanned, secrets not reported. */
function problemsOf(m: Measurement, outputFile: string, format: "json" | "text", expectedSecrets: number | null): string[] {
  if (!finished(m)) return [`${describe(m as Measurement)}: ${tail((m as Measurement).stderrFile, 2).trim()}`];
  if (!existsSync(outputFile)) return ["no output"];
  const findings = findingsOf(outputFile, format);
  const problems: string[] = [];
  const unreadable = findings.filter((f) => f.rule === "integrity/unreadable").length;
  if (unreadable > 0) problems.push(`${unreadable} file(s) could not be scanned`);
  const secrets = findings.filter((f) => f.category === "secret").length;
  if (expectedSecrets !== null && secrets !== expectedSecrets) problems.push(`${secrets} secrets reported, ${expectedSecrets} planted`);
  return problems;
}

async function measure(name: string, size: Size, format: "json" | "text", expectedSecrets: number | null): Promise<{ run: Measurement; problems: string[] }> {
  const output = path.join(workDir, `shape-${name}.${format}`);
  rmSync(output, { force: true });
  const run = await measureNode([bin, "--format", format, "--output", output, ...size.inputs], { cwd: workDir, workDir, name: `shape-${name}`, timeoutSeconds: TIMEOUT_S });
  const problems = problemsOf(run, output, format, expectedSecrets);
  rmSync(output, { force: true });
  return { run, problems };
}

async function measureRow(name: string, label: string, sizes: [Size, Size], expected: (size: Size) => number | null, format: "json" | "text" = "json"): Promise<Row> {
  process.stdout.write(`  ${name} …`);
  const n = await measure(`${name}-n`, sizes[0], format, expected(sizes[0]));
  // A shape that does not finish at n is not tried at 2n.
  const twice = finished(n.run) ? await measure(`${name}-2n`, sizes[1], format, expected(sizes[1])) : null;
  process.stdout.write(` ${fixed(n.run.seconds, 1)} s, ${twice ? `${fixed(twice.run.seconds, 1)} s` : "—"}\n`);
  return { name, label, n: { size: sizes[0], run: n.run }, twice: twice ? { size: sizes[1], run: twice.run } : null, problems: [...n.problems, ...(twice?.problems ?? [])] };
}

export async function shapesBench(): Promise<void> {
  mkdirSync(workDir, { recursive: true });
  const scale = envNumber("BENCH_SHAPE_SCALE", 1);
  const only = (process.env["BENCH_SHAPES"] ?? "").split(",").filter((s) => s !== "");
  const wanted = (name: string) => only.length === 0 || only.includes(name);
  const rows: Row[] = [];
  console.log("shapes: generating (bench/.corpus/shapes, reused while stamped) and auditing each at n and 2n …");
  for (const shape of SHAPES.filter((s) => wanted(s.name))) {
    const n = Math.round(shape.bytes * scale);
    const sizes: [Size, Size] = [shapeRun(shape, n), shapeRun(shape, 2 * n)];
    rows.push(await measureRow(shape.name, shape.label, sizes, (size) => shape.distinctSecrets?.(size.bytes) ?? null));
    // A run of hundreds of thousands of findings is also written as text, which is made finding
    // by finding (the JSON format stringifies a run whole).
    if (shape.distinctSecrets) rows.push(await measureRow(`${shape.name} (text)`, `${shape.label}, --format text`, sizes, (size) => shape.distinctSecrets?.(size.bytes) ?? null, "text"));
  }
  if (wanted("tiny-files")) {
    const count = Math.round(TINY_FILES * scale);
    rows.push(await measureRow("tiny-files", `one run of ${count} then ${2 * count} tiny files`, [tinyRun(count), tinyRun(2 * count)], () => null));
  }
  if (wanted("real-agent-evidence")) {
    const real = realEvidenceSizes();
    if (real) rows.push(await measureRow("real-agent-evidence", "../shared/corpora/real-agent-evidence: half its runs, then all", real, () => null));
    else console.log("  real-agent-evidence: skipped (../shared/corpora is not there)");
  }
  printRows(rows);
}

function printRows(rows: readonly Row[]): void {
  console.log("");
  console.log(`${"shape".padEnd(24)} ${"MB (2n)".padStart(8)} ${"MB/s".padStart(7)} ${"CPU n".padStart(7)} ${"CPU 2n".padStart(7)} ${"ratio".padStart(6)} ${"RSS MB".padStart(7)}  check`);
  let worstRatio = 0;
  let slowest = Infinity;
  let peak = 0;
  for (const row of rows) {
    const big = row.twice;
    const mbps = big && finished(big.run) ? big.size.bytes / 1e6 / big.run.seconds : null;
    const ratio = big && big.run.cpuSeconds !== null && row.n.run.cpuSeconds !== null ? big.run.cpuSeconds / row.n.run.cpuSeconds : null;
    const rss = Math.max(row.n.run.peakRssMb ?? 0, big?.run.peakRssMb ?? 0);
    if (ratio !== null) worstRatio = Math.max(worstRatio, ratio);
    // A shape that did not finish is listed as failed below, not as the slowest.
    if (mbps !== null) slowest = Math.min(slowest, mbps);
    peak = Math.max(peak, rss);
    const check = row.problems.length === 0 ? "ok" : row.problems.join("; ");
    console.log(
      `${row.name.padEnd(24)} ${fixed(big ? big.size.bytes / 1e6 : null, 1).padStart(8)} ${fixed(mbps, 1).padStart(7)} ${fixed(row.n.run.cpuSeconds, 2).padStart(7)} ${fixed(big?.run.cpuSeconds, 2).padStart(7)} ${fixed(ratio, 2).padStart(6)} ${fixed(rss, 0).padStart(7)}  ${check}`,
    );
  }
  console.log("");
  console.log(`worst doubling ratio ${fixed(worstRatio, 2)}  target ≤ 2.3: ${verdict(rows.length > 0 ? worstRatio <= 2.3 : null)}`);
  console.log(`slowest shape ${fixed(slowest, 1)} MB/s (wall, start-up included)  target ≥ 20 MB/s: ${verdict(rows.length > 0 ? slowest >= 20 : null)}`);
  console.log(`peak RSS ${fixed(peak, 0)} MB  target < 256 MB: ${verdict(rows.length > 0 ? peak < 256 : null)}`);
  const failed = rows.filter((row) => row.problems.length > 0);
  if (failed.length > 0) console.log(`FAIL: ${failed.map((row) => row.name).join(", ")}`);
}
