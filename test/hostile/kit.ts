/**
 * What the hostile tests share: a clean run to start from, fake secrets to plant, the built bin
 * run as a child (exit code, output, peak RSS), the leak check, and writers of archives that
 * well-behaved archivers refuse to make. Every input is built in a temporary folder by the test
 * that uses it; nothing here is a committed blob.
 */
import { once } from "node:events";
import { cpSync, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import { measureNode } from "../../bench/measure.js";
import { fakeGithubToken, seededRandom } from "../../scripts/make-sample-runs.js";
import { run } from "../../src/cli/cli.js";
import { FORMAT_NAMES } from "../../src/formatters/index.js";
import { buildZip as buildArchiveZip } from "../archive/build-archives.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = path.join(REPO, "dist", "src", "cli", "bin.js");
/** The bin is what users run; `npm test` builds it first (a bare `vitest` may not have). */
export const HAVE_BIN = existsSync(BIN);
export const ADMISSIONS = path.join(REPO, "sample-runs", "admissions");
export const CLEAN_RUN = "20260602T090000Z-clean-pass-with-baseline-1000";

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `ha-hostile-${prefix}-`));
}

/** A copy of the sample run that passes (against sample-runs/admissions), under `parent`. */
export function cleanRun(parent: string, name = CLEAN_RUN): string {
  const run = path.join(parent, name);
  cpSync(path.join(REPO, "sample-runs", "harness-runs", CLEAN_RUN), run, { recursive: true });
  return run;
}

/** The clean run's files, as archive entries under `prefix`. */
export function cleanRunEntries(prefix = CLEAN_RUN): Array<{ name: string; data: Buffer }> {
  const root = path.join(REPO, "sample-runs", "harness-runs", CLEAN_RUN);
  const out: Array<{ name: string; data: Buffer }> = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const inner = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(inner);
      else out.push({ name: `${prefix}/${inner}`, data: readFileSync(path.join(root, inner)) });
    }
  };
  walk("");
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** A fake GitHub token in its real format (the scanner flags it), one per label. */
export function fakeToken(label: string): string {
  return fakeGithubToken(seededRandom(`hostile:${label}`));
}

/** Every 8-character piece of a planted value found in `text` (none is the only right answer). */
export function leaks(text: string, planted: readonly string[]): string[] {
  const found: string[] = [];
  for (const value of planted) {
    for (let i = 0; i + 8 <= value.length; i++) {
      if (text.includes(value.slice(i, i + 8))) {
        found.push(`${value.slice(0, 4)}…[${i}]`);
        break;
      }
    }
  }
  return found;
}

/**
 * Every format's rendering of a `--format json` result, joined: `merge` renders any result in any
 * format, so one audit is enough to check them all for leaks.
 */
export async function everyFormat(json: string): Promise<string> {
  const file = path.join(tempDir("formats"), "result.json");
  writeFileSync(file, json);
  let out = "";
  for (const format of FORMAT_NAMES) {
    const rendered = await run(["merge", "--format", format, file]);
    if (rendered.exitCode === 2) throw new Error(`merge --format ${format} failed: ${rendered.stderr}`);
    out += rendered.stdout + rendered.stderr;
  }
  return out;
}

export interface BinOutcome {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  peakRssMb: number | null;
  timedOut: boolean;
}

