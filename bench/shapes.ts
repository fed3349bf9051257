/**
 * Adversarial shapes of evidence for the worst-case bench: each is one file of a run, written to
 * a size, whose content makes some stage of a scanner do more than linear work if it can. An agent
 * prints whatever it is given, so evidence is attacker-influenced: every shape here is one a log
 * can hold. Deterministic (seeded PRNG); every token is fake, made in its real format.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { codeLine, proseLine, uuid } from "./decoys.js";
import { fakePrivateKey, TOKEN_MAKERS } from "./fake-secrets.js";
import { ALNUM, HEX, Rng } from "./prng.js";

export interface Shape {
  /** Short name, used in the bench's table and for `--only`. */
  name: string;
  /** What the shape is, for the table. */
  label: string;
  /** The file's path inside its run. */
  file: string;
  /** Bytes at size n (the bench also writes 2n). */
  bytes: number;
  /** Chunks of the file in order, endlessly; the writer stops once enough bytes are written. */
  chunks(rng: Rng): Iterable<string>;
  /** Written after the last chunk (a block's end, a line's end). Default: nothing. */
  ending?: string;
  /** Distinct secrets a correct scan reports in the file at `bytes` (checked by the bench), when known. */
  distinctSecrets?: (bytes: number) => number;
}

const MB = 1e6;
const CHUNK_BYTES = 256 * 1024;

function* repeat(text: string): Iterable<string> {
  const chunk = text.repeat(Math.max(1, Math.floor(CHUNK_BYTES / text.length)));
  for (;;) yield chunk;
}

function* linesOf(make: (i: number) => string): Iterable<string> {
  for (let i = 0; ; i++) yield `${make(i)}\n`;
}

const base64 = (rng: Rng, bytes: number) => rng.bytes(bytes).toString("base64");

/** A log of `prefix`, then `unit` over and over, then `ending` (default: a line break). */
function repeated(name: string, label: string, unit: string, options: { prefix?: string; ending?: string } = {}): Shape {
  return {
    name,
    label,
    file: "backend/case.log",
    bytes: 24 * MB,
    *chunks() {
      if (options.prefix) yield options.prefix;
      yield* repeat(unit);
    },
    ending: options.ending ?? "\n",
  };
}

/** A PEM public key block: the shape TLS and SSH debug output prints. */
function publicKeyBlock(rng: Rng): string {
  const body = base64(rng, 294).match(/.{1,64}/g) ?? [];
  return ["-----BEGIN PUBLIC KEY-----", ...body, "-----END PUBLIC KEY-----"].join("\n");
}

function logLine(rng: Rng, i: number): string {
  return `2026-06-01T01:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.${String(i % 1000).padStart(3, "0")}Z INFO  ${proseLine(rng)}`;
}

const GITHUB_TOKEN_LINE_BYTES = "ghp_".length + 36 + 1;

