/**
 * Writes `sample-runs/`: a harness-runs root of example run directories plus the admission
 * registry they are audited against (contract §2–§8). Deterministic: fixed timestamps, fixed
 * key order and a seeded PRNG for the fake secrets, so a second run writes the same bytes.
 *
 * Usage (after `tsc`): `node dist/scripts/make-sample-runs.js [folder]` (default `sample-runs`).
 * It replaces `<folder>/admissions/` and every run directory directly under
 * `<folder>/harness-runs/`; it never touches `<folder>/expected/` or `<folder>/README.md`, which
 * are written by hand and lie beside the runs' root, not in it (a file in a root under no run is
 * itself audited).
 *
 * Git cannot store a folder named `.git`, so the copied-repository run
 * (`…-gate-copied-git-folder-…`) only has its `.git/` after this script ran. The folder is
 * deliberately not a valid repository (no `objects/`), so `git add` skips it instead of turning
 * the run directory into an embedded repository.
 *
 * Every secret written here is fake: generated from a seeded PRNG in the real format.
 */
import { createHmac } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPORT_MD_FACTS } from "../src/evidence/vocabulary.js";
import { base62, crc32, fakeBaselineReport } from "./fake-data.js";

// ---------------------------------------------------------------------------------------------
// Deterministic randomness and fake secrets in real formats
// ---------------------------------------------------------------------------------------------

/** A small seeded PRNG (mulberry32) over a 32-bit seed derived from a label (FNV-1a). */
export function seededRandom(label: string): () => number {
  let seed = 0x811c9dc5;
  for (const ch of label) {
    seed ^= ch.codePointAt(0) ?? 0;
    seed = Math.imul(seed, 0x01000193) >>> 0;
  }
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const URLSAFE = `${ALNUM}_-`;
const HEX = "0123456789abcdef";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function pick(rng: () => number, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}

/**
 * GitHub classic token: `ghp_` + 30 random base62 characters + the CRC32 of those 30
 * characters in base62, left-padded to 6 (github.blog 2021-04-05 token formats).
 */
export function fakeGithubToken(rng: () => number): string {
  const body = pick(rng, ALNUM, 30);
  return `ghp_${body}${base62(crc32(body)).padStart(6, "0")}`;
}

/** OpenAI project key: `sk-proj-` + 74 + `T3BlbkFJ` + 74 URL-safe characters, ending alphanumeric. */
export function fakeOpenAiProjectKey(rng: () => number): string {
  return `sk-proj-${pick(rng, URLSAFE, 74)}T3BlbkFJ${pick(rng, URLSAFE, 73)}${pick(rng, ALNUM, 1)}`;
}

/** AWS access key id: `AKIA` + 16 base32 characters. */
export function fakeAwsAccessKeyId(rng: () => number): string {
  return `AKIA${pick(rng, BASE32, 16)}`;
}

/** AWS secret access key: 40 characters of the base64 alphabet, ending alphanumeric. */
export function fakeAwsSecretAccessKey(rng: () => number): string {
  return `${pick(rng, `${ALNUM}/+`, 39)}${pick(rng, ALNUM, 1)}`;
}

/** OpenRouter key: `sk-or-v1-` + 64 hex characters. */
export function fakeOpenRouterKey(rng: () => number): string {
  return `sk-or-v1-${pick(rng, HEX, 64)}`;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** An HS256 JWT signed with a key drawn from the PRNG. */
export function fakeJwt(rng: () => number): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: "https://auth.spark1.internal",
      sub: "svc-case-proxy",
      aud: "vllm-gateway",
      iat: 1780277000,
      exp: 1780280600,
      jti: pick(rng, HEX, 32),
    }),
  );
  const signature = createHmac("sha256", pick(rng, ALNUM, 48)).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The fake secrets planted in the secret runs, each from its own seeded stream. */
export const FAKE_SECRETS = {
  openAiKey: fakeOpenAiProjectKey(seededRandom("sample-runs/openai")),
  githubToken: fakeGithubToken(seededRandom("sample-runs/github")),
  awsAccessKeyId: fakeAwsAccessKeyId(seededRandom("sample-runs/aws")),
  awsSecretAccessKey: fakeAwsSecretAccessKey(seededRandom("sample-runs/aws-secret")),
  jwt: fakeJwt(seededRandom("sample-runs/jwt")),
  // Joined so that a secret scanner run over this source does not flag the script itself.
  postgresUrl: ["postgres", "://user:", "p%40ss!word", "@db:5432/x"].join(""),
  openRouterEnvKey: fakeOpenRouterKey(seededRandom("sample-runs/openrouter-env")),
  openRouterTraceKey: fakeOpenRouterKey(seededRandom("sample-runs/openrouter-trace")),
} as const;

// ---------------------------------------------------------------------------------------------
// The contract's names
// ---------------------------------------------------------------------------------------------

const ADMISSION_DIR_IN_SOT = ".sot/03-PROTOCOLS";
const ADMISSION_PREFIX = "CTO-CASE-MODEL-PROVIDER-ADMISSION";

interface Pair {
  provider: string;
  model: string;
  providerClass: string;
  admissionFileName: string;
}

const CODEX: Pair = {
  provider: "openai-codex",
  model: "gpt-5.5",
  providerClass: "external_openai_codex",
  admissionFileName: `${ADMISSION_PREFIX}.openai-codex-gpt-5.5.json`,
};
const QWEN: Pair = {
  provider: "qwen-local",
  model: "qwen3.6-35b-a3b",
  providerClass: "local_case_compatible",
  admissionFileName: `${ADMISSION_PREFIX}.qwen-local-qwen3.6-35b-a3b.json`,
};
/** The observed fallback pair the seeds name (CTO-WORK-019); never admitted. */
const FALLBACK = { provider: "anthropic", model: "claude-sonnet-4-6", providerClass: "external_anthropic" };