/** Runs the built bin as a child, as a user would, measuring its peak RSS (/usr/bin/time, else a preload). */
export async function runBin(args: readonly string[], options: { timeoutSeconds?: number; env?: Record<string, string> } = {}): Promise<BinOutcome> {
  const workDir = tempDir("bin");
  const saved = { ...process.env };
  Object.assign(process.env, { CI: "true", ...options.env });
  try {
    const measured = await measureNode([BIN, ...args], { cwd: REPO, workDir, name: "bin", timeoutSeconds: options.timeoutSeconds ?? 300 });
    return {
      code: measured.exitCode,
      signal: measured.signal,
      stdout: readFileSync(measured.stdoutFile, "utf8"),
      stderr: readFileSync(measured.stderrFile, "utf8"),
      peakRssMb: measured.peakRssMb,
      timedOut: measured.timedOut,
    };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/** Findings of a `--format json` result, as `category rule code file` lines. */
export function findingsOf(json: string): string[] {
  const result = JSON.parse(json) as { runs: Array<{ findings: Array<{ category: string; rule: string; code: string; file: string | null }> }> };
  return result.runs.flatMap((run) => run.findings.map((f) => `${f.category} ${f.rule} ${f.code} ${f.file ?? "-"}`));
}

// ---------------------------------------------------------------------------------------------
// Archives no well-behaved archiver writes
// ---------------------------------------------------------------------------------------------

/** A ustar header block (the checksum computed). */
export function tarHeader(name: string, size: number, typeflag = "0"): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, "utf8");
  header.write("0000644\0", 100, "latin1");
  header.write("0000000\0", 108, "latin1");
  header.write("0000000\0", 116, "latin1");
  header.write(`${size.toString(8).padStart(11, "0")}\0`, 124, "latin1");
  header.write("15000000000\0", 136, "latin1");
  header.write(typeflag, 156, "latin1");
  header.write("ustar\0", 257, "latin1");
  header.write("00", 263, "latin1");
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  return header;
}

const padding = (size: number) => Buffer.alloc((512 - (size % 512)) % 512);

/** One PAX record, `len key=value\n`, its length counting itself. */
export function paxRecord(key: string, valueBytes: number): { head: string; size: number } {
  const rest = ` ${key}=`.length + valueBytes + 1;
  let length = rest + String(rest).length;
  if (String(length).length !== String(length - String(rest).length).length) length += 1;
  return { head: `${length} ${key}=`, size: length };
}

/**
 * A tar.gz of the clean run in which one file's entry is preceded by an extended header of
 * `headerBytes` ('x' PAX with a `comment`, 'g' global PAX, or 'L' GNU long name), written as a
 * stream: the header is never held whole, here either.
 */
export async function tarGzWithLongHeader(file: string, headerBytes: number, kind: "x" | "g" | "L", target = "backend/harness.log"): Promise<void> {
  const gzip = createGzip({ level: 9 });
  const out = createWriteStream(file);
  gzip.pipe(out);
  const write = async (bytes: Buffer) => {
    if (!gzip.write(bytes)) await once(gzip, "drain");
  };
  for (const entry of cleanRunEntries()) {
    if (entry.name.endsWith(`/${target}`)) {
      const record = kind === "L" ? { head: "", size: headerBytes + 1 } : paxRecord("comment", headerBytes);
      await write(tarHeader("././@LongLink", record.size, kind));
      await write(Buffer.from(record.head, "latin1"));
      const block = Buffer.alloc(1 << 20, 0x41);
      for (let left = headerBytes; left > 0; left -= block.length) await write(block.subarray(0, Math.min(left, block.length)));
      await write(Buffer.from(kind === "L" ? "\0" : "\n", "latin1"));
      await write(padding(record.size));
    }
    await write(tarHeader(entry.name, entry.data.length));
    await write(entry.data);
    await write(padding(entry.data.length));
  }
  await write(Buffer.alloc(1024));
  gzip.end();
  await once(out, "close");
}

export interface ZipSpec {
  name: string;
  data: Buffer;
  /** Stored (no compression). Default: deflated. */
  stored?: boolean;
  /** More central directory records pointing at this entry's one local header and data. */
  aliases?: string[];
}

/** test/archive's zip writer: it can point several central records at one stream, and write zip64 end records. */
export function buildZip(specs: readonly ZipSpec[]): Buffer {
  return buildArchiveZip(specs.map((spec) => ({ name: spec.name, data: spec.data, deflate: !spec.stored, ...(spec.aliases && { aliases: spec.aliases }) })));
}

/** `bytes` of log lines holding nothing secret (text, so it is scanned, not refused as binary). */
export function quietLog(bytes: number): Buffer {
  const line = Buffer.from("2026-06-02T09:00:01Z INFO worker heartbeat ok, nothing to report\n");
  const out = Buffer.alloc(bytes, 0x0a);
  for (let at = 0; at + line.length <= bytes; at += line.length) line.copy(out, at);
  return out;
}
