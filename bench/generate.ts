/**
 * A deterministic generator of harness run directories (contract §2–§5) with fake secrets
 * planted at known files and lines, among benign content full of decoys. Same options, same
 * bytes: a seeded PRNG, fixed timestamps, no clock. Every run is otherwise clean — admitted
 * `qwen-local`/`qwen3.6-35b-a3b`, valid report, markers and baseline — so every finding an audit
 * reports is either a planted secret or a false positive.
 *
 * Planting schedule: the n-th planted secret of the corpus has kind `SECRET_KINDS[n % K]` and
 * encoding `ENCODINGS[⌊n / K⌋ % E]`, walking runs, then artifacts, then slots, so every kind lands
 * in every artifact and every encoding once the corpus has enough runs (12 runs, 3 per artifact).
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { ADMITTED_MODEL, ADMITTED_PROVIDER, codeLine, decoyEntries, decoyEnv, decoyLines, dockerDigest, gitSha, proseLine, sha256Hex, uuid } from "./decoys.js";
import { ENCODINGS, escapedJsonLiteral, jsonForm, nestedJson, textForm, type Encoding } from "./encodings.js";
import { makeSecret, SECRET_KINDS, type SecretKind, type SecretSample } from "./fake-secrets.js";
import { Rng } from "./prng.js";
import { fakeBaselineReport } from "../scripts/fake-data.js";
import { REPORT_MD_FACTS } from "../src/evidence/vocabulary.js";

export interface CorpusOptions {
  /** The harness-runs root to write (created; existing run folders of the same name are overwritten). */
  root: string;
  runs: number;
  seed: string | number;
  /** Grow every run's trace.jsonl with benign events to at least this many bytes. Default: ~40 events. */
  traceBytes?: number;
  /** Give the first run a trace.jsonl of at least this many bytes, with secrets straddling 4 MiB boundaries and near its end. */
  bigTraceBytes?: number;
  /** Plant secrets (false: decoys only). */
  plant: boolean;
  /** Secrets per artifact per run. Default: 3. */
  secretsPerArtifact?: number;
  /** Where to write the admission record. Default: `<root>/../admissions`. */
  admissions?: string;
}

/** One planted secret. Its value is kept apart (Corpus.values) so a manifest can be printed or saved. */
export interface PlantedSecret {
  /** Run directory name. */
  run: string;
  /** Relative to the run directory, POSIX separators. */
  file: string;
  /** 1-based line where the secret (or the encoded text that hides it) starts. */
  line: number;
  /** Last line it spans (a PEM block written plain spans several). */
  endLine: number;
  kind: SecretKind;
  encoding: Encoding;
}

export interface Corpus {
  root: string;
  admissions: string;
  /** Run directory names in order. */
  runs: string[];
  planted: PlantedSecret[];
  /** `values[i]` is the secret planted as `planted[i]`. In memory only: never print or save it. */
  values: string[];
  bytes: number;
  files: number;
}

/** Artifacts that receive planted secrets (contract §3). */
export const PLANTED_ARTIFACTS = [
  "report.json",
  "report.md",
  "trace.jsonl",
  "backend/harness.log",
  "backend/case.stdout.txt",
  "backend/case.stderr.txt",
  "backend/case-data/config.json",
  "task.json",
  "argv.json",
] as const;
type Artifact = (typeof PLANTED_ARTIFACTS)[number];

export const ADMISSION_FILE_NAME = `CTO-CASE-MODEL-PROVIDER-ADMISSION.${ADMITTED_PROVIDER}-${ADMITTED_MODEL}.json`;
const ADMISSION_PATH_IN_SOT = `.sot/03-PROTOCOLS/${ADMISSION_FILE_NAME}`;
const LOCAL_BASE_URL = "http://spark1:8000/v1";
const PROTOCOL_MARKER = "backend/provider-agent-protocol.txt";
const PROTOCOL_REASON = "case agent result protocol failed";
const PROTOCOL_CLASS = "agent-protocol-error";
const TASKS = ["r1-string-slugify", "r2-date-parse", "r3-csv-quote", "r4-lru-cache", "r5-json-pointer"];
const MIB4 = 4 * 1024 * 1024;
const BASE_MS = Date.UTC(2026, 5, 2, 0, 0, 0);

