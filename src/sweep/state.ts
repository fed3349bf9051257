import { createHmac, timingSafeEqual, type Hmac } from "node:crypto";
import { statSync } from "node:fs";
import { openReplacement } from "../output/write-output.js";
import { fromMaskedStore } from "../secrets/mask-text.js";
import type { Verdict } from "../types.js";
import { decodeHead, encodeHead, LF, RecordFile, TAB, type RecordHead, type RunEntry } from "./run-records.js";
import { withStateLock } from "./state-lock.js";

/**
 * The sweep's memory between nights: each run's content fingerprint and its result. The file
 * holds findings exactly as the JSON output does — masked previews and hashes, never a secret.
 *
 * Format (version 4), one line each:
 *   {"kind":"harness-audit-sweep-state","version":4,"environment":…,"savedAt":…}
 *   <head JSON> TAB <result JSON> TAB <record code>       for each run (head: see run-records.ts)
 *   {"end":true,"runs":<count>,"hmac":<file code>}
 * A record code is HMAC-SHA256, under the per-user state key (state-key.ts, never in this file),
 * of the environment, the head and the result; the file code, of the header line, every record
 * code and the count. Whoever can write the file but not read the key cannot make a record
 * this tool accepts, nor move one from another state or environment, nor drop one.
 *
 * It is read as a stream: every record is checked on the way, and only its head and the place of
 * its result are kept; a reused result is checked again when it is read back (the file may have
 * been written to since). A state that fails its codes, or does not parse — a line that is not a
 * record, a key twice, a count that does not match — is discarded and rebuilt, with a note:
 * never trusted, and never a reason to stop. A sound state of another environment (tool, rules,
 * options or registry) only tells the previous verdicts; its results are never reused.
 */
const STATE_KIND = "harness-audit-sweep-state";
const FILE_VERSION = 4;
const CHUNK_BYTES = 1 << 20;
/** Longest header or record head accepted (a head is a relative path, an id and a hash). */
const MAX_HEAD_BYTES = 1 << 16;
const CODE_CHARS = 64;
const RECORD_TAG = "harness-audit state record\0";
const FILE_TAG = "harness-audit state file\0";

export interface StoredRun extends RecordHead {
  offset: number;
  length: number;
  mac: string;
}

export interface LoadedState {
  /** Runs whose results may be reused, by key: empty unless the state is sound and of this environment. */
  runs: Map<string, StoredRun>;
  /**
   * The state file, open for reading reused results: set exactly when the state is sound and of
   * this environment (so an unchanged sweep need not rewrite it); null otherwise.
   */
  file: RecordFile | null;
  /** The previous sweep's verdicts, when a sound state of any environment was found. */
  previous: Array<{ id: string; verdict: Verdict }> | null;
  note: string | null;
  /** Device, inode, size and mtime of the file as it was read; null when there was none. */
  identity: string | null;
}

function emptyLoad(note: string | null, identity: string | null = null): LoadedState {
  return { runs: new Map(), file: null, previous: null, note, identity };
}

