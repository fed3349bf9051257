/**
 * Bench piece `compare`: harness-audit against the secretlint 12.0.0 CLI (recommended preset) on
 * the same files, in one bench run, on evidence from elsewhere:
 *   - ../shared/corpora/real-agent-evidence (when ../shared is there);
 *   - a root of 40 runs × 5 MB of agent logs in other harnesses' shapes (bench/agent-logs.ts);
 *   - a root of 300 small generated runs (bench/generate.ts, 10 files each).
 * For each: harness-audit cold (`--format json --output …`), secretlint (`--no-glob` on the file
 * list), a cold `sweep` and the same sweep warm. Prints seconds, MB/s, peak RSS and the ratios:
 * cold harness-audit ≥ 5× secretlint (≥ 10× on the small runs), warm ≥ 50× faster than cold,
 * RSS < 256 MB, and the CPU each small file cost (target ≤ 0.4 ms). Environment:
 * BENCH_AGENT_RUNS (40), BENCH_AGENT_RUN_MB (5), BENCH_SMALL_RUNS (300).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadCodeLines, writeAgentLogRoot } from "./agent-logs.js";
import { bin, corpusDir, describe, envNumber, finished, fixed, listFiles, projectRoot, secretlintBin, sharedCorpora, verdict, workDir } from "./common.js";
import { generateCorpus } from "./generate.js";
import { measureNode, type Measurement } from "./measure.js";

const AGENT_LOGS_VERSION = 1;
const TIMEOUT_S = 900;

interface Root {
  name: string;
  /** Directory holding the runs. */
  root: string;
  admissions: string | null;
  bytes: number;
  files: string[];
  runs: number;
  /** Ratio harness-audit must reach over secretlint. */
  target: number;
}