/** A secret to plant and how. */
interface Plant {
  index: number;
  sample: SecretSample;
  encoding: Encoding;
}

/** Writes the corpus and returns where every secret was planted. */
export function generateCorpus(options: CorpusOptions): Corpus {
  const root = path.resolve(options.root);
  const admissions = path.resolve(options.admissions ?? path.join(root, "..", "admissions"));
  const perArtifact = options.secretsPerArtifact ?? 3;
  const rng = new Rng(`harness-audit-bench/${options.seed}`);
  mkdirSync(root, { recursive: true });
  mkdirSync(admissions, { recursive: true });
  writeFileSync(path.join(admissions, ADMISSION_FILE_NAME), pretty(admissionRecord()));

  const corpus: Corpus = { root, admissions, runs: [], planted: [], values: [], bytes: 0, files: 0 };
  let counter = 0;
  const nextPlant = (): Plant => {
    const index = counter++;
    const kind = SECRET_KINDS[index % SECRET_KINDS.length] as SecretKind;
    const encoding = ENCODINGS[Math.floor(index / SECRET_KINDS.length) % ENCODINGS.length] as Encoding;
    return { index, sample: makeSecret(kind, rng.fork(`secret/${index}`)), encoding };
  };

  for (let r = 0; r < options.runs; r++) {
    const runRng = rng.fork(`run/${r}`);
    const plants = new Map<Artifact, Plant[]>();
    for (const artifact of PLANTED_ARTIFACTS) {
      plants.set(artifact, options.plant ? Array.from({ length: perArtifact }, nextPlant) : []);
    }
    const extraTracePlants = options.plant && r === 0 && options.bigTraceBytes ? bigTracePlants(options.bigTraceBytes, nextPlant) : [];
    const traceBytes = r === 0 && options.bigTraceBytes ? options.bigTraceBytes : options.traceBytes;
    const run = writeRun(root, r, runRng, plants, extraTracePlants, traceBytes);
    corpus.runs.push(run.id);
    corpus.bytes += run.bytes;
    corpus.files += run.files;
    for (const spot of run.spots) {
      corpus.planted.push({ run: run.id, file: spot.file, line: spot.line, endLine: spot.endLine, kind: spot.plant.sample.kind, encoding: spot.plant.encoding });
      corpus.values.push(spot.plant.sample.value);
    }
  }
  return corpus;
}

function admissionRecord(): Record<string, unknown> {
  return {
    status: "admitted",
    provider: ADMITTED_PROVIDER,
    model: ADMITTED_MODEL,
    credential_source_class: "pi-models-json-local-provider-no-secret",
    allowed_network_class: "local-tailscale-vllm-spark1",
    approval_source: "JP chat approval on 2026-05-31",
    admission_timestamp: "2026-05-31T23:52:00Z",
    review_trigger: "the spark1 vLLM deployment changes the served model or its quantization",
    evidence_expectations: ["isolated CASE_DATA_DIR/config.json contains the admitted models.default", "same-run fake baseline report exists for a pass report"],
  };
}

// ---------------------------------------------------------------------------------------------
// One run
// ---------------------------------------------------------------------------------------------

interface Spot {
  file: string;
  line: number;
  endLine: number;
  plant: Plant;
}

/** A trace plant placed by byte position: straddling `boundary`, or among the last events. */
interface PositionedPlant {
  plant: Plant;
  boundary: number | null;
}

