import { createHash } from "node:crypto";
import { openReplacement } from "../output/write-output.js";
import type { Verdict } from "../types.js";
import { decodeHead, encodeHead, LF, RecordFile, TAB, type RecordHead, type RunEntry } from "./run-records.js";

/**
 * The sweep's memory between nights: each run's content fingerprint and its result. The file
 * holds findings exactly as the JSON output does — masked previews and hashes, never a secret.
 *
 * Format (version 3), one JSON text per line:
 *   {"kind":"harness-audit-sweep-state","version":3,"environment":…,"savedAt":…}
 *   <record line> for each run (see run-records.ts: head, tab, result)
 *   {"end":true,"runs":<count>,"sha256":<hash of every byte before this line>}
 * It is read as a stream: only each run's head and the place of its result are kept, and a
 * reused result is read back from the file when it is reported. A state that hashes right was
 * written as it is by this tool; made in this same environment (same tool, rules, options and
 * registry), its results are reused without checking them field by field. Anything else — a
 * hash or count that does not match (truncated, edited), a line that is not a record, a key
 * twice — discards the file. A state from another environment is kept only for the previous
 * verdicts (from its checked heads); its results are never reused. Never trusted blindly.
 */
const STATE_KIND = "harness-audit-sweep-state";
const FILE_VERSION = 3;
const CHUNK_BYTES = 1 << 20;
/** Longest header or record head accepted (a head is a relative path, an id and a hash). */
const MAX_HEAD_BYTES = 1 << 16;

export interface StoredRun extends RecordHead {
  offset: number;
  length: number;
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
}

function emptyLoad(note: string | null): LoadedState {
  return { runs: new Map(), file: null, previous: null, note };
}

/**
 * Reads the state. A missing file is a first sweep; a corrupt or foreign one, or one made in
 * another environment, is discarded (and said so) — never trusted.
 */
