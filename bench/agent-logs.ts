/**
 * Agent logs in the shapes other harnesses write, for comparing speed with secretlint on evidence
 * this project's own generator does not produce: trajectories (pretty-printed JSON whose strings
 * hold whole source files and tool output as escaped text), JSONL traces of escaped JSON, and
 * backend logs with HTTP lines, package-manager and test output, TLS debug output with PEM
 * certificates and public keys, diffs and base64 attachments. The source code is real code from
 * this project's installed dependencies (pinned by package-lock.json), read when the bench runs;
 * nothing of it is copied into the project. Deterministic for the same seed and dependencies;
 * no secret is planted.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { proseLine, uuid } from "./decoys.js";
import { ALNUM, HEX, LOWER, Rng } from "./prng.js";

/** Source files of installed dependencies used as the code agents read and write. */
const CODE_FILES = [
  "lodash/lodash.js",
  "js-yaml/dist/js-yaml.js",
  "argparse/argparse.js",
  "chai/index.js",
  "zod/v4/core/schemas.js",
  "zod/v3/types.js",
  "typescript/dist/ast/scanner.js",
  "fast-check/lib/fast-check.js",
];

/** Lines of real source code, read once from `node_modules`. */
export function loadCodeLines(nodeModules: string): string[] {
  const lines: string[] = [];
  for (const file of CODE_FILES) {
    const full = path.join(nodeModules, file);
    if (existsSync(full)) lines.push(...readFileSync(full, "utf8").split("\n"));
  }
  if (lines.length === 0) throw new Error(`no source files found under ${nodeModules} (run npm ci)`);
  return lines;
}

class Writer {
  private readonly fd: number;
  written = 0;

  constructor(file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.fd = openSync(file, "w");
  }

  write(text: string): void {
    this.written += writeSync(this.fd, text);
  }

  close(): void {
    closeSync(this.fd);
  }
}

const TOOLS = ["bash", "str_replace_editor", "read_file", "search", "python", "git"];

/** A run of 20–120 consecutive source lines. */
function codeExcerpt(rng: Rng, code: readonly string[]): string {
  const length = rng.between(20, 120);
  const start = rng.int(Math.max(1, code.length - length));
  return code.slice(start, start + length).join("\n");
}

function pytestOutput(rng: Rng): string {
  const tests = Array.from({ length: rng.between(3, 12) }, () => `tests/test_${rng.chars(LOWER, 6)}.py::test_${proseLine(rng, 2).replace(/ /g, "_")} ${rng.next() < 0.9 ? "PASSED" : "FAILED"}`);
  return `============================= test session starts ==============================\nplatform linux -- Python 3.11.7, pytest-8.2.0\ncollected ${tests.length} items\n\n${tests.join("\n")}\n\n======================== ${tests.length} passed in ${rng.between(1, 90) / 10}s ========================`;
}

function diff(rng: Rng, code: readonly string[]): string {
  const file = `src/${rng.chars(LOWER, 7)}.js`;
  const body = codeExcerpt(rng, code).split("\n").slice(0, 12);
  return [`diff --git a/${file} b/${file}`, `index ${rng.chars(HEX, 10)}..${rng.chars(HEX, 10)} 100644`, `--- a/${file}`, `+++ b/${file}`, `@@ -${rng.between(1, 400)},7 +${rng.between(1, 400)},8 @@`, ...body.map((line, i) => `${i % 5 === 2 ? "-" : i % 5 === 3 ? "+" : " "}${line}`)].join("\n");
}

/** A PEM block of random base64 under a public label: what TLS and SSH debug output prints. */
function pemBlock(rng: Rng, label: string, bytes: number): string {
  const body = rng.bytes(bytes).toString("base64").match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join("\n");
}

function toolOutput(rng: Rng, code: readonly string[]): string {
  switch (rng.int(6)) {
    case 0:
      return codeExcerpt(rng, code);
    case 1:
      return pytestOutput(rng);
    case 2:
      return diff(rng, code);
    case 3:
      return `Collecting ${rng.chars(LOWER, 8)}==${rng.between(0, 9)}.${rng.between(0, 30)}.${rng.between(0, 9)}\n  Downloading https://files.pythonhosted.org/packages/${rng.chars(HEX, 2)}/${rng.chars(HEX, 2)}/${rng.chars(HEX, 60)}/${rng.chars(LOWER, 8)}-1.2.3-py3-none-any.whl (${rng.between(10, 900)} kB)\nSuccessfully installed ${rng.chars(LOWER, 8)}-1.2.3`;
    case 4:
      return `$ grep -rn "${rng.chars(LOWER, 5)}" src/\n${Array.from({ length: rng.between(2, 10) }, () => `src/${rng.chars(LOWER, 6)}.js:${rng.between(1, 900)}:${code[rng.int(code.length)] ?? ""}`).join("\n")}`;
    default:
      return `* TLS handshake, Server certificate:\n${pemBlock(rng, "CERTIFICATE", 900)}\n* Server public key:\n${pemBlock(rng, "PUBLIC KEY", 294)}\n* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384`;
  }
}