function bigTracePlants(bytes: number, nextPlant: () => Plant): PositionedPlant[] {
  const boundaries = Math.floor((bytes - 64 * 1024) / MIB4);
  const chosen = new Set<number>();
  for (const k of [1, 2, 3, Math.floor(boundaries / 4), Math.floor(boundaries / 2), Math.floor((3 * boundaries) / 4), boundaries - 1, boundaries]) {
    if (k >= 1 && k <= boundaries) chosen.add(k);
  }
  const plants: PositionedPlant[] = [...chosen].sort((a, b) => a - b).map((k) => ({ plant: nextPlant(), boundary: k * MIB4 }));
  for (let i = 0; i < 4; i++) plants.push({ plant: nextPlant(), boundary: null });
  return plants;
}

interface RunShape {
  id: string;
  taskId: string;
  startMs: number;
  durationS: number;
  pass: boolean;
  pid: number;
}

function writeRun(
  root: string,
  r: number,
  rng: Rng,
  plants: Map<Artifact, Plant[]>,
  extraTracePlants: PositionedPlant[],
  traceBytes: number | undefined,
): { id: string; bytes: number; files: number; spots: Spot[] } {
  const startMs = BASE_MS + r * 7 * 60_000 + rng.int(60) * 1000;
  const taskId = TASKS[r % TASKS.length] as string;
  const pid = rng.between(1_000_000, 3_999_999);
  const shape: RunShape = { id: `${compactTs(startMs)}-${taskId}-${pid}`, taskId, startMs, durationS: 3600, pass: r % 3 === 0, pid };
  const dir = path.join(root, shape.id);
  mkdirSync(path.join(dir, "backend", "case-data"), { recursive: true });
  const spots: Spot[] = [];
  let bytes = 0;
  let files = 0;
  const put = (file: string, text: string) => {
    writeFileSync(path.join(dir, file), text);
    bytes += Buffer.byteLength(text);
    files++;
  };
  const of = (artifact: Artifact) => plants.get(artifact) ?? [];
  const collect = (file: string, found: Array<{ plant: Plant; line: number; endLine: number }>) => {
    for (const f of found) spots.push({ file, ...f });
  };

  const report = reportObject(shape);
  const reportJson = renderReportJson(report, rng.fork("report"), of("report.json"));
  put("report.json", reportJson.text);
  collect("report.json", reportJson.spots);

  const md = renderReportMd(report, rng.fork("report.md"), of("report.md"));
  put("report.md", md.text);
  collect("report.md", md.spots);

  const trace = writeTrace(path.join(dir, "trace.jsonl"), shape, rng.fork("trace"), of("trace.jsonl"), extraTracePlants, traceBytes);
  bytes += trace.bytes;
  files++;
  collect("trace.jsonl", trace.spots);

  const textArtifacts: Array<[Artifact, (rng: Rng) => string[], (t: string, i: number) => string]> = [
    ["backend/harness.log", (g) => harnessLogLines(shape, g), (t, i) => `${iso(shape.startMs + 900 + i * 250)} DEBUG adapter: ${t}`],
    ["backend/case.stdout.txt", (g) => caseStdoutLines(shape, g), (t) => `[tool] ${t}`],
    ["backend/case.stderr.txt", (g) => caseStderrLines(shape, g), (t) => `[case] debug: ${t}`],
  ];
  for (const [file, benign, prefix] of textArtifacts) {
    const rendered = renderTextWithPlants(benign(rng.fork(file)), of(file), rng.fork(`${file}/plants`), prefix);
    put(file, rendered.text);
    collect(file, rendered.spots);
  }

  const config = renderJsonWithPlants(caseConfig(rng.fork("config")), "extensions", of("backend/case-data/config.json"), (plant, token, i) => ({
    name: `ext-${i + 1}`,
    enabled: true,
    [jsonForm(plant.sample, plant.encoding).key]: token,
  }), (plant) => jsonForm(plant.sample, plant.encoding).literal);
  put("backend/case-data/config.json", config.text);
  collect("backend/case-data/config.json", config.spots);

  const task = renderJsonWithPlants(taskObject(shape, rng.fork("task")), "setup", of("task.json"), (plant, token, i) => ({
    step: `setup-${i + 1}`,
    [jsonForm(plant.sample, plant.encoding).key]: token,
  }), (plant) => jsonForm(plant.sample, plant.encoding).literal);
  put("task.json", task.text);
  collect("task.json", task.spots);

  const argv = renderArgv(shape, of("argv.json"));
  put("argv.json", argv.text);
  collect("argv.json", argv.spots);

  if (shape.pass) {
    mkdirSync(path.join(dir, "baseline"), { recursive: true });
    put("baseline/report.json", pretty(baselineReport(shape)));
  } else {
    put(PROTOCOL_MARKER, [PROTOCOL_REASON, "Case stderr: AGENT_RESULT start delimiter not found (2 attempts).", `failure_class: ${PROTOCOL_CLASS}`, ""].join("\n"));
  }
  return { id: shape.id, bytes, files, spots };
}