/** What tells one version of the state file from another (a rename over it changes the inode). */
export function fileIdentity(file: string): string | null {
  try {
    const stats = statSync(file, { bigint: true });
    return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}`;
  } catch {
    return null;
  }
}

/**
 * Reads the state. A missing file is a first sweep; a corrupt, forged or foreign one, or one
 * made in another environment, is discarded (and said so) — never trusted.
 */
export async function loadState(file: string, key: Buffer, environment: string, chunkBytes = CHUNK_BYTES): Promise<LoadedState> {
  const identity = fileIdentity(file);
  let records: RecordFile;
  try {
    records = RecordFile.openForReading(file, (head, body) => recordCode(key, environment, encodeHead(head), body));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return emptyLoad(null);
    return emptyLoad(`state file ${file} unreadable (${code ?? "error"}); rebuilding it`);
  }
  let parsed: ParsedState | "older" | "forged" | null;
  try {
    parsed = parseStateFile(records, key, chunkBytes);
  } catch (error) {
    records.close();
    return emptyLoad(`state file ${file} unreadable (${(error as NodeJS.ErrnoException).code ?? "error"}); rebuilding it`, identity);
  }
  if (parsed === null || parsed === "older" || parsed === "forged") {
    records.close();
    const why =
      parsed === "older"
        ? "was written by an older harness-audit"
        : parsed === "forged"
          ? "fails its authentication (changed by hand, or written with another state key)"
          : "is corrupt or not harness-audit's";
    return emptyLoad(`state file ${file} ${why}; discarded and rebuilt`, identity);
  }
  const previous = [...parsed.runs.values()].map((run) => ({ id: run.id, verdict: run.verdict }));
  if (parsed.environment !== environment) {
    // Results of another environment are not reused, but still tell what failed last time.
    records.close();
    return { runs: new Map(), file: null, previous, note: "tool, rules, options or registry changed since the last sweep; every run is audited again", identity };
  }
  return { runs: parsed.runs, file: records, previous, note: null, identity };
}

interface ParsedState {
  environment: string;
  runs: Map<string, StoredRun>;
}

/** Streams the file once: checks header, every record's code, trailer and count; keeps heads and offsets only. */
function parseStateFile(records: RecordFile, key: Buffer, chunkBytes: number): ParsedState | "older" | "forged" | null {
  const size = records.byteLength;
  const start = records.read(0, Math.min(size, MAX_HEAD_BYTES));
  const headerEnd = start.indexOf(LF);
  const header = parseHeader(start, headerEnd);
  if (header === null || header === "older") return header;

  const tailLength = Math.min(size, MAX_HEAD_BYTES);
  const tail = records.read(size - tailLength, tailLength);
  if (tail[tail.length - 1] !== LF) return null;
  const trailerStart = size - tailLength + tail.lastIndexOf(LF, tail.length - 2) + 1;
  if (trailerStart <= headerEnd) return null;
  const trailer = parseJson(records.read(trailerStart, size - trailerStart - 1).toString("utf8"));
  if (!isTrailer(trailer)) return null;

  const fileCode = createHmac("sha256", key).update(FILE_TAG).update(start.subarray(0, headerEnd));
  const runs = new Map<string, StoredRun>();
  // Each record is a head (up to its first tab), a result (up to the second) and a code (up to the line break).
  let phase: "head" | "result" | "code" = "head";
  let parts: Buffer[] = [];
  let partBytes = 0;
  let current: StoredRun | null = null;
  let recordCodeSoFar: Hmac | null = null;
  for (let chunkStart = headerEnd + 1; chunkStart < trailerStart; chunkStart += chunkBytes) {
    const chunk = records.read(chunkStart, Math.min(chunkBytes, trailerStart - chunkStart));
    let from = 0;
    while (from < chunk.length) {
      if (phase === "result") {
        const tab = chunk.indexOf(TAB, from);
        const lf = chunk.indexOf(LF, from);
        if (lf !== -1 && (tab === -1 || lf < tab)) return null; // A record without a code.
        const end = tab === -1 ? chunk.length : tab;
        recordCodeSoFar?.update(chunk.subarray(from, end));
        if (tab === -1) break;
        (current as StoredRun).length = chunkStart + tab - (current as StoredRun).offset;
        phase = "code";
        from = tab + 1;
        continue;
      }
      // A head ends at its tab, a code at the line break.
      const stopAt = phase === "head" ? TAB : LF;
      const stop = chunk.indexOf(stopAt, from);
      const wrong = chunk.indexOf(phase === "head" ? LF : TAB, from);
      if (wrong !== -1 && (stop === -1 || wrong < stop)) return null;
      const end = stop === -1 ? chunk.length : stop;
      partBytes += end - from;
      if (partBytes > MAX_HEAD_BYTES) return null;
      parts.push(chunk.subarray(from, end));
      if (stop === -1) break;
      from = stop + 1;
      const text = Buffer.concat(parts);
      parts = [];
      partBytes = 0;
      if (phase === "head") {
        const decoded = decodeHead(text.toString("utf8"));
        if (decoded === null || runs.has(decoded.key)) return null;
        current = { ...decoded, offset: chunkStart + stop + 1, length: 0, mac: "" };
        recordCodeSoFar = recordCodeStart(key, header.environment, text);
        phase = "result";
      } else {
        const stored = text.toString("latin1");
        const expected = (recordCodeSoFar as Hmac).digest("hex");
        if (!sameCode(stored, expected)) return "forged";
        const done = current as StoredRun;
        done.mac = stored;
        runs.set(done.key, done);
        fileCode.update(stored);
        current = null;
        phase = "head";
      }
    }
  }
  if (phase !== "head" || partBytes !== 0 || current !== null) return null; // Ended inside a record.
  if (runs.size !== trailer.runs) return null;
  if (!sameCode(trailer.hmac, fileCode.update(`\0${runs.size}`).digest("hex"))) return "forged";
  return { environment: header.environment, runs };
}

function recordCodeStart(key: Buffer, environment: string, head: Buffer): Hmac {
  return createHmac("sha256", key).update(RECORD_TAG).update(environment).update("\0").update(head).update("\t");
}

/** A record's code: HMAC of the environment, the head as written and the result bytes. */
export function recordCode(key: Buffer, environment: string, head: string, body: Buffer): string {
  return recordCodeStart(key, environment, Buffer.from(head, "utf8")).update(body).digest("hex");
}

function sameCode(a: string, b: string): boolean {
  const left = Buffer.from(a, "latin1");
  const right = Buffer.from(b, "latin1");
  return left.length === CODE_CHARS && right.length === CODE_CHARS && timingSafeEqual(left, right);
}

function parseHeader(start: Buffer, lf: number): { environment: string } | "older" | null {
  const value = parseJson(start.subarray(0, lf === -1 ? start.length : lf).toString("utf8"));
  if (typeof value !== "object" || value === null) return null;
  const header = value as Record<string, unknown>;
  if (header["kind"] !== STATE_KIND) return null;
  // 1: the state alone on one line; 2: a hash header and the state as one JSON; 3: a sha-256 trailer.
  if (header["version"] === 1 || header["version"] === 2 || header["version"] === 3) return "older";
  if (header["version"] !== FILE_VERSION || typeof header["environment"] !== "string" || typeof header["savedAt"] !== "string") return null;
  if (Object.keys(header).length !== 4 || lf === -1) return null;
  return { environment: header["environment"] };
}

function isTrailer(value: unknown): value is { end: true; runs: number; hmac: string } {
  if (typeof value !== "object" || value === null) return false;
  const t = value as Record<string, unknown>;
  return t["end"] === true && Number.isSafeInteger(t["runs"]) && typeof t["hmac"] === "string" && Object.keys(t).length === 3;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Writes the state atomically (see openReplacement: a temporary file created with O_EXCL and
 * O_NOFOLLOW, flushed, then renamed), never inside `outsideOf` (the root swept). Runs without a
 * fingerprint (some entry could not be stamped) are left out: they are audited every time. Each
 * result is copied from where the sweep put it, never parsed; one copied from a previous state
 * is checked against its code on the way.
 */
export function saveState(
  file: string,
  key: Buffer,
  environment: string,
  savedAt: string,
  entries: Iterable<RunEntry>,
  outsideOf: readonly string[] = [],
): void {
  const out = openReplacement(file, { mode: 0o600, outsideOf: { option: "--state", inputs: outsideOf } });
  try {
    const header = JSON.stringify({ kind: STATE_KIND, version: FILE_VERSION, environment, savedAt });
    const fileCode = createHmac("sha256", key).update(FILE_TAG).update(header);
    out.write(`${header}\n`);
    let count = 0;
    for (const entry of entries) {
      if (entry.fingerprint === null) continue;
      const head = encodeHead(entry);
      const body = entry.file.readBody(entry);
      const code = recordCode(key, environment, head, body);
      out.write(`${head}\t`);
      out.write(body);
      out.write(`\t${code}\n`);
      fileCode.update(code);
      count += 1;
    }
    out.write(`${JSON.stringify({ end: true, runs: count, hmac: fileCode.update(`\0${count}`).digest("hex") })}\n`);
  } catch (error) {
    out.abort();
    throw error;
  }
  out.commit();
}

/**
 * Writes this sweep's results into the state under the state lock, keeping every stored result
 * this sweep did not replace from the state as it is now — not as it was when this sweep began:
 * another sweep of the same state (another shard) may have written it since, and its results
 * must not be dropped.
 */
export async function saveStateMerged(input: {
  file: string;
  key: Buffer;
  environment: string;
  savedAt: string;
  root: string;
  entries: readonly RunEntry[];
  present: ReadonlySet<string>;
  loaded: LoadedState;
  notes: string[];
}): Promise<void> {
  await withStateLock(input.file, async () => {
    const unchanged = fileIdentity(input.file) === input.loaded.identity;
    const current = unchanged ? input.loaded : await loadState(input.file, input.key, input.environment);
    try {
      if (!unchanged && current.note) input.notes.push(`while merging: ${current.note}`);
      const chosen = new Set(input.entries.map((entry) => entry.key));
      const file = current.file;
      const kept = file
        ? [...current.runs.values()].filter((run) => input.present.has(run.key) && !chosen.has(run.key)).map((run) => ({ ...run, path: fromMaskedStore(run.key), file }))
        : [];
      saveState(input.file, input.key, input.environment, input.savedAt, [...input.entries, ...kept], [input.root]);
    } finally {
      if (current !== input.loaded) current.file?.close();
    }
  });
}