function agentLogRoot(runs: number, mbPerRun: number): Root {
  const base = path.join(corpusDir, "agent-logs");
  const root = path.join(base, "harness-runs");
  const stampFile = path.join(base, "stamp.json");
  const stamp = JSON.stringify({ AGENT_LOGS_VERSION, runs, mbPerRun });
  if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp) {
    rmSync(base, { recursive: true, force: true });
    const started = Date.now();
    writeAgentLogRoot(root, runs, mbPerRun * 1e6, "agent-logs", loadCodeLines(path.join(projectRoot, "node_modules")));
    writeFileSync(stampFile, stamp);
    console.log(`corpus: generated ${runs} runs of agent logs in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return describeRoot(`agent logs, ${runs} runs × ${mbPerRun} MB`, root, null, 5);
}

function smallRunRoot(runs: number): Root {
  const base = path.join(corpusDir, "small-runs");
  const root = path.join(base, "harness-runs");
  const admissions = path.join(base, "admissions");
  const stampFile = path.join(base, "stamp.json");
  const stamp = JSON.stringify({ runs, seed: "small-runs" });
  if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp) {
    rmSync(base, { recursive: true, force: true });
    generateCorpus({ root, admissions, runs, seed: "small-runs", plant: true });
    writeFileSync(stampFile, stamp);
  }
  return describeRoot(`${runs} small generated runs`, root, admissions, 10);
}

function describeRoot(name: string, root: string, admissions: string | null, target: number): Root {
  const files = listFiles(root);
  const runs = new Set(files.map((f) => path.relative(root, f.file).split(path.sep)[0])).size;
  return { name, root, admissions, bytes: files.reduce((sum, f) => sum + f.bytes, 0), files: files.map((f) => f.file), runs, target };
}

interface Comparison {
  root: Root;
  cold: Measurement;
  secretlint: Measurement;
  sweepCold: Measurement;
  sweepWarm: Measurement;
}

async function compare(root: Root, label: string): Promise<Comparison> {
  mkdirSync(workDir, { recursive: true });
  const admissions = root.admissions ? ["--admissions", root.admissions] : [];
  const run = (name: string, args: string[]) => measureNode(args, { cwd: projectRoot, workDir, name: `compare-${label}-${name}`, timeoutSeconds: TIMEOUT_S });
  process.stdout.write(`  ${root.name}: harness-audit …`);
  const cold = await run("cold", [bin, ...admissions, "--format", "json", "--output", path.join(workDir, `compare-${label}.json`), root.root]);
  process.stdout.write(` ${fixed(cold.seconds, 2)} s; secretlint …`);
  const rcDir = path.join(workDir, "secretlint");
  mkdirSync(rcDir, { recursive: true });
  const rc = path.join(rcDir, ".secretlintrc.json");
  writeFileSync(rc, JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
  const secretlint = await run("secretlint", [secretlintBin, "--secretlintrc", rc, "--format", "compact", "--no-color", "--no-glob", ...root.files]);
  process.stdout.write(` ${fixed(secretlint.seconds, 2)} s; sweeps …`);
  const state = path.join(workDir, `compare-${label}-state.json`);
  rmSync(state, { force: true });
  const sweepArgs = [bin, "sweep", ...admissions, "--state", state, "--format", "json", "--output", path.join(workDir, `compare-${label}-sweep.json`), root.root];
  const sweepCold = await run("sweep-cold", sweepArgs);
  const sweepWarm = await run("sweep-warm", sweepArgs);
  process.stdout.write(` ${fixed(sweepCold.seconds, 2)} s, ${fixed(sweepWarm.seconds, 2)} s\n`);
  return { root, cold, secretlint, sweepCold, sweepWarm };
}

export async function compareBench(): Promise<void> {
  const roots: Array<[Root, string]> = [];
  const real = path.join(sharedCorpora, "real-agent-evidence");
  if (existsSync(real)) roots.push([describeRoot("real-agent-evidence", real, null, 5), "real"]);
  else console.log("compare: real-agent-evidence skipped (../shared/corpora is not there)");
  roots.push([agentLogRoot(envNumber("BENCH_AGENT_RUNS", 40), envNumber("BENCH_AGENT_RUN_MB", 5)), "agent-logs"]);
  roots.push([smallRunRoot(envNumber("BENCH_SMALL_RUNS", 300)), "small-runs"]);
  console.log("compare: harness-audit cold, secretlint, sweep cold and warm on each root …");
  const results: Comparison[] = [];
  for (const [root, label] of roots) results.push(await compare(root, label));

  console.log("");
  console.log(`${"root".padEnd(32)} ${"MB".padStart(6)} ${"files".padStart(6)} ${"ha s".padStart(6)} ${"ha RSS".padStart(7)} ${"sl s".padStart(6)} ${"sl RSS".padStart(7)} ${"× sl".padStart(6)} ${"target".padStart(7)} ${"sweep".padStart(6)} ${"warm".padStart(6)} ${"cold/warm".padStart(9)} ${"ms CPU/file".padStart(11)}`);
  let peak = 0;
  for (const { root, cold, secretlint, sweepCold, sweepWarm } of results) {
    const ratio = finished(cold) && finished(secretlint) ? secretlint.seconds / cold.seconds : null;
    const warmRatio = finished(sweepCold) && finished(sweepWarm) ? sweepCold.seconds / sweepWarm.seconds : null;
    const perFile = cold.cpuSeconds === null ? null : (cold.cpuSeconds * 1000) / root.files.length;
    peak = Math.max(peak, cold.peakRssMb ?? 0, sweepCold.peakRssMb ?? 0, sweepWarm.peakRssMb ?? 0);
    console.log(
      `${root.name.padEnd(32)} ${fixed(root.bytes / 1e6, 1).padStart(6)} ${String(root.files.length).padStart(6)} ${fixed(cold.seconds, 2).padStart(6)} ${fixed(cold.peakRssMb, 0).padStart(7)} ${fixed(secretlint.seconds, 2).padStart(6)} ${fixed(secretlint.peakRssMb, 0).padStart(7)} ${fixed(ratio, 2).padStart(6)} ${`≥ ${root.target}×`.padStart(7)} ${fixed(sweepCold.seconds, 2).padStart(6)} ${fixed(sweepWarm.seconds, 2).padStart(6)} ${fixed(warmRatio, 1).padStart(9)} ${fixed(perFile, 2).padStart(11)}  ${[cold, secretlint, sweepCold, sweepWarm].filter((m) => !finished(m)).map(describe).join(", ")}`,
    );
    console.log(`  vs secretlint ${fixed(ratio, 2)}× (target ≥ ${root.target}×): ${verdict(ratio === null ? null : ratio >= root.target)}; warm ${fixed(warmRatio, 1)}× faster than cold (target ≥ 50×): ${verdict(warmRatio === null ? null : warmRatio >= 50)}`);
  }
  const small = results.find((r) => r.root.admissions !== null);
  if (small?.cold.cpuSeconds) {
    const perFile = (small.cold.cpuSeconds * 1000) / small.root.files.length;
    console.log(`small files: ${fixed(perFile, 2)} ms of CPU per file, start-up included (target ≤ 0.4 ms): ${verdict(perFile <= 0.4)}`);
  }
  console.log(`harness-audit peak RSS ${fixed(peak, 0)} MB  target < 256 MB: ${verdict(peak < 256)}`);
}