export const SHAPES: readonly Shape[] = [
  {
    name: "pem-public-keys",
    label: "a PEM PUBLIC KEY block every 40 lines",
    file: "backend/case.log",
    bytes: 24 * MB,
    *chunks(rng) {
      for (let i = 0; ; i++) yield `${i % 40 === 0 ? publicKeyBlock(rng) : logLine(rng, i)}\n`;
    },
  },
  {
    name: "distinct-tokens",
    label: "distinct fake GitHub tokens, one a line",
    file: "backend/case.log",
    // 100,000 tokens at n, the issue's 200,000 (9 MB) at 2n.
    bytes: 100_000 * GITHUB_TOKEN_LINE_BYTES,
    chunks: (rng) => linesOf(() => TOKEN_MAKERS.github(rng)),
    distinctSecrets: (bytes) => Math.floor(bytes / GITHUB_TOKEN_LINE_BYTES),
  },
  {
    name: "keyword-every-line",
    label: "a keyword on every line (token_count=, cache_key=…)",
    file: "backend/case.log",
    bytes: 24 * MB,
    chunks: (rng) =>
      linesOf((i) => {
        const keys = ["token_count", "cache_key", "prompt_tokens", "auth_mode", "secret_ref", "password_policy", "api_key_id"];
        return `step=${i} ${rng.pick(keys)}=${rng.pick([String(rng.int(5000)), uuid(rng), "none", "sha256", proseLine(rng, 2).replace(" ", "-")])} ${proseLine(rng, 6)}`;
      }),
  },
  {
    name: "one-long-line",
    label: "one line (a minified JSON log, keywords and URLs in it)",
    file: "backend/case.log",
    bytes: 24 * MB,
    *chunks(rng) {
      yield "[";
      for (let i = 0; ; i++) {
        yield `${JSON.stringify({ step: i, tool: "bash", cmd: codeLine(rng), url: `https://api.example.com/v1/items/${rng.int(1e6)}`, usage: { prompt_tokens: rng.int(9000), cache_key: rng.chars(HEX, 16) }, note: proseLine(rng) })},`;
      }
    },
    ending: "{}]\n",
  },
  {
    name: "broken-private-keys",
    label: "broken PRIVATE KEY blocks repeated (BEGIN, 64 chars, -----END)",
    file: "backend/case.log",
    bytes: 24 * MB,
    chunks: (rng) => repeat(`-----BEGIN PRIVATE KEY-----${rng.chars(ALNUM, 64)}-----END`),
  },
  repeated("begin-lines-one-end", "-----BEGIN PRIVATE KEY----- lines, one -----END at the end", "-----BEGIN PRIVATE KEY-----\n", { ending: "-----END PRIVATE KEY-----\n" }),
  repeated("rsa-begin-no-end", "-----BEGIN RSA PRIVATE KEY----- lines, no END", "-----BEGIN RSA PRIVATE KEY-----\n", { ending: "" }),
  repeated("key-headers-one-line", "-----BEGINPRIVATE KEY----- repeated on one line (found by recheck)", "-----BEGINPRIVATE KEY----- "),
  repeated("escaped-quotes", 'one line " then \\" repeated', '\\"', { prefix: '"' }),
  repeated("authtoken-blank-lines", "_authToken then blank lines", "\n", { prefix: "//registry.npmjs.org/:_authToken=\n", ending: "" }),
  repeated("authorization-repeated", "Authorization: repeated on one line, then $", "Authorization:", { ending: "$\n" }),
  repeated("bundle-underscores", "BUNDLE_ then A__ repeated", "A__", { prefix: "BUNDLE_" }),
  repeated("bundle-assignments", "BUNDLE_N__UB= repeated on one line (found by recheck)", "BUNDLE_N__UB="),
  repeated("api-key-one-line", " API_KEY= repeated on one line", " API_KEY="),
  {
    name: "escaped-json-code",
    label: "trace lines of escaped JSON holding source code",
    file: "trace.jsonl",
    bytes: 24 * MB,
    chunks: (rng) =>
      linesOf((i) => {
        const file = Array.from({ length: rng.between(20, 80) }, () => codeLine(rng)).join("\n");
        const observation = JSON.stringify({ returncode: 0, output: `cat src/${proseLine(rng, 1)}.ts\n${file}\n` });
        return JSON.stringify({ event: "tool_result", step: i, role: "tool", content: observation, extra: { thought: proseLine(rng), cwd: "/workspace/repo" } });
      }),
  },
  {
    name: "base64-blobs",
    label: "long base64 blobs (attachments, screenshots)",
    file: "backend/case.log",
    bytes: 24 * MB,
    chunks: (rng) => linesOf((i) => `attachment ${i} image/png;base64,${base64(rng, 48 * 1024)}`),
  },
  {
    name: "private-keys-plain",
    label: "real-format PEM private key blocks among log lines",
    file: "backend/case.log",
    bytes: 24 * MB,
    *chunks(rng) {
      for (let i = 0; ; i++) yield `${i % 200 === 0 ? fakePrivateKey(rng) : logLine(rng, i)}\n`;
    },
  },
];

/** Writes `shape` into `<root>/<run>/<shape.file>` at about `bytes`; returns the bytes written. */
export function writeShape(shape: Shape, runDir: string, bytes: number, seed: string): number {
  const file = path.join(runDir, shape.file);
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  let written = 0;
  try {
    for (const chunk of shape.chunks(new Rng(`${seed}/${shape.name}`))) {
      const room = bytes - written - Buffer.byteLength(shape.ending ?? "");
      if (room <= 0) break;
      const part = chunk.length > room ? chunk.slice(0, room) : chunk;
      written += writeSync(fd, part);
    }
    if (shape.ending) written += writeSync(fd, shape.ending);
  } finally {
    closeSync(fd);
  }
  return written;
}

/** A run of `count` tiny files (a few lines each, some with a keyword), under `runDir/backend/files/`. */
export function writeTinyFiles(runDir: string, count: number, seed: string): number {
  const rng = new Rng(`${seed}/tiny`);
  const dir = path.join(runDir, "backend", "files");
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = `${logLine(rng, i)}\n${i % 7 === 0 ? `cache_key=${rng.chars(HEX, 16)} token_count=${rng.int(900)}\n` : ""}${proseLine(rng)}\n`;
    const fd = openSync(path.join(dir, `step-${String(i).padStart(5, "0")}.log`), "w");
    bytes += writeSync(fd, text);
    closeSync(fd);
  }
  return bytes;
}