export async function loadState(file: string, environment: string, chunkBytes = CHUNK_BYTES): Promise<LoadedState> {
  let records: RecordFile;
  try {
    records = RecordFile.openForReading(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return emptyLoad(null);
    return emptyLoad(`state file ${file} unreadable (${code ?? "error"}); rebuilding it`);
  }
  let parsed: ParsedState | "older" | null;
  try {
    parsed = parseStateFile(records, chunkBytes);
  } catch (error) {
    records.close();
    return emptyLoad(`state file ${file} unreadable (${(error as NodeJS.ErrnoException).code ?? "error"}); rebuilding it`);
  }
  if (parsed === null || parsed === "older") {
    records.close();
    const why = parsed === "older" ? "was written by an older harness-audit" : "is corrupt or not harness-audit's";
    return emptyLoad(`state file ${file} ${why}; discarded and rebuilt`);
  }
  const previous = [...parsed.runs.values()].map((run) => ({ id: run.id, verdict: run.verdict }));
  if (parsed.environment !== environment) {
    // Results of another environment are not reused, but still tell what failed last time.
    records.close();
    return { runs: new Map(), file: null, previous, note: "tool, rules, options or registry changed since the last sweep; every run is audited again" };
  }
  return { runs: parsed.runs, file: records, previous, note: null };
}

interface ParsedState {
  environment: string;
  runs: Map<string, StoredRun>;
}

/** Streams the file once: checks header, trailer, hash and every head; keeps heads and offsets only. */
function parseStateFile(records: RecordFile, chunkBytes: number): ParsedState | "older" | null {
  const size = records.byteLength;
  const header = parseHeader(records.read(0, Math.min(size, MAX_HEAD_BYTES)));
  if (header === null || header === "older") return header;

  const tailLength = Math.min(size, MAX_HEAD_BYTES);
  const tail = records.read(size - tailLength, tailLength);
  if (tail[tail.length - 1] !== LF) return null;
  const trailerStart = size - tailLength + tail.lastIndexOf(LF, tail.length - 2) + 1;
  if (trailerStart <= 0) return null;
  const trailer = parseJson(records.read(trailerStart, size - trailerStart - 1).toString("utf8"));
  if (!isTrailer(trailer)) return null;

  const hash = createHash("sha256");
  const runs = new Map<string, StoredRun>();
  let headParts: Buffer[] = [];
  let headBytes = 0;
  // The record whose result is being passed over; null while in a line's head (or the header).
  let current: StoredRun | null = null;
  let firstLine = true;
  for (let chunkStart = 0; chunkStart < trailerStart; chunkStart += chunkBytes) {
    const chunk = records.read(chunkStart, Math.min(chunkBytes, trailerStart - chunkStart));
    hash.update(chunk);
    let from = 0;
    while (from < chunk.length) {
      if (current !== null) {
        const lf = chunk.indexOf(LF, from);
        if (lf === -1) break;
        current.length = chunkStart + lf - current.offset;
        current = null;
        from = lf + 1;
        continue;
      }
      // A head ends at its tab; the header line (already read above) at its line break.
      const tab = firstLine ? -1 : chunk.indexOf(TAB, from);
      const lf = chunk.indexOf(LF, from);
      const stop = tab !== -1 && (lf === -1 || tab < lf) ? tab : lf;
      const end = stop === -1 ? chunk.length : stop;
      headBytes += end - from;
      if (headBytes > MAX_HEAD_BYTES) return null;
      headParts.push(chunk.subarray(from, end));
      if (stop === -1) break;
      from = stop + 1;
      if (!firstLine) {
        if (stop !== tab) return null; // A line without a tab is no record.
        const decoded = decodeHead(Buffer.concat(headParts).toString("utf8"));
        if (decoded === null || runs.has(decoded.key)) return null;
        current = { ...decoded, offset: chunkStart + tab + 1, length: 0 };
        runs.set(decoded.key, current);
      }
      firstLine = false;
      headParts = [];
      headBytes = 0;
    }
  }
  if (firstLine || current !== null || headBytes !== 0) return null; // Ended inside a line.
  if (hash.digest("hex") !== trailer.sha256 || runs.size !== trailer.runs) return null;
  return { environment: header.environment, runs };
}

function parseHeader(start: Buffer): { environment: string } | "older" | null {
  const lf = start.indexOf(LF);
  const value = parseJson(start.subarray(0, lf === -1 ? start.length : lf).toString("utf8"));
  if (typeof value !== "object" || value === null) return null;
  const header = value as Record<string, unknown>;
  if (header["kind"] !== STATE_KIND) return null;
  // Version 1 was the state alone on one line; version 2 a hash header and the state as one JSON.
  if (header["version"] === 1 || header["version"] === 2) return "older";
  if (header["version"] !== FILE_VERSION || typeof header["environment"] !== "string" || typeof header["savedAt"] !== "string") return null;
  if (Object.keys(header).length !== 4 || lf === -1) return null;
  return { environment: header["environment"] };
}

function isTrailer(value: unknown): value is { end: true; runs: number; sha256: string } {
  if (typeof value !== "object" || value === null) return false;
  const t = value as Record<string, unknown>;
  return t["end"] === true && Number.isSafeInteger(t["runs"]) && typeof t["sha256"] === "string" && Object.keys(t).length === 3;
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
 * result is copied from where the sweep put it, never parsed.
 */
export function saveState(file: string, environment: string, savedAt: string, entries: Iterable<RunEntry>, outsideOf: readonly string[] = []): void {
  const out = openReplacement(file, { mode: 0o600, outsideOf: { option: "--state", inputs: outsideOf } });
  try {
    const hash = createHash("sha256");
    const write = (bytes: Buffer) => {
      hash.update(bytes);
      out.write(bytes);
    };
    write(Buffer.from(`${JSON.stringify({ kind: STATE_KIND, version: FILE_VERSION, environment, savedAt })}\n`, "utf8"));
    let count = 0;
    for (const entry of entries) {
      if (entry.fingerprint === null) continue;
      write(Buffer.from(`${encodeHead(entry)}\t`, "utf8"));
      write(entry.file.read(entry.offset, entry.length));
      write(Buffer.of(LF));
      count += 1;
    }
    out.write(Buffer.from(`${JSON.stringify({ end: true, runs: count, sha256: hash.digest("hex") })}\n`, "utf8"));
  } catch (error) {
    out.abort();
    throw error;
  }
  out.commit();
}