function compactTs(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

const iso = (ms: number) => new Date(ms).toISOString();
const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function reportObject(shape: RunShape): Record<string, unknown> {
  return {
    run_id: shape.id,
    task_id: shape.taskId,
    status: shape.pass ? "pass" : "fail",
    backend: "case",
    case_process_started: true,
    case_model_provider: ADMITTED_PROVIDER,
    case_model: ADMITTED_MODEL,
    case_model_admission_status: "admitted",
    case_model_admission_file: ADMISSION_PATH_IN_SOT,
    provider_class: "local_case_compatible",
    ...(shape.pass ? {} : { reason: PROTOCOL_REASON }),
    failure_class: shape.pass ? null : PROTOCOL_CLASS,
    marker: shape.pass ? null : PROTOCOL_MARKER,
    started_at: iso(shape.startMs),
    finished_at: iso(shape.startMs + shape.durationS * 1000),
    duration_s: shape.durationS,
  };
}

function baselineReport(shape: RunShape): Record<string, unknown> {
  return fakeBaselineReport(shape.id, shape.taskId, shape.startMs + (shape.durationS - 5) * 1000);
}

const runEnv = (): Record<string, string> => ({
  CTO_HARNESS_CASE_MODEL_PROVIDER: ADMITTED_PROVIDER,
  CTO_HARNESS_CASE_MODEL: ADMITTED_MODEL,
  CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: ADMISSION_PATH_IN_SOT,
  CTO_HARNESS_CASE_LOCAL_BASE_URL: LOCAL_BASE_URL,
});

const token = (plant: Plant) => `@@PLANT${plant.index}@@`;

/** Replace each plant's quoted token in pretty JSON with its literal and note the line. */
function substitute(text: string, plants: readonly Plant[], literal: (plant: Plant) => string): { text: string; spots: Array<{ plant: Plant; line: number; endLine: number }> } {
  const lines = text.split("\n");
  const spots: Array<{ plant: Plant; line: number; endLine: number }> = [];
  for (const plant of plants) {
    const quoted = `"${token(plant)}"`;
    const at = lines.findIndex((line) => line.includes(quoted));
    if (at === -1) throw new Error(`plant ${plant.index} not rendered`);
    lines[at] = (lines[at] as string).replace(quoted, () => literal(plant));
    spots.push({ plant, line: at + 1, endLine: at + 1 });
  }
  return { text: lines.join("\n"), spots };
}

function renderReportJson(report: Record<string, unknown>, rng: Rng, plants: readonly Plant[]) {
  const env: Record<string, string> = { ...runEnv(), ...decoyEnv(rng) };
  for (const plant of plants) {
    const { key } = jsonForm(plant.sample, plant.encoding);
    // A second header keeps a real header name; a second variable gets a numbered name.
    let name = key === "Authorization" && key in env ? "Proxy-Authorization" : key;
    for (let n = 2; name in env; n++) name = `${key}_${n}`;
    env[name] = token(plant);
  }
  return substitute(pretty({ ...report, env }), plants, (plant) => jsonForm(plant.sample, plant.encoding).literal);
}

function renderJsonWithPlants(
  base: Record<string, unknown>,
  listKey: string,
  plants: readonly Plant[],
  entry: (plant: Plant, token: string, i: number) => Record<string, unknown>,
  literal: (plant: Plant) => string,
) {
  const list = (base[listKey] as unknown[] | undefined) ?? [];
  const withPlants = { ...base, [listKey]: [...list, ...plants.map((plant, i) => entry(plant, token(plant), i))] };
  return substitute(pretty(withPlants), plants, literal);
}

function caseConfig(rng: Rng): Record<string, unknown> {
  return {
    models: {
      default: ADMITTED_MODEL,
      providers: { [ADMITTED_PROVIDER]: { api: "openai-completions", baseUrl: LOCAL_BASE_URL, apiKey: "", models: [ADMITTED_MODEL] } },
    },
    telemetry: false,
    sessions: { dir: "sessions", keep: 1 },
    extensions: [{ name: "decoys", enabled: false, ...Object.fromEntries(decoyEntries(rng)) }],
  };
}

function taskObject(shape: RunShape, rng: Rng): Record<string, unknown> {
  return {
    id: shape.taskId,
    title: "Make the function under test pass its fixture tests",
    fixture: `fixtures/${shape.taskId}`,
    prompt: "Fix the module so that its tests pass. Keep the public API unchanged. End with an AGENT_RESULT block.",
    checks: ["npm test"],
    timeout_s: 900,
    setup: [{ step: "install", command: "npm ci --ignore-scripts", ...Object.fromEntries(decoyEntries(rng)) }],
  };
}

function argvLiteral(plant: Plant): string {
  const { sample, encoding } = plant;
  switch (encoding) {
    case "plain":
      return JSON.stringify(sample.text);
    case "json-escape":
      return escapedJsonLiteral(sample.text);
    case "json-in-json":
      return JSON.stringify(`--tool-result=${nestedJson(sample)}`);
    default:
      // `context_b64=…` becomes the flag `--context-b64=…`.
      return JSON.stringify(textForm(sample, encoding).replace(/^([a-z]+)_([a-z0-9]+)=/, "--$1-$2="));
  }
}

function renderArgv(shape: RunShape, plants: readonly Plant[]) {
  const argv: string[] = ["python3", "harness/runner/run-task.py", "--task", `tasks/${shape.taskId}.json`, "--backend", "case", "--baseline", "fake"];
  argv.push("--env-file", ".env.local", "--api-key-env", "OPENAI_API_KEY", "--token=${CASE_TOKEN}", "--password", "********");
  for (const plant of plants) argv.push(token(plant));
  argv.push("--runs-root", "harness-runs");
  return substitute(pretty(argv), plants, argvLiteral);
}

// ---------------------------------------------------------------------------------------------
// Text artifacts
// ---------------------------------------------------------------------------------------------

/** Insert each plant (prefixed on its first line) at a spread-out place among benign lines. */
function renderTextWithPlants(benign: string[], plants: readonly Plant[], rng: Rng, prefix: (text: string, i: number) => string) {
  const lines = [...benign];
  const positions = plants.map((_, i) => Math.floor(((i + 1) * lines.length) / (plants.length + 1)) + rng.int(2));
  const spots: Array<{ plant: Plant; line: number; endLine: number }> = [];
  // Insert from the last position back so earlier positions stay valid, then number lines.
  const inserted: Array<{ plant: Plant; at: number; count: number }> = [];
  for (let i = plants.length - 1; i >= 0; i--) {
    const plant = plants[i] as Plant;
    const text = textForm(plant.sample, plant.encoding, plant.index % 2 === 0).split("\n");
    text[0] = prefix(text[0] as string, positions[i] as number);
    lines.splice(positions[i] as number, 0, ...text);
    inserted.unshift({ plant, at: positions[i] as number, count: text.length });
  }
  let shift = 0;
  for (const { plant, at, count } of inserted) {
    spots.push({ plant, line: at + shift + 1, endLine: at + shift + count });
    shift += count;
  }
  return { text: `${lines.join("\n")}\n`, spots };
}

function harnessLogLines(shape: RunShape, rng: Rng): string[] {
  const log = (at: number, text: string, level = "INFO ") => `${iso(shape.startMs + at * 1000)} ${level} adapter: ${text}`;
  const lines = [
    log(0.012, `run ${shape.id} task ${shape.taskId}`),
    log(0.101, `admission admitted (record ${ADMISSION_FILE_NAME})`),
    log(0.162, "wrote backend/case-data/config.json"),
    log(0.409, `case started, pid ${shape.pid + 77}`),
  ];
  decoyLines(rng).forEach((line, i) => lines.push(log(1 + i, line, "DEBUG")));
  for (let i = 0; i < 12; i++) lines.push(log(30 + i * 7, proseLine(rng)));
  lines.push(log(shape.durationS - 3, `case exited with code ${shape.pass ? 0 : 1}`), log(shape.durationS - 1, `report written, status ${shape.pass ? "pass" : "fail"}`));
  return lines;
}

function caseStdoutLines(shape: RunShape, rng: Rng): string[] {
  const lines = ["[case] case 0.9.2 (pipeline sdk)", "[case] data dir: backend/case-data", `[case] agent ${ADMITTED_PROVIDER}/${ADMITTED_MODEL} ready, workspace sandbox/${shape.taskId}`];
  for (let i = 0; i < 10; i++) lines.push(`[agent] ${proseLine(rng)}`);
  for (let i = 0; i < 8; i++) lines.push(codeLine(rng));
  lines.push(...decoyLines(rng).map((line) => `[tool] ${line}`));
  lines.push("[agent] Edited the module (+9 -3).", "[agent] npm test: 14 passed.");
  if (shape.pass) lines.push("=== AGENT_RESULT ===", JSON.stringify({ status: "done", files_changed: ["src/index.ts"], tests: "14 passed" }), "=== END AGENT_RESULT ===");
  else lines.push("[agent] Done: the function now handles the fixture cases.");
  return lines;
}

function caseStderrLines(shape: RunShape, rng: Rng): string[] {
  const lines = ["[case] attempt 1: parsing agent result"];
  lines.push(...decoyLines(rng).map((line) => `[case] env check: ${line}`));
  if (shape.pass) lines.push("[case] agent result ok (1 file changed)");
  else
    lines.push(
      "[case] error: AGENT_RESULT start delimiter not found",
      `[case] retry: classified as ${PROTOCOL_CLASS}, re-prompting once`,
      "[case] attempt 2: parsing agent result",
      "[case] error: AGENT_RESULT start delimiter not found",
      `[case] giving up: ${PROTOCOL_REASON}`,
    );
  return lines;
}


function renderReportMd(report: Record<string, unknown>, rng: Rng, plants: readonly Plant[]) {
  const head = [`# Harness run ${String(report.run_id)}`, "", `Task: \`${String(report.task_id)}\`.`, ""];
  for (const { label, field } of REPORT_MD_FACTS) {
    const value = report[field];
    if (value !== null && value !== undefined) head.push(`- ${label}: \`${String(value)}\`.`);
  }
  head.push("", "## Artifacts", "", "- Machine report: `report.json`.", "- Trace: `trace.jsonl`.", "- Case stdout/stderr: `backend/case.stdout.txt`, `backend/case.stderr.txt`.", "");
  head.push("## Environment as the harness saw it", "", "```bash");
  const half = Math.ceil(plants.length / 2);
  const envBlock = renderTextWithPlants(decoyLines(rng), plants.slice(0, half), rng.fork("env"), (t) => t);
  const transcriptBenign = Array.from({ length: 14 }, (_, i) => (i % 3 === 0 ? codeLine(rng) : proseLine(rng)));
  const transcript = renderTextWithPlants(transcriptBenign, plants.slice(half), rng.fork("transcript"), (t) => `$ ${t}`);
  const envLines = envBlock.text.split("\n").slice(0, -1);
  const middle = ["```", "", "## Agent transcript (excerpt)", "", "```text"];
  const transcriptLines = transcript.text.split("\n").slice(0, -1);
  const all = [...head, ...envLines, ...middle, ...transcriptLines, "```", ""];
  const spots = [
    ...envBlock.spots.map((s) => ({ ...s, line: s.line + head.length, endLine: s.endLine + head.length })),
    ...transcript.spots.map((s) => {
      const offset = head.length + envLines.length + middle.length;
      return { ...s, line: s.line + offset, endLine: s.endLine + offset };
    }),
  ];
  return { text: all.join("\n"), spots };
}

// ---------------------------------------------------------------------------------------------
// trace.jsonl, streamed (it may be hundreds of megabytes)
// ---------------------------------------------------------------------------------------------

class LineWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;
  lines = 0;

  constructor(file: string) {
    this.fd = openSync(file, "w");
  }

  write(line: string): void {
    const text = `${line}\n`;
    this.parts.push(text);
    const size = Buffer.byteLength(text);
    this.pending += size;
    this.bytes += size;
    this.lines++;
    if (this.pending >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.parts.length > 0) writeSync(this.fd, this.parts.join(""));
    this.parts = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Benign trace event bodies (without `ts`), reused round-robin when the trace is grown. */
function fillerPool(rng: Rng, size: number): string[] {
  const pool: string[] = [];
  for (let i = 0; i < size; i++) {
    const body = rng.pick([
      () => ({ event: "llm_request", provider: ADMITTED_PROVIDER, model: ADMITTED_MODEL, messages: rng.between(2, 60), max_tokens: 4096, request_id: uuid(rng) }),
      () => ({ event: "llm_response", request_id: uuid(rng), usage: { prompt_tokens: rng.between(500, 30000), completion_tokens: rng.between(10, 2000) }, text: Array.from({ length: rng.between(2, 8) }, () => proseLine(rng)).join(". ") }),
      () => ({ event: "tool_call", tool: "bash", command: rng.pick(["npm test -- --run", "git diff --stat", "cat src/index.ts", "ls -la src test"]) }),
      () => ({ event: "tool_result", tool: "bash", exit_code: rng.int(2), stdout: Array.from({ length: rng.between(3, 14) }, () => codeLine(rng)).join("\n") }),
      () => ({ event: "file_read", path: `src/${rng.pick(["index", "slugify", "parse", "cache"])}.ts`, sha256: sha256Hex(rng), bytes: rng.between(200, 9000) }),
      () => ({ event: "workspace_status", head: gitSha(rng), dirty: rng.next() < 0.5, image: `ghcr.io/acme/case-runner@${dockerDigest(rng)}` }),
      () => ({ event: "env_snapshot", ...Object.fromEntries(decoyEntries(rng)) }),
    ])();
    pool.push(JSON.stringify(body).slice(1));
  }
  return pool;
}

function writeTrace(
  file: string,
  shape: RunShape,
  rng: Rng,
  plants: readonly Plant[],
  positioned: readonly PositionedPlant[],
  targetBytes: number | undefined,
): { bytes: number; spots: Spot[] } {
  const out = new LineWriter(file);
  const spots: Spot[] = [];
  const at = (seconds: number) => iso(shape.startMs + Math.round(seconds * 1000));
  const event = (seconds: number, name: string, fields: Record<string, unknown> = {}) => JSON.stringify({ ts: at(seconds), event: name, ...fields });
  out.write(event(0.012, "run_started", { run_id: shape.id, task_id: shape.taskId, backend: "case" }));
  out.write(event(0.034, "task_loaded", { task_file: "task.json" }));
  out.write(event(0.101, "admission_checked", { provider: ADMITTED_PROVIDER, model: ADMITTED_MODEL, admission_file: ADMISSION_PATH_IN_SOT, status: "admitted" }));
  out.write(event(0.118, "provider_preflight", { provider_class: "local_case_compatible", local_base_url_set: true, result: "continue" }));
  out.write(event(0.162, "case_config_written", { path: "backend/case-data/config.json" }));
  out.write(event(0.409, "case_process_started", { pid: shape.pid + 77 }));

  const pool = fillerPool(rng, targetBytes && targetBytes > 1 << 20 ? 400 : 60);
  const body = (seconds: number, i: number) => `{"ts":"${at(seconds)}",${pool[i % pool.length] as string}`;
  const span = shape.durationS - 20;
  const target = targetBytes ?? 0;
  const minEvents = 40;
  const plantLine = (plant: Plant, seconds: number) => {
    const { key, literal } = jsonForm(plant.sample, plant.encoding);
    const head = `{"ts":"${at(seconds)}","event":"tool_result","tool":"bash","exit_code":0,"${key}":`;
    return { line: `${head}${literal}}`, offset: Buffer.byteLength(head) + Math.floor(Buffer.byteLength(literal) / 2) };
  };
  const emitPlant = (plant: Plant, seconds: number) => {
    out.write(plantLine(plant, seconds).line);
    spots.push({ file: "trace.jsonl", line: out.lines, endLine: out.lines, plant });
  };

  const straddling = positioned.filter((p) => p.boundary !== null);
  const atEnd = positioned.filter((p) => p.boundary === null);
  // Regular plants are spread evenly by bytes (or by events for a small trace).
  const marks = plants.map((_, i) => (i + 1) / (plants.length + 1));
  let nextMark = 0;
  let nextStraddle = 0;
  let i = 0;
  for (;;) {
    const progress = target > 0 ? out.bytes / target : i / minEvents;
    if (progress >= 1 && i >= minEvents) break;
    const seconds = 1 + Math.min(progress, 1) * span;
    const mark = marks[nextMark];
    if (mark !== undefined && progress >= mark) {
      emitPlant(plants[nextMark] as Plant, seconds);
      nextMark++;
      continue;
    }
    const straddle = straddling[nextStraddle];
    if (straddle && straddle.boundary !== null && straddle.boundary - out.bytes < 16 * 1024) {
      // Pad so the secret's middle byte lands on the boundary: the secret straddles it.
      const { offset } = plantLine(straddle.plant, seconds);
      const padHead = `{"ts":"${at(seconds)}","event":"heartbeat","note":"`;
      const padTail = `"}`;
      const fill = straddle.boundary - out.bytes - offset - Buffer.byteLength(padHead) - Buffer.byteLength(padTail) - 1;
      if (fill < 0) throw new Error("straddle padding went negative");
      out.write(`${padHead}${"keepalive ".repeat(Math.ceil(fill / 10)).slice(0, fill)}${padTail}`);
      emitPlant(straddle.plant, seconds);
      nextStraddle++;
      continue;
    }
    out.write(body(seconds, i));
    i++;
  }
  for (const plant of plants.slice(nextMark)) emitPlant(plant, span);
  for (const p of atEnd) {
    out.write(body(span + 1, i++));
    emitPlant(p.plant, span + 1);
  }
  const end = shape.durationS - 1.5;
  out.write(event(end - 2, "case_process_exited", { exit_code: shape.pass ? 0 : 1 }));
  if (!shape.pass) out.write(event(end - 1.9, "marker_written", { path: PROTOCOL_MARKER }));
  if (shape.pass) {
    out.write(event(end - 1.8, "baseline_started", { backend: "fake" }));
    out.write(event(end - 0.2, "baseline_finished", { backend: "fake", status: "pass" }));
  }
  out.write(event(end + 1.1, "report_written", { path: "report.json", status: shape.pass ? "pass" : "fail" }));
  out.write(event(end + 1.2, "run_finished", { status: shape.pass ? "pass" : "fail" }));
  out.close();
  return { bytes: out.bytes, spots };
}