function message(rng: Rng, code: readonly string[], step: number): { role: string; content: string } {
  if (step % 2 === 0) return { role: "assistant", content: `THOUGHT: ${proseLine(rng, rng.between(10, 40))}\n\n\`\`\`bash\n${rng.pick(["cat", "sed -n 1,80p", "grep -n def", "python -m pytest -x"])} src/${rng.chars(LOWER, 6)}.py\n\`\`\`` };
  return { role: "user", content: `<returncode>0</returncode>\n<output>\n${toolOutput(rng, code)}\n</output>` };
}

/** A pretty-printed trajectory of about `bytes` (mini-SWE-agent and SWE-agent write these). */
function writeTrajectory(file: string, bytes: number, rng: Rng, code: readonly string[]): number {
  const out = new Writer(file);
  out.write(`{\n  "info": {\n    "exit_status": "Submitted",\n    "model_stats": {"instance_cost": ${rng.int(300) / 100}, "api_calls": ${rng.between(10, 80)}},\n    "submission": ${JSON.stringify(diff(rng, code))}\n  },\n  "messages": [\n`);
  for (let step = 0; out.written < bytes; step++) {
    const entry = JSON.stringify({ ...message(rng, code, step), timestamp: 1780000000 + step * 7 }, null, 2).replace(/\n/g, "\n    ");
    out.write(`${step === 0 ? "" : ",\n"}    ${entry}`);
  }
  out.write(`\n  ],\n  "trajectory_format": "mini-swe-agent-1"\n}\n`);
  out.close();
  return out.written;
}

/** A JSONL trace of about `bytes`: one event a line, tool calls and results as escaped JSON. */
function writeTrace(file: string, bytes: number, rng: Rng, code: readonly string[]): number {
  const out = new Writer(file);
  for (let step = 0; out.written < bytes; step++) {
    const ts = new Date(Date.UTC(2026, 5, 1, 1, 0, step)).toISOString();
    const call = { tool: rng.pick(TOOLS), arguments: JSON.stringify({ command: `cat src/${rng.chars(LOWER, 6)}.js`, timeout: 120 }) };
    out.write(`${JSON.stringify({ ts, event: step % 2 === 0 ? "tool_call" : "tool_result", step, call_id: uuid(rng), ...(step % 2 === 0 ? { call } : { observation: JSON.stringify({ output: toolOutput(rng, code), exit_code: 0 }) }), usage: { prompt_tokens: rng.between(900, 90000), completion_tokens: rng.between(10, 4000) } })}\n`);
  }
  out.close();
  return out.written;
}

/** A backend log of about `bytes`: request lines, tool output in the clear, TLS debug, attachments. */
function writeBackendLog(file: string, bytes: number, rng: Rng, code: readonly string[]): number {
  const out = new Writer(file);
  for (let i = 0; out.written < bytes; i++) {
    const ts = new Date(Date.UTC(2026, 5, 1, 2, 0, 0, i * 37)).toISOString();
    const kind = rng.int(20);
    if (kind < 10) out.write(`${ts} INFO  httpx: HTTP Request: POST https://api.example.com/v1/chat/completions "HTTP/1.1 200 OK" request_id=${uuid(rng)} cache_key=${rng.chars(HEX, 16)} tokens=${rng.between(100, 9000)}\n`);
    else if (kind < 17) out.write(`${ts} DEBUG tool output:\n${toolOutput(rng, code)}\n`);
    else if (kind < 19) out.write(`${ts} WARN  ${proseLine(rng)} — ${rng.pick(["retrying", "réessai", "再試行", "повтор"])} (${rng.between(1, 5)}/5)\n`);
    else out.write(`${ts} DEBUG attachment screenshot.png data:image/png;base64,${rng.bytes(rng.between(2000, 30000)).toString("base64")}\n`);
  }
  out.close();
  return out.written;
}

/** Writes `runs` run directories of about `bytesPerRun` each under `root`; returns the bytes written. */
export function writeAgentLogRoot(root: string, runs: number, bytesPerRun: number, seed: string, code: readonly string[]): number {
  let total = 0;
  for (let index = 0; index < runs; index++) {
    const rng = new Rng(`${seed}/run-${index}`);
    const run = path.join(root, `20260601T${String(index).padStart(6, "0")}Z-agentlog-${rng.chars(LOWER, 6)}-${1000 + index}`);
    total += writeTrajectory(path.join(run, "backend", `task-${rng.chars(ALNUM, 6)}.traj.json`), bytesPerRun * 0.4, rng, code);
    total += writeTrace(path.join(run, "trace.jsonl"), bytesPerRun * 0.35, rng, code);
    total += writeBackendLog(path.join(run, "backend", "case.log"), bytesPerRun * 0.25, rng, code);
  }
  return total;
}