const LOCAL_BASE_URL = "http://spark1:8000/v1";
const TARGET_REPOSITORY = "/srv/target-repos/acme-web";

const MARKER = {
  notAdmitted: "backend/provider-model-not-admitted.txt",
  authUnavailable: "backend/provider-auth-unavailable.txt",
  protocol: "backend/provider-agent-protocol.txt",
} as const;

const PROTOCOL_REASON = "case agent result protocol failed";
const PROTOCOL_CLASS = "agent-protocol-error";

const admissionPath = (pair: Pair) => `${ADMISSION_DIR_IN_SOT}/${pair.admissionFileName}`;

// ---------------------------------------------------------------------------------------------
// Admission registry
// ---------------------------------------------------------------------------------------------

const EVIDENCE_EXPECTATIONS = [
  "Real Case Stage 2 command sets CTO_HARNESS_CASE_MODEL_ADMISSION_FILE to this admission JSON path",
  "report.json records case_model_provider, case_model and case_model_admission_status",
  "isolated CASE_DATA_DIR/config.json contains the admitted models.default",
  "same-run fake baseline report exists for a pass report",
  "no secret in task file, argv, report, trace, backend logs, generated config or commits",
];

function admissionRecords(): Record<string, unknown> {
  return {
    [CODEX.admissionFileName]: {
      status: "admitted",
      provider: CODEX.provider,
      model: CODEX.model,
      credential_source_class: "hermes-openai-codex-oauth-and-local-vllm-config",
      allowed_network_class: "codex-oauth-hosted-model-plus-local-vllm-fallback",
      approval_source: "JP chat approval on 2026-05-31",
      admission_timestamp: "2026-05-31T23:40:00Z",
      review_trigger: "2027-05-31",
      evidence_expectations: EVIDENCE_EXPECTATIONS,
    },
    [QWEN.admissionFileName]: {
      status: "admitted",
      provider: QWEN.provider,
      model: QWEN.model,
      credential_source_class: "pi-models-json-local-provider-no-secret",
      allowed_network_class: "local-tailscale-vllm-spark1",
      approval_source: "JP chat approval on 2026-05-31",
      admission_timestamp: "2026-05-31T23:52:00Z",
      review_trigger:
        "the spark1 vLLM deployment changes the served model or its quantization, or Hermes primary model policy changes",
      evidence_expectations: EVIDENCE_EXPECTATIONS,
    },
    "CTO-CASE-PROVIDER-DECISION.json": {
      decision_status: "local_provider_required",
      provider_class: "local_case_compatible",
      provider: "",
      model: "",
      approval_source: "JP chat approval on 2026-05-31",
      credential_source_class: "pi-models-json-local-provider-no-secret",
      allowed_network_class: "local-tailscale-vllm-spark1",
      review_trigger: "a local provider/model pair is admitted under CTO-WORK-020, or JP revisits external provider approval",
      evidence_sources: [
        "Hermes commit f39d8ab Require admitted Case model pair",
        "Hermes commit 5db23c7 Fail closed on Case Codex auth gap",
        "Hermes commit 09b5851 Isolate Case Pi provider config",
        "harness-runs/20260601T020847Z-r1-string-slugify-2619644/report.json",
      ],
      effect: "CTO-WORK-020 remains blocked until admitted provider/model and real Stage 2 pass report exist",
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A run directory under construction
// ---------------------------------------------------------------------------------------------

type Contents = string | Uint8Array;

export interface TraceEvent {
  /** Seconds after the run started. */
  at: number;
  event: string;
  fields?: Record<string, unknown>;
}

/** Everything one run directory holds, before it is written. */
export interface RunDraft {
  id: string;
  taskId: string;
  startMs: number;
  /** report.json as an ordered object; `null` for a run that never wrote one. */
  report: Record<string, unknown> | null;
  /** Write report.md (rendered from `report`)? */
  reportMd: boolean;
  trace: TraceEvent[];
  files: Map<string, Contents>;
  symlinks: Map<string, string>;
  /** Last-step text edits of rendered files (a faulty run's one fault). */
  edits: Array<(files: Map<string, Contents>) => void>;
}

function startOf(id: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-/.exec(id);
  if (!m) throw new Error(`not a run directory name: ${id}`);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

const iso = (ms: number) => new Date(ms).toISOString();

function taskIdOf(id: string): string {
  const m = /^\d{8}T\d{6}Z-(.+)-\d+$/.exec(id);
  if (!m?.[1]) throw new Error(`not a run directory name: ${id}`);
  return m[1];
}

function pidOf(id: string): number {
  return Number(/-(\d+)$/.exec(id)?.[1] ?? "0");
}

const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function taskFile(taskId: string): Record<string, unknown> {
  return {
    id: taskId,
    title: "Make slugify() handle diacritics and repeated separators",
    fixture: "fixtures/r1-string-slugify",
    prompt:
      "Fix src/slugify.ts so that the tests in test/slugify.test.ts pass. Keep the public API unchanged. End with an AGENT_RESULT block.",
    checks: ["npm test"],
    timeout_s: 900,
  };
}

function argvFile(taskId: string): string[] {
  return [
    "python3",
    "harness/runner/run-task.py",
    "--task",
    `tasks/${taskId}.json`,
    "--backend",
    "case",
    "--baseline",
    "fake",
    "--runs-root",
    "harness-runs",
  ];
}

interface ReportInit {
  status: "pass" | "fail" | "blocked";
  started: boolean;
  provider: string | null;
  model: string | null;
  admission: string;
  admissionFile: string | null;
  providerClass: string | null;
  reason?: string;
  failureClass: string | null;
  marker: string | null;
  durationS: number;
  env: Record<string, string>;
}

function makeReport(id: string, startMs: number, r: ReportInit): Record<string, unknown> {
  const report: Record<string, unknown> = {
    run_id: id,
    task_id: taskIdOf(id),
    status: r.status,
    backend: "case",
    case_process_started: r.started,
    case_model_provider: r.provider,
    case_model: r.model,
    case_model_admission_status: r.admission,
    case_model_admission_file: r.admissionFile,
    provider_class: r.providerClass,
  };
  if (r.reason !== undefined) report.reason = r.reason;
  report.failure_class = r.failureClass;
  report.marker = r.marker;
  report.started_at = iso(startMs);
  report.finished_at = iso(startMs + r.durationS * 1000);
  report.duration_s = r.durationS;
  report.env = r.env;
  return report;
}

function newDraft(id: string): RunDraft {
  return {
    id,
    taskId: taskIdOf(id),
    startMs: startOf(id),
    report: null,
    reportMd: true,
    trace: [],
    files: new Map(),
    symlinks: new Map(),
    edits: [],
  };
}

function envFor(pair: Pair, opts: { baseUrl?: boolean; authBridge?: boolean } = {}): Record<string, string> {
  const env: Record<string, string> = {
    CTO_HARNESS_CASE_MODEL_PROVIDER: pair.provider,
    CTO_HARNESS_CASE_MODEL: pair.model,
    CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: admissionPath(pair),
  };
  if (opts.baseUrl) env.CTO_HARNESS_CASE_LOCAL_BASE_URL = LOCAL_BASE_URL;
  if (opts.authBridge) env.CTO_HARNESS_CASE_OPENAI_CODEX_AUTH_BRIDGE = "1";
  return env;
}

function logLine(startMs: number, at: number, text: string): string {
  return `${iso(startMs + at * 1000)} INFO  adapter: ${text}`;
}

function caseConfig(pair: Pair, opts: { baseUrl: boolean }): Record<string, unknown> {
  const provider: Record<string, unknown> =
    pair === QWEN
      ? { api: "openai-completions", ...(opts.baseUrl ? { baseUrl: LOCAL_BASE_URL } : {}), models: [pair.model] }
      : { api: "openai-codex-responses", auth_mode: "oauth-bridge" };
  return {
    models: { default: pair.model, providers: { [pair.provider]: provider } },
    telemetry: false,
    sessions: { dir: "sessions", keep: 1 },
  };
}

/** How a started Case run ended. */
type Outcome = "pass" | "protocol" | "no-diff" | "connection" | "auth";

const OUTCOME: Record<Exclude<Outcome, "pass">, { reason: string; failureClass: string }> = {
  protocol: { reason: PROTOCOL_REASON, failureClass: PROTOCOL_CLASS },
  "no-diff": { reason: "case exited without producing a diff", failureClass: "no-diff" },
  connection: { reason: "case provider connection failed", failureClass: "provider-connection-error" },
  auth: { reason: "case provider authentication failed", failureClass: "provider-auth-error" },
};

function caseStdout(draft: RunDraft, pair: Pair, outcome: Outcome): string {
  const lines = [
    "[case] case 0.9.2 (pipeline sdk)",
    "[case] data dir: backend/case-data",
    `[case] agent ${pair.provider}/${pair.model} ready, workspace sandbox/${draft.taskId}`,
  ];
  if (outcome === "connection" || outcome === "auth") return `${lines.join("\n")}\n`;
  lines.push(
    "[agent] Reading src/slugify.ts and test/slugify.test.ts.",
    "[agent] The failing cases are diacritics (\"Crème brûlée\") and repeated separators (\"a -- b\").",
    "[agent] Normalising to NFKD, dropping combining marks, collapsing runs of separators to one dash.",
  );
  if (outcome === "no-diff") {
    lines.push("[agent] I could not find a change that keeps the public API; stopping without edits.");
  } else {
    lines.push("[agent] Edited src/slugify.ts (+9 -3).", "[agent] npm test: 14 passed.");
  }
  if (outcome === "pass") {
    lines.push(
      "=== AGENT_RESULT ===",
      JSON.stringify({ status: "done", files_changed: ["src/slugify.ts"], tests: "14 passed" }),
      "=== END AGENT_RESULT ===",
    );
  } else if (outcome === "protocol") {
    lines.push("[agent] Done: slugify now handles diacritics and repeated separators.");
  }
  return `${lines.join("\n")}\n`;
}

function caseStderr(pair: Pair, outcome: Outcome): string {
  switch (outcome) {
    case "pass":
      return "[case] attempt 1: parsing agent result\n[case] agent result ok (1 file changed)\n";
    case "protocol":
      return [
        "[case] attempt 1: parsing agent result",
        "[case] error: AGENT_RESULT start delimiter not found",
        `[case] retry: classified as ${PROTOCOL_CLASS}, re-prompting once`,
        "[case] attempt 2: parsing agent result",
        "[case] error: AGENT_RESULT start delimiter not found",
        `[case] giving up: ${PROTOCOL_REASON}`,
        "",
      ].join("\n");
    case "no-diff":
      return "[case] attempt 1: parsing agent result\n[case] agent result ok (0 files changed)\n[case] error: no diff produced\n";
    case "connection":
      return [
        `[pi-ai] ${pair.provider}: no baseUrl configured, using http://127.0.0.1:8000/v1`,
        "[pi-ai] request failed: connect ECONNREFUSED 127.0.0.1:8000",
        "[case] error: provider connection failed after 3 attempts",
        "",
      ].join("\n");
    case "auth":
      return [
        `[pi-ai] ${pair.provider}: streamSimple called without OAuth headers`,
        "[pi-ai] request failed: 401 Unauthorized",
        "[case] error: provider authentication failed",
        "",
      ].join("\n");
  }
}

function markerText(kind: keyof typeof MARKER): string {
  switch (kind) {
    case "notAdmitted":
      return [
        "case model admission missing",
        "No admission record admits the requested provider/model pair; see report.json.",
        "Case was not started.",
        "",
      ].join("\n");
    case "authUnavailable":
      return [
        "openai-codex auth unavailable",
        "Case's pipeline SDK path constructs its Pi Agent runtime directly and does not pass Pi AuthStorage OAuth headers into streamSimple.",
        "Pi env API-key lookup does not map openai-codex to an environment API key.",
        "The Codex auth bridge is not enabled (CTO_HARNESS_CASE_OPENAI_CODEX_AUTH_BRIDGE is not set to 1).",
        "Case was not started.",
        "",
      ].join("\n");
    case "protocol":
      return [
        PROTOCOL_REASON,
        "Case stderr: AGENT_RESULT start delimiter not found (2 attempts).",
        `failure_class: ${PROTOCOL_CLASS}`,
        "",
      ].join("\n");
  }
}

/** Options of a run that starts Case on an admitted pair. */
interface StartedOptions {
  outcome: Outcome;
  baseUrl?: boolean;
  authBridge?: boolean;
  /** Write the protocol marker for a protocol failure (default true). */
  protocolMarker?: boolean;
  /** Write the fake baseline for a pass (default true). */
  baseline?: boolean;
}

/** An admitted pair that reached Case execution. */
function startedRun(id: string, pair: Pair, opts: StartedOptions): RunDraft {
  const d = newDraft(id);
  const pid = pidOf(id);
  const baseUrl = opts.baseUrl ?? pair === QWEN;
  const authBridge = opts.authBridge ?? pair === CODEX;
  const failure = opts.outcome === "pass" ? undefined : OUTCOME[opts.outcome];
  const protocolMarker = opts.outcome === "protocol" && (opts.protocolMarker ?? true);
  const baseline = opts.outcome === "pass" && (opts.baseline ?? true);
  const duration = opts.outcome === "pass" ? 388.4 : opts.outcome === "protocol" ? 412.7 : 97.2;

  d.report = makeReport(id, d.startMs, {
    status: opts.outcome === "pass" ? "pass" : "fail",
    started: true,
    provider: pair.provider,
    model: pair.model,
    admission: "admitted",
    admissionFile: admissionPath(pair),
    providerClass: pair.providerClass,
    ...(failure ? { reason: failure.reason } : {}),
    failureClass: failure?.failureClass ?? null,
    marker: protocolMarker ? MARKER.protocol : null,
    durationS: duration,
    env: envFor(pair, { baseUrl, authBridge }),
  });

  const preflight: Record<string, unknown> =
    pair === QWEN
      ? { provider_class: pair.providerClass, local_base_url_set: baseUrl, result: "continue" }
      : { provider_class: pair.providerClass, codex_auth_bridge: authBridge, result: "continue" };
  const end = duration - 1.5;
  d.trace.push(
    { at: 0.012, event: "run_started", fields: { run_id: id, task_id: d.taskId, backend: "case" } },
    { at: 0.034, event: "task_loaded", fields: { task_file: "task.json" } },
    {
      at: 0.101,
      event: "admission_checked",
      fields: { provider: pair.provider, model: pair.model, admission_file: admissionPath(pair), status: "admitted" },
    },
    { at: 0.118, event: "provider_preflight", fields: preflight },
    { at: 0.162, event: "case_config_written", fields: { path: "backend/case-data/config.json" } },
    { at: 0.409, event: "case_process_started", fields: { pid: pid + 77 } },
  );
  if (opts.outcome === "protocol") {
    d.trace.push({ at: end / 2, event: "case_retry", fields: { attempt: 1, failure_class: PROTOCOL_CLASS } });
  }
  d.trace.push({ at: end - 2, event: "case_process_exited", fields: { exit_code: opts.outcome === "pass" ? 0 : 1 } });
  if (protocolMarker) d.trace.push({ at: end - 1.9, event: "marker_written", fields: { path: MARKER.protocol } });
  if (baseline) {
    d.trace.push(
      { at: end - 1.8, event: "baseline_started", fields: { backend: "fake" } },
      { at: end - 0.2, event: "baseline_finished", fields: { backend: "fake", status: "pass" } },
    );
  }
  d.trace.push(
    { at: duration - 0.05, event: "report_written", fields: { path: "report.json", status: d.report.status } },
    { at: duration, event: "run_finished", fields: { status: d.report.status } },
  );

  d.files.set("task.json", pretty(taskFile(d.taskId)));
  d.files.set("argv.json", pretty(argvFile(d.taskId)));
  d.files.set("backend/case-data/config.json", pretty(caseConfig(pair, { baseUrl })));
  d.files.set("backend/case.stdout.txt", caseStdout(d, pair, opts.outcome));
  d.files.set("backend/case.stderr.txt", caseStderr(pair, opts.outcome));
  if (protocolMarker) d.files.set(MARKER.protocol, markerText("protocol"));
  d.files.set(
    "backend/harness.log",
    [
      logLine(d.startMs, 0.012, `run ${id} task ${d.taskId}`),
      logLine(d.startMs, 0.101, `admission admitted (record ${pair.admissionFileName})`),
      logLine(d.startMs, 0.162, "wrote backend/case-data/config.json"),
      logLine(d.startMs, 0.409, `case started, pid ${pid + 77}`),
      logLine(d.startMs, end - 2, `case exited with code ${opts.outcome === "pass" ? 0 : 1}`),
      logLine(d.startMs, duration - 0.05, `report written, status ${String(d.report.status)}`),
      "",
    ].join("\n"),
  );
  if (baseline) {
    d.files.set(
      "baseline/report.json",
      pretty(fakeBaselineReport(id, d.taskId, d.startMs + (end - 1.8) * 1000)),
    );
  }
  return d;
}

/** A run that blocked in the provider preflight: admitted pair, Case never started. */
function preflightBlockedRun(id: string, pair: Pair): RunDraft {
  const d = newDraft(id);
  const codex = pair === CODEX;
  const reason = codex
    ? "openai-codex auth unavailable: Case pipeline SDK does not pass Pi AuthStorage OAuth headers into streamSimple"
    : "missing explicit local provider config: CTO_HARNESS_CASE_LOCAL_BASE_URL is not set";
  d.report = makeReport(id, d.startMs, {
    status: "blocked",
    started: false,
    provider: pair.provider,
    model: pair.model,
    admission: "admitted",
    admissionFile: admissionPath(pair),
    providerClass: pair.providerClass,
    reason,
    failureClass: codex ? "provider-auth-unavailable" : "local-provider-config-missing",
    marker: codex ? MARKER.authUnavailable : null,
    durationS: 0.6,
    env: envFor(pair),
  });
  d.trace.push(
    { at: 0.011, event: "run_started", fields: { run_id: id, task_id: d.taskId, backend: "case" } },
    { at: 0.03, event: "task_loaded", fields: { task_file: "task.json" } },
    {
      at: 0.097,
      event: "admission_checked",
      fields: { provider: pair.provider, model: pair.model, admission_file: admissionPath(pair), status: "admitted" },
    },
    {
      at: 0.112,
      event: "provider_preflight",
      fields: codex
        ? { provider_class: pair.providerClass, codex_auth_bridge: false, result: "blocked" }
        : { provider_class: pair.providerClass, local_base_url_set: false, result: "blocked" },
    },
  );
  return finishBlockedRun(d, {
    marker: codex ? { kind: "authUnavailable", at: 0.115 } : null,
    reportAt: 0.58,
    finishedAt: 0.6,
    log: [
      [0.011, `run ${id} task ${d.taskId}`],
      [0.097, `admission admitted (record ${pair.admissionFileName})`],
      [0.112, codex ? "preflight: Codex auth bridge not enabled, blocking" : "preflight: no local base URL, blocking"],
    ],
  });
}

/**
 * The end every run blocked before Case started shares: its marker (if any), the report written,
 * the run finished, task.json, argv.json and a harness log of `log` then the report line.
 */
function finishBlockedRun(
  d: RunDraft,
  end: { marker: { kind: keyof typeof MARKER; at: number } | null; reportAt: number; finishedAt: number; log: Array<[number, string]> },
): RunDraft {
  if (end.marker) d.trace.push({ at: end.marker.at, event: "marker_written", fields: { path: MARKER[end.marker.kind] } });
  d.trace.push(
    { at: end.reportAt, event: "report_written", fields: { path: "report.json", status: "blocked" } },
    { at: end.finishedAt, event: "run_finished", fields: { status: "blocked" } },
  );
  d.files.set("task.json", pretty(taskFile(d.taskId)));
  d.files.set("argv.json", pretty(argvFile(d.taskId)));
  if (end.marker) d.files.set(MARKER[end.marker.kind], markerText(end.marker.kind));
  const log = [...end.log, [end.reportAt, "report written, status blocked"] as [number, string]];
  d.files.set("backend/harness.log", [...log.map(([at, text]) => logLine(d.startMs, at, text)), ""].join("\n"));
  return d;
}

/**
 * A run blocked for missing admission. `pair` is the requested pair (null: no provider/model
 * was requested at all); the refused model appears only in report.json, report.md and the
 * trace (v1 choice, see sample-runs/README.md).
 */
function missingAdmissionRun(id: string, pair: { provider: string; model: string; providerClass: string } | null, opts: { marker?: boolean } = {}): RunDraft {
  const d = newDraft(id);
  const marker = opts.marker ?? true;
  d.report = makeReport(id, d.startMs, {
    status: "blocked",
    started: false,
    provider: pair?.provider ?? null,
    model: pair?.model ?? null,
    admission: "missing_admission",
    admissionFile: null,
    providerClass: pair?.providerClass ?? null,
    reason: "case model admission missing",
    failureClass: "model-not-admitted",
    marker: marker ? MARKER.notAdmitted : null,
    durationS: 0.4,
    env: pair ? { CTO_HARNESS_CASE_MODEL_PROVIDER: pair.provider, CTO_HARNESS_CASE_MODEL: pair.model } : {},
  });
  d.trace.push(
    { at: 0.01, event: "run_started", fields: { run_id: id, task_id: d.taskId, backend: "case" } },
    { at: 0.029, event: "task_loaded", fields: { task_file: "task.json" } },
    {
      at: 0.064,
      event: "admission_checked",
      fields: { provider: pair?.provider ?? null, model: pair?.model ?? null, admission_file: null, status: "missing_admission" },
    },
  );
  return finishBlockedRun(d, {
    marker: marker ? { kind: "notAdmitted", at: 0.066 } : null,
    reportAt: 0.38,
    finishedAt: 0.4,
    log: [
      [0.01, `run ${id} task ${d.taskId}`],
      [0.064, "admission missing_admission: CTO_HARNESS_CASE_MODEL_ADMISSION_FILE is not set, blocking"],
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

// The contract's bullets (§5) but the marker, which is written below as a protocol or block marker.
const MD_FACTS = REPORT_MD_FACTS.filter((fact) => fact.field !== "marker");

/** Facts report.md always states; a null one is written `null` (§5: one bullet per key fact). */
const MD_KEY_FIELDS = new Set(["status", "backend", "case_process_started", "case_model_provider", "case_model", "case_model_admission_status"]);

/** report.md: a title, the task, then the §5 bullets (optional facts only when set). */
export function renderReportMd(report: Record<string, unknown>): string {
  const lines = [`# Harness run ${String(report.run_id)}`, "", `Task: \`${String(report.task_id)}\`.`, ""];
  for (const { label, field } of MD_FACTS) {
    const value = report[field];
    if ((value === null || value === undefined) && !MD_KEY_FIELDS.has(field)) continue;
    lines.push(`- ${label}: \`${String(value)}\`.`);
  }
  const marker = report.marker;
  if (typeof marker === "string") {
    lines.push(marker === MARKER.protocol ? `- Protocol marker: \`${marker}\`.` : `- Block marker: \`${marker}\`.`);
  }
  lines.push("", "## Artifacts", "", "- Machine report: `report.json`.", "- Trace: `trace.jsonl`.");
  if (report.case_process_started === true) {
    lines.push("- Case stdout/stderr: `backend/case.stdout.txt`, `backend/case.stderr.txt`.");
    lines.push("- Generated Case config: `backend/case-data/config.json`.");
  }
  return `${lines.join("\n")}\n`;
}

function renderTrace(d: RunDraft): string {
  return d.trace
    .map((e) => JSON.stringify({ ts: iso(d.startMs + Math.round(e.at * 1000)), event: e.event, ...e.fields }))
    .map((line) => `${line}\n`)
    .join("");
}

function render(d: RunDraft): Map<string, Contents> {
  const files = new Map<string, Contents>();
  if (d.report) {
    files.set("report.json", pretty(d.report));
    if (d.reportMd) files.set("report.md", renderReportMd(d.report));
  }
  files.set("trace.jsonl", renderTrace(d));
  for (const [file, contents] of d.files) files.set(file, contents);
  for (const edit of d.edits) edit(files);
  return files;
}

function textOf(files: Map<string, Contents>, file: string): string {
  const value = files.get(file);
  if (typeof value !== "string") throw new Error(`${file} is not a text file of this run`);
  return value;
}

/** Replace exactly one occurrence of `from` in a rendered text file. */
function replaceOnce(files: Map<string, Contents>, file: string, from: string, to: string): void {
  const text = textOf(files, file);
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`${file}: expected exactly one "${from}"`);
  files.set(file, text.slice(0, at) + to + text.slice(at + from.length));
}

/** Insert `line` after the line with 1-based number `after` of a rendered text file. */
function insertLine(files: Map<string, Contents>, file: string, after: number, line: string): void {
  const lines = textOf(files, file).split("\n");
  lines.splice(after, 0, line);
  files.set(file, lines.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The sample runs
// ---------------------------------------------------------------------------------------------

/** Every sample run, in directory-name order. */
export function sampleRuns(): RunDraft[] {
  const runs: RunDraft[] = [];
  const S = FAKE_SECRETS;

  // §8: the four outcomes the seeds describe (correct evidence).
  runs.push(startedRun("20260601T013918Z-seed-codex-protocol-fail-2381028", CODEX, { outcome: "protocol" }));
  runs.push(preflightBlockedRun("20260601T014803Z-seed-codex-auth-gap-2448172", CODEX));
  runs.push(startedRun("20260601T020117Z-seed-qwen-protocol-fail-2566310", QWEN, { outcome: "protocol" }));
  runs.push(preflightBlockedRun("20260601T020847Z-seed-qwen-missing-base-url-2619644", QWEN));

  // A clean pass on the admitted path, with its same-run fake baseline.
  runs.push(startedRun("20260602T090000Z-clean-pass-with-baseline-1000", QWEN, { outcome: "pass" }));

  // A correctly blocked missing admission for the observed fallback pair.
  runs.push(missingAdmissionRun("20260602T091500Z-blocked-missing-admission-1002", FALLBACK));

  // Gate 1: Case started before the admission check refused the run.
  {
    const d = missingAdmissionRun("20260602T100000Z-gate-started-before-admission-1010", null);
    const startedAt = 0.041;
    d.trace.splice(2, 0, { at: startedAt, event: "case_process_started", fields: { pid: 1087 } });
    d.trace.splice(5, 0, { at: 0.07, event: "case_process_exited", fields: { exit_code: -15, signal: "SIGTERM" } });
    runs.push(d);
  }

  // Gate 2: missing_admission without the marker file.
  runs.push(missingAdmissionRun("20260602T100100Z-gate-missing-marker-1001", FALLBACK, { marker: false }));

  // Gate 3: the requested env provider is not the one the admission record admits.
  {
    const d = startedRun("20260602T100200Z-gate-env-pair-mismatch-1020", QWEN, { outcome: "no-diff" });
    (d.report!.env as Record<string, string>).CTO_HARNESS_CASE_MODEL_PROVIDER = "spark1-vllm";
    runs.push(d);
  }

  // Gate 4: the isolated Case config names the fallback model (and so does gate 6).
  {
    const d = startedRun("20260602T100300Z-gate-config-model-mismatch-1030", QWEN, { outcome: "no-diff" });
    d.edits.push((files) =>
      replaceOnce(files, "backend/case-data/config.json", `"default": "${QWEN.model}"`, `"default": "${FALLBACK.model}"`),
    );
    runs.push(d);
  }

  // Gate 5: a pass report without the same-run fake baseline.
  runs.push(startedRun("20260602T100400Z-gate-pass-without-baseline-1040", QWEN, { outcome: "pass", baseline: false }));

  // Gate 6: Case fell back to a non-admitted model on the local route.
  {
    const d = startedRun("20260602T100500Z-gate-qwen-fallback-model-1050", QWEN, { outcome: "no-diff" });
    d.edits.push((files) =>
      insertLine(files, "backend/case.stdout.txt", 3, `[pi] model registry: default model ${FALLBACK.model} selected for this session`),
    );
    runs.push(d);
  }

  // Gate 7: local route started without CTO_HARNESS_CASE_LOCAL_BASE_URL.
  runs.push(startedRun("20260602T100600Z-gate-local-route-no-base-url-1060", QWEN, { outcome: "connection", baseUrl: false }));

  // Gate 8: openai-codex started without the Codex auth bridge.
  runs.push(startedRun("20260602T100700Z-gate-codex-no-auth-bridge-1070", CODEX, { outcome: "auth", authBridge: false }));

  // Gate 9: agent-protocol-error without the protocol marker.
  runs.push(startedRun("20260602T100800Z-gate-protocol-no-marker-1080", CODEX, { outcome: "protocol", protocolMarker: false }));

  // Gate 11: report.md states a different status than report.json.
  {
    const d = startedRun("20260602T100900Z-gate-report-md-disagrees-1090", CODEX, { outcome: "protocol" });
    d.edits.push((files) => replaceOnce(files, "report.md", "- Report status: `fail`.", "- Report status: `pass`."));
    runs.push(d);
  }

  // Gate 12: a copied repository (.git folder) inside the run.
  {
    const d = startedRun("20260602T101000Z-gate-copied-git-folder-1100", CODEX, { outcome: "protocol" });
    d.files.set(".git/HEAD", "ref: refs/heads/main\n");
    d.files.set(
      ".git/config",
      [
        "[core]",
        "\trepositoryformatversion = 0",
        "\tfilemode = true",
        "\tbare = false",
        '[remote "origin"]',
        "\turl = git@github.com:acme/acme-web.git",
        "\tfetch = +refs/heads/*:refs/remotes/origin/*",
        '[branch "main"]',
        "\tremote = origin",
        "\tmerge = refs/heads/main",
        "",
      ].join("\n"),
    );
    d.files.set(".git/description", "Unnamed repository; edit this file 'description' to name the repository.\n");
    d.files.set(".git/packed-refs", "# pack-refs with: peeled fully-peeled sorted \n4b825dc642cb6eb9a060e54bf8d69288fbee4904 refs/heads/main\n");
    runs.push(d);
  }

  // Gate 12: a backend log names the configured target repository path.
  {
    const d = startedRun("20260602T101100Z-gate-target-path-in-log-1110", CODEX, { outcome: "protocol" });
    d.edits.push((files) =>
      insertLine(files, "backend/harness.log", 1, logLine(d.startMs, 0.05, `workspace: copied sources from ${TARGET_REPOSITORY}`)),
    );
    runs.push(d);
  }

  // Integrity: a run-named folder whose harness crashed before writing any report.
  {
    const d = newDraft("20260602T102000Z-integrity-missing-report-1200");
    d.reportMd = false;
    d.trace.push(
      { at: 0.01, event: "run_started", fields: { run_id: d.id, task_id: d.taskId, backend: "case" } },
      { at: 0.031, event: "task_loaded", fields: { task_file: "task.json" } },
    );
    d.files.set("task.json", pretty(taskFile(d.taskId)));
    d.files.set("argv.json", pretty(argvFile(d.taskId)));
    d.files.set(
      "backend/harness.log",
      [
        logLine(d.startMs, 0.01, `run ${d.id} task ${d.taskId}`),
        `${iso(d.startMs + 45)} ERROR adapter: OSError: [Errno 28] No space left on device: 'report.json'`,
        "",
      ].join("\n"),
    );
    runs.push(d);
  }

  // Integrity: report.json that JSON.parse rejects (Python wrote NaN).
  {
    const d = missingAdmissionRun("20260602T102100Z-integrity-unparsable-report-1210", null);
    d.edits.push((files) => replaceOnce(files, "report.json", `"duration_s": 0.4`, `"duration_s": NaN`));
    runs.push(d);
  }

  // Integrity: a binary file and a log that is not valid UTF-8.
  {
    const d = startedRun("20260602T102200Z-integrity-not-text-1220", QWEN, { outcome: "protocol" });
    const header = Buffer.from("SQLite format 3\0", "latin1");
    const body = Buffer.alloc(112);
    for (let i = 0; i < body.length; i++) body[i] = (i * 37 + 0x80) & 0xff;
    d.files.set("backend/case-data/sessions.db", Buffer.concat([header, Buffer.from([0x10, 0x00, 0x01, 0x01, 0x00, 0x40, 0x20, 0x20]), body]));
    d.files.set(
      "backend/vllm-access.log",
      Buffer.concat([
        Buffer.from(`${iso(d.startMs + 2000)} POST /v1/chat/completions 200 1843 tokens\n`, "utf8"),
        Buffer.from(`${iso(d.startMs + 9000)} POST /v1/chat/completions 200 prompt="Cr\xe8me br\xfbl\xe9e"\n`, "latin1"),
      ]),
    );
    runs.push(d);
  }

  // Integrity: symlinks, one resolving inside the run and one leaving it.
  {
    const d = preflightBlockedRun("20260602T102300Z-integrity-symlinks-1230", QWEN);
    d.symlinks.set("backend/latest.log", "harness.log");
    d.symlinks.set("backend/admission.json", `../../../admissions/${QWEN.admissionFileName}`);
    runs.push(d);
  }

  // Schema: one trace line whose ts is an epoch number instead of ISO-8601.
  {
    const d = startedRun("20260602T102400Z-schema-trace-bad-line-1240", CODEX, { outcome: "protocol" });
    d.edits.push((files) => {
      insertLine(files, "trace.jsonl", 6, JSON.stringify({ ts: (d.startMs + 2500) / 1000, event: "case_stdout_chunk", bytes: 512 }));
      // A line cut short (the harness killed mid-write): not JSON at all, an integrity finding (contract §9).
      insertLine(files, "trace.jsonl", 9, JSON.stringify({ ts: iso(d.startMs + 2600), event: "case_stdout_chunk", bytes: 128 }).slice(0, 40));
    });
    runs.push(d);
  }

  // Schema: report.json finished_at is a number.
  {
    const d = preflightBlockedRun("20260602T102500Z-schema-report-bad-type-1250", QWEN);
    d.report!.finished_at = (d.startMs + 600) / 1000;
    // Copied from another run's directory: run_id must equal the directory name (contract §4).
    d.report!.run_id = "20260602T102500Z-schema-report-bad-type-1249";
    runs.push(d);
  }

  // Schema: the fake baseline's status is not in the vocabulary.
  {
    const d = startedRun("20260602T102600Z-schema-baseline-bad-status-1260", QWEN, { outcome: "pass" });
    d.edits.push((files) => replaceOnce(files, "baseline/report.json", `"status": "pass"`, `"status": "passed"`));
    runs.push(d);
  }

  // Secrets the secretlint recommended preset detects.
  {
    const d = startedRun("20260602T103000Z-secret-preset-formats-1300", CODEX, { outcome: "protocol" });
    d.edits.push((files) => {
      insertLine(files, "backend/case.stderr.txt", 1, `[pi-ai] env probe: OpenAI key ${S.openAiKey} present, ignored for openai-codex`);
      insertLine(files, "backend/harness.log", 2, logLine(d.startMs, 0.13, `release notes: gh authenticated with ${S.githubToken}`));
      const task = { ...taskFile(d.taskId), artifact_upload: {
          bucket: "acme-harness-artifacts",
          aws_access_key_id: S.awsAccessKeyId,
          aws_secret_access_key: S.awsSecretAccessKey,
        },
      };
      files.set("task.json", pretty(task));
    });
    runs.push(d);
  }

  // Harness-style leaks the preset misses.
  {
    const d = startedRun("20260602T103100Z-secret-harness-leaks-1310", QWEN, { outcome: "protocol" });
    d.files.set(
      "backend/case-requests.log",
      [
        `${iso(d.startMs + 1200)} > POST ${LOCAL_BASE_URL}/chat/completions`,
        `${iso(d.startMs + 1200)} > Content-Type: application/json`,
        `${iso(d.startMs + 1200)} > Authorization: Bearer ${S.jwt}`,
        `${iso(d.startMs + 4400)} < 200 OK (3.2 s, 1843 completion tokens)`,
        "",
      ].join("\n"),
    );
    d.trace.splice(6, 0, {
      at: 1.3,
      event: "case_tool_call",
      fields: { tool: "http_request", payload: JSON.stringify({ headers: { "content-type": "application/json" }, env: { OPENROUTER_API_KEY: S.openRouterTraceKey } }) },
    });
    d.edits.push((files) => {
      insertLine(files, "backend/harness.log", 2, logLine(d.startMs, 0.14, `result store: ${S.postgresUrl}`));
      const stderr = textOf(files, "backend/case.stderr.txt");
      files.set(
        "backend/case.stderr.txt",
        `${stderr}[case] environment at exit:\nNODE_ENV=production\nCASE_LOG_LEVEL=info\nOPENROUTER_API_KEY=${S.openRouterEnvKey}\n`,
      );
    });
    runs.push(d);
  }

  return runs.sort((a, b) => a.id.localeCompare(b.id));
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

const RUN_NAME = /^\d{8}T\d{6}Z-.+-\d+$/;

function writeTree(dir: string, files: Map<string, Contents>): void {
  for (const file of [...files.keys()].sort()) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, files.get(file)!);
  }
}

/** Where the sample runs live under the sample folder: a harness-runs root beside the registry. */
export const SAMPLE_RUNS_ROOT = "harness-runs";

/**
 * Writes the registry (`<base>/admissions/`) and every sample run (`<base>/harness-runs/<run>/`),
 * replacing earlier generated ones. Returns the run ids.
 */
export function generateSampleRuns(base: string): string[] {
  const root = path.join(base, SAMPLE_RUNS_ROOT);
  mkdirSync(root, { recursive: true });
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory() && RUN_NAME.test(entry.name)) rmSync(path.join(root, entry.name), { recursive: true, force: true });
  }
  rmSync(path.join(base, "admissions"), { recursive: true, force: true });
  const registry = new Map<string, Contents>();
  for (const [name, record] of Object.entries(admissionRecords())) registry.set(name, pretty(record));
  writeTree(path.join(base, "admissions"), registry);

  const ids: string[] = [];
  for (const draft of sampleRuns()) {
    const dir = path.join(root, draft.id);
    writeTree(dir, render(draft));
    for (const [link, target] of [...draft.symlinks].sort()) {
      mkdirSync(path.dirname(path.join(dir, link)), { recursive: true });
      symlinkSync(target, path.join(dir, link));
    }
    ids.push(draft.id);
  }
  return ids;
}

/**
 * Git cannot store a folder named `.git`, so a fresh clone lacks the copied-repository evidence.
 * This writes only those files into an existing sample folder's runs (idempotent); a test may call
 * it before auditing the committed runs. Returns the paths written, relative to the runs' root.
 */
export function restoreGitFolders(base: string): string[] {
  const root = path.join(base, SAMPLE_RUNS_ROOT);
  const written: string[] = [];
  for (const draft of sampleRuns()) {
    const gitFiles = new Map([...draft.files].filter(([file]) => file === ".git" || file.startsWith(".git/")));
    if (gitFiles.size === 0) continue;
    writeTree(path.join(root, draft.id), gitFiles);
    written.push(...[...gitFiles.keys()].map((file) => `${draft.id}/${file}`));
  }
  return written.sort();
}

function main(argv: string[]): void {
  if (argv[0] === "--restore-git") {
    const root = path.resolve(argv[1] ?? "sample-runs");
    restoreGitFolders(root);
    return;
  }
  if (argv[0]?.startsWith("-")) {
    process.stderr.write("usage: make-sample-runs [<root>] | --restore-git [<root>]\n");
    process.exitCode = 2;
    return;
  }
  const root = path.resolve(argv[0] ?? "sample-runs");
  const ids = generateSampleRuns(root);
  process.stdout.write(`wrote ${ids.length} runs to ${path.join(root, SAMPLE_RUNS_ROOT)} and the admission registry to ${path.join(root, "admissions")}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
