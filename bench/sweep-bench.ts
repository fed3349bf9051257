/**
 * Bench piece `sweep`: (a) harness-audit cold — `sweep <root> --state <fresh file> --format json` —
 * on a generated harness-runs root of at least 1 GB (one run with a 500 MiB trace.jsonl, ~600
 * runs with 0.85 MiB traces, fake secrets planted at known files and lines, some straddling
 * 4 MiB boundaries and near the end of the big trace); (b) the same sweep warm (state from (a),
 * root unchanged); (c) the secretlint 12.0.0 CLI with the recommended preset on the same files
 * (and without the big trace when it does not finish); (d) cold and warm sweeps of a root of
 * 6,000 small runs. Checks that the cold run reported every planted secret at its file and line.
 * Environment: BENCH_RUNS (600), BENCH_TRACE_MB (0.85), BENCH_BIG_TRACE_MB (500),
 * BENCH_MANY_RUNS (6000; 0 skips (d)), BENCH_SKIP_SECRETLINT=1.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { corpusDir, describe, envNumber, finished, listFiles, projectRoot, secretlintBin, tail, workDir, bin } from "./common.js";
import { generateCorpus, type CorpusOptions, type PlantedSecret } from "./generate.js";
import { measureNode, type Measurement } from "./measure.js";

const MIB = 1024 * 1024;
/** The secretlint CLI is stopped after this long; its throughput is then an upper bound. */
const SECRETLINT_TIMEOUT_S = 900;
/** Bump when the generator's output changes, so an old corpus is not reused. */
const GENERATOR_VERSION = 2;

const manifestFile = path.join(corpusDir, "manifest.json");

interface Manifest {
  generatorVersion: number;
  options: Omit<CorpusOptions, "root" | "admissions">;
  root: string;
  admissions: string;
  runs: string[];
  bytes: number;
  files: number;
  /** Run of the big trace. */
  bigRun: string;
  planted: PlantedSecret[];
}

/** Reuses bench/.corpus when its manifest was written for the same options and the files are intact. */
function loadOrGenerate(options: Manifest["options"]): Manifest {
  const root = path.join(corpusDir, "harness-runs");
  const admissions = path.join(corpusDir, "admissions");
  if (existsSync(manifestFile) && existsSync(root)) {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
    const files = listFiles(root);
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    if (manifest.generatorVersion === GENERATOR_VERSION && JSON.stringify(manifest.options) === JSON.stringify(options) && manifest.bytes === bytes && manifest.files === files.length) {
      console.log(`corpus: reusing ${path.relative(projectRoot, root)} (manifest matches)`);
      return manifest;
    }
    console.log("corpus: manifest does not match; regenerating");
  }
  // Only this corpus: the other pieces' corpora live beside it.
  for (const stale of [root, admissions, manifestFile]) rmSync(stale, { recursive: true, force: true });
  mkdirSync(corpusDir, { recursive: true });
  const started = Date.now();
  const corpus = generateCorpus({ ...options, root, admissions });
  console.log(`corpus: generated ${corpus.files} files, ${(corpus.bytes / 1e9).toFixed(2)} GB in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const manifest: Manifest = {
    generatorVersion: GENERATOR_VERSION,
    options,
    root,
    admissions,
    runs: corpus.runs,
    bytes: corpus.bytes,
    files: corpus.files,
    bigRun: corpus.runs[0] ?? "",
    // Values stay out of the manifest: it records places, not secrets.
    planted: corpus.planted,
  };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/** The many-small-runs root of (d), regenerated when its stamp (generator version, run count) differs. */
function loadOrGenerateMany(runs: number): { root: string; admissions: string; bytes: number } {
  const base = path.join(corpusDir, "many-runs");
  const root = path.join(base, "harness-runs");
  const admissions = path.join(base, "admissions");
  const stampFile = path.join(base, "stamp.json");
  const stamp = JSON.stringify({ generatorVersion: GENERATOR_VERSION, runs, seed: "many-runs" });
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp && existsSync(root)) {
    console.log(`corpus: reusing ${path.relative(projectRoot, root)} (stamp matches)`);
  } else {
    rmSync(base, { recursive: true, force: true });
    const started = Date.now();
    generateCorpus({ root, admissions, runs, seed: "many-runs", plant: true });
    writeFileSync(stampFile, stamp);
    console.log(`corpus: generated ${runs} small runs in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return { root, admissions, bytes: listFiles(root).reduce((sum, f) => sum + f.bytes, 0) };
}

interface RunReport {
  runs: Array<{ id: string; findings: Array<{ category: string; file: string | null; line: number | null }> }>;
}

/** Planted secrets the result reports at their exact file and line, and secret findings that match none. */
function check(result: RunReport, planted: readonly PlantedSecret[]): { missed: PlantedSecret[]; unmatched: number; secretFindings: number } {
  const at = new Set<string>();
  let secretFindings = 0;
  const lines = new Map<string, PlantedSecret[]>();
  for (const p of planted) lines.set(`${p.run}\0${p.file}`, [...(lines.get(`${p.run}\0${p.file}`) ?? []), p]);
  let unmatched = 0;
  for (const run of result.runs) {
    for (const f of run.findings) {
      if (f.category !== "secret") continue;
      secretFindings++;
      at.add(`${run.id}\0${f.file}\0${f.line}`);
      const line = f.line ?? -1;
      if (!(lines.get(`${run.id}\0${f.file}`) ?? []).some((p) => line >= p.line && line <= p.endLine)) unmatched++;
    }
  }
  return { missed: planted.filter((p) => !at.has(`${p.run}\0${p.file}\0${p.line}`)), unmatched, secretFindings };
}

/**
 * (a)–(d): a generated nightly root of ≥ 1 GB swept cold and warm, the secretlint CLI on the same
 * files, and a root of many small runs. Returns false when a planted secret was missed.
 */
export async function sweepBench(): Promise<boolean> {
  const options: Manifest["options"] = {
    runs: envNumber("BENCH_RUNS", 600),
    seed: "harness-audit-bench-v1",
    traceBytes: Math.round(envNumber("BENCH_TRACE_MB", 0.85) * MIB),
    bigTraceBytes: envNumber("BENCH_BIG_TRACE_MB", 500) * MIB,
    plant: true,
  };
  const manifest = loadOrGenerate(options);
  const bigTrace = path.join(manifest.root, manifest.bigRun, "trace.jsonl");
  const bigBytes = statSync(bigTrace).size;
  const straddling = manifest.planted.filter((p) => p.run === manifest.bigRun && p.file === "trace.jsonl").length;
  console.log(
    `corpus: ${manifest.runs.length} runs, ${manifest.files} files, ${(manifest.bytes / 1e9).toFixed(3)} GB; big trace ${(bigBytes / MIB).toFixed(0)} MiB; ${manifest.planted.length} planted secrets (${straddling} in the big trace, some straddling 4 MiB boundaries, some in its last lines)`,
  );

  mkdirSync(workDir, { recursive: true });
  const state = path.join(workDir, "sweep-state.json");
  rmSync(state, { force: true });
  const sweepArgs = [bin, "sweep", manifest.root, "--state", state, "--admissions", manifest.admissions, "--format", "json", "--output", path.join(workDir, "result.json")];

  console.log("running (a) harness-audit cold …");
  const cold = await measureNode(sweepArgs, { cwd: projectRoot, workDir, name: "cold", timeoutSeconds: 900 });
  const coldResultFile = path.join(workDir, "cold-result.json");
  let coldCheck: ReturnType<typeof check> | null = null;
  if (existsSync(path.join(workDir, "result.json")) && cold.exitCode !== null && cold.exitCode <= 1) {
    writeFileSync(coldResultFile, readFileSync(path.join(workDir, "result.json")));
    coldCheck = check(JSON.parse(readFileSync(coldResultFile, "utf8")) as RunReport, manifest.planted);
  }
  console.log(`    ${describe(cold)} in ${cold.seconds.toFixed(1)} s`);

  console.log("running (b) harness-audit warm …");
  const warm = await measureNode(sweepArgs, { cwd: projectRoot, workDir, name: "warm", timeoutSeconds: 600 });
  console.log(`    ${describe(warm)} in ${warm.seconds.toFixed(2)} s`);

  const manyRuns = envNumber("BENCH_MANY_RUNS", 6000);
  let manyCold: Measurement | null = null;
  let manyWarm: Measurement | null = null;
  let many: ReturnType<typeof loadOrGenerateMany> | null = null;
  if (manyRuns > 0) {
    many = loadOrGenerateMany(manyRuns);
    const manyState = path.join(workDir, "many-state.json");
    rmSync(manyState, { force: true });
    const manyArgs = [bin, "sweep", many.root, "--state", manyState, "--admissions", many.admissions, "--format", "json", "--output", path.join(workDir, "many-result.json")];
    console.log(`running (d) harness-audit cold and warm on ${manyRuns} small runs …`);
    manyCold = await measureNode(manyArgs, { cwd: projectRoot, workDir, name: "many-cold", timeoutSeconds: 1800 });
    console.log(`    cold: ${describe(manyCold)} in ${manyCold.seconds.toFixed(1)} s`);
    manyWarm = await measureNode(manyArgs, { cwd: projectRoot, workDir, name: "many-warm", timeoutSeconds: 600 });
    console.log(`    warm: ${describe(manyWarm)} in ${manyWarm.seconds.toFixed(2)} s`);
  }

  let secretlintAll: Measurement | null = null;
  let secretlintSmall: Measurement | null = null;
  const smallBytes = manifest.bytes - bigBytes;
  if (process.env["BENCH_SKIP_SECRETLINT"] !== "1") {
    const rcDir = path.join(workDir, "secretlint");
    mkdirSync(rcDir, { recursive: true });
    const rc = path.join(rcDir, ".secretlintrc.json");
    writeFileSync(rc, JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
    const secretlint = secretlintBin;
    const relRoot = path.relative(projectRoot, manifest.root);
    const allFiles = listFiles(manifest.root).map((f) => path.relative(projectRoot, f.file));
    const smallFiles = allFiles.filter((f) => path.resolve(projectRoot, f) !== bigTrace);
    const args = (files: string[]) => [secretlint, "--secretlintrc", rc, "--format", "compact", "--no-color", "--no-glob", ...files];
    console.log(`running (c) secretlint on all ${allFiles.length} files (${relRoot}) …`);
    secretlintAll = await measureNode(args(allFiles), { cwd: projectRoot, workDir, name: "secretlint-all", timeoutSeconds: SECRETLINT_TIMEOUT_S });
    console.log(`    ${describe(secretlintAll)} in ${secretlintAll.seconds.toFixed(1)} s`);
    if (secretlintAll.exitCode === null || secretlintAll.exitCode > 1) {
      // Only when the full run did not finish: a throughput figure on the rest still exists.
      console.log(tail(secretlintAll.stderrFile));
      console.log(`running (c') secretlint on the ${smallFiles.length} files without the big trace …`);
      secretlintSmall = await measureNode(args(smallFiles), { cwd: projectRoot, workDir, name: "secretlint-small", timeoutSeconds: SECRETLINT_TIMEOUT_S });
      console.log(`    ${describe(secretlintSmall)} in ${secretlintSmall.seconds.toFixed(1)} s`);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Both tools exit 1 when they found secrets, which every run here does.
  const ok = (m: Measurement) => finished(m);
  const row = (name: string, m: Measurement | null, bytes: number, runs: number) => {
    if (!m) return `${name.padEnd(44)} ${"(skipped)".padStart(9)}`;
    const done = ok(m);
    const mbps = done ? (bytes / 1e6 / m.seconds).toFixed(1) : "—";
    const rps = done ? (runs / m.seconds).toFixed(1) : "—";
    const rss = m.peakRssMb === null ? "?" : m.peakRssMb.toFixed(0);
    return `${name.padEnd(44)} ${m.seconds.toFixed(2).padStart(9)} ${mbps.padStart(9)} ${rps.padStart(9)} ${rss.padStart(9)}  ${describe(m)}`;
  };
  const runs = manifest.runs.length;
  console.log("");
  console.log(`${"".padEnd(44)} ${"seconds".padStart(9)} ${"MB/s".padStart(9)} ${"runs/s".padStart(9)} ${"RSS MB".padStart(9)}`);
  console.log(row("(a) harness-audit cold (sweep, fresh state)", cold, manifest.bytes, runs));
  console.log(row("(b) harness-audit warm (sweep, same state)", warm, manifest.bytes, runs));
  console.log(row("(c) secretlint 12.0.0, all files", secretlintAll, manifest.bytes, runs));
  console.log(row("(c') secretlint 12.0.0, without big trace", secretlintSmall, smallBytes, runs));
  if (many) {
    console.log(row(`(d) harness-audit cold, ${manyRuns} small runs`, manyCold, many.bytes, manyRuns));
    console.log(row(`(d) harness-audit warm, ${manyRuns} small runs`, manyWarm, many.bytes, manyRuns));
  }
  console.log("");

  const coldMbps = ok(cold) ? manifest.bytes / cold.seconds : null;
  const secretlintMbps = secretlintAll && ok(secretlintAll) ? manifest.bytes / secretlintAll.seconds : secretlintSmall && ok(secretlintSmall) ? smallBytes / secretlintSmall.seconds : null;
  const secretlintBasis = secretlintAll && ok(secretlintAll) ? "all files" : "without the big trace";
  let throughputRatio = coldMbps !== null && secretlintMbps !== null ? coldMbps / secretlintMbps : null;
  let ratioIsLowerBound = false;
  if (throughputRatio === null && coldMbps !== null && secretlintAll?.timedOut) {
    // secretlint had not finished after its time limit: its throughput was at most bytes/limit.
    throughputRatio = coldMbps / (manifest.bytes / secretlintAll.seconds);
    ratioIsLowerBound = true;
  }
  const warmRatio = ok(cold) && ok(warm) ? cold.seconds / warm.seconds : null;
  const measured = [cold, warm, ...(many ? [manyCold, manyWarm] : [])];
  const peak = Math.max(...measured.map((m) => m?.peakRssMb ?? Infinity));
  const verdict = (met: boolean | null) => (met === null ? "UNKNOWN" : met ? "met" : "MISSED");
  console.log(
    `cold vs secretlint throughput (${ratioIsLowerBound ? "secretlint stopped unfinished at its time limit" : secretlintBasis}): ${throughputRatio === null ? "n/a" : `${ratioIsLowerBound ? "≥ " : ""}${throughputRatio.toFixed(2)}×`}  target ≥ 10×: ${verdict(throughputRatio === null ? null : throughputRatio >= 10)}`,
  );
  console.log(`warm vs cold speed: ${warmRatio === null ? "n/a" : `${warmRatio.toFixed(1)}×`}  target ≥ 50×: ${verdict(warmRatio === null ? null : warmRatio >= 50)}`);
  console.log(`harness-audit peak RSS (every run above): ${Number.isFinite(peak) ? `${peak.toFixed(0)} MB` : "unknown"}  target < 256 MB: ${verdict(Number.isFinite(peak) ? peak < 256 : null)}`);
  if (secretlintAll && !ok(secretlintAll)) console.log(`secretlint did not complete on the corpus with the 500 MiB trace (${describe(secretlintAll)}).`);

  if (!coldCheck) {
    console.log(`\nFAIL: the cold run produced no result (${describe(cold)}):\n${tail(cold.stderrFile)}`);
    return false;
  }
  console.log(
    `\nplanted secrets found by the cold run at their file and line: ${manifest.planted.length - coldCheck.missed.length}/${manifest.planted.length}; secret findings ${coldCheck.secretFindings}, of which ${coldCheck.unmatched} match no planted secret`,
  );
  if (coldCheck.missed.length > 0) {
    const byKind = new Map<string, number>();
    for (const p of coldCheck.missed) byKind.set(`${p.kind} / ${p.encoding}`, (byKind.get(`${p.kind} / ${p.encoding}`) ?? 0) + 1);
    console.log("FAIL: missed planted secrets (kind / encoding: count):");
    for (const [key, count] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`  ${key}: ${count}`);
    const big = coldCheck.missed.filter((p) => p.run === manifest.bigRun && p.file === "trace.jsonl");
    if (big.length > 0) console.log(`  of which in the big trace: ${big.map((p) => `line ${p.line} (${p.kind}/${p.encoding})`).join(", ")}`);
    return false;
  }
  return true;
}

