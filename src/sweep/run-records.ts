import { timingSafeEqual } from "node:crypto";
import { closeSync, fstatSync, lstatSync, mkdtempSync, openSync, readSync, rmdirSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { countsOf, type RunCounts } from "../pipeline/summary.js";
import type { Masked, RunResult } from "../types.js";

/**
 * A sweep keeps no run's findings in memory: each result is written, as it completes, to a
 * record file as one line, and read back when a format or the state writer needs it. Only a
 * small entry per run stays in memory (its place in the file and the counts the summary and
 * exit code need).
 *
 * A record line is `<head JSON> TAB <result JSON> LF`. The head is
 * `[key, fingerprint, id, verdict, findings, suppressed, warnings]` (the run's counts, so that
 * the summary and the exit code need no result read back). JSON text never holds a raw tab or line
 * break, so the first tab ends the head and the line break ends the record.
 */
export interface RecordHead extends RunCounts {
  /** The run's folder relative to the root: its key in the state. */
  key: string;
  /** Content fingerprint of the run's listing; null when some entry could not be stamped. */
  fingerprint: string | null;
  id: string;
}

/** Where a record's result lies, and what the summary needs to know of it without reading it. */
export interface RunEntry extends RecordHead {
  /** Display path of the run in this sweep (a stored result may have been made elsewhere), through the masking gate. */
  path: Masked;
  file: RecordFile;
  /** Byte offset and length of the result JSON. */
  offset: number;
  length: number;
  /** The record's authentication code, for a record read from a sweep state (see state.ts). */
  mac?: string;
}

export function headOf(key: string, fingerprint: string | null, result: RunResult): RecordHead {
  return { key, fingerprint, id: result.id, ...countsOf(result) };
}

export function encodeHead(head: RecordHead): string {
  return JSON.stringify([head.key, head.fingerprint, head.id, head.verdict, head.findings, head.suppressed, head.warnings]);
}

/** The head of a record line, or null when it is not one this tool writes. */
export function decodeHead(text: string): RecordHead | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 7) return null;
  const [key, fingerprint, id, verdict, findings, suppressed, warnings] = value as unknown[];
  if (typeof key !== "string" || typeof id !== "string" || (fingerprint !== null && typeof fingerprint !== "string")) return null;
  if (verdict !== "pass" && verdict !== "fail") return null;
  if (![findings, suppressed, warnings].every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return null;
  return { key, fingerprint, id, verdict, findings: findings as number, suppressed: suppressed as number, warnings: warnings as number };
}

export const TAB = 0x09;
export const LF = 0x0a;

/**
 * A stored result that does not match its authentication code, or does not parse: the state
 * file was changed after it was checked. The file is removed, so the next sweep rebuilds it.
 */
export class StateRecordError extends Error {}

/** The authentication code a record's head and result bytes must carry. */
export type RecordAuthenticator = (head: RecordHead, body: Buffer) => string;

/**
 * A file of record lines, read and written synchronously by offset: results are small (a run's
 * findings), each read is one positioned read, and the sweep's main thread has nothing else to
 * do while a format is written.
 */
export class RecordFile {
  private size: number;
  private closed = false;

  private constructor(
    private readonly fd: number,
    private readonly onClose: () => void,
    private readonly authenticate: RecordAuthenticator | null = null,
    private readonly discard: () => void = () => {},
  ) {
    this.size = fstatSync(fd).size;
  }

  /**
   * A new, empty file only this process can reach: created in a private folder of the system's
   * temporary directory, then unlinked at once, so that nothing is left behind — not even
   * after a kill — and no other user can open it. (Where a platform cannot unlink an open file,
   * it is removed on close.)
   */
  static temporary(): RecordFile {
    const folder = mkdtempSync(path.join(tmpdir(), "harness-audit-"));
    const file = path.join(folder, "runs.records");
    const fd = openSync(file, "wx+", 0o600);
    let removed = false;
    try {
      unlinkSync(file);
      rmdirSync(folder);
      removed = true;
    } catch {
      // Removed on close instead.
    }
    return new RecordFile(fd, () => {
      if (!removed) rmSync(folder, { recursive: true, force: true });
    });
  }

  /**
   * An existing file, for reading (a sweep state). With `authenticate`, every result read back is
   * checked against its record's code first (the file may have been written to since it was
   * checked); one that fails, or does not parse, removes the file and throws StateRecordError.
   */
  static openForReading(file: string, authenticate?: RecordAuthenticator): RecordFile {
    const fd = openSync(file, "r");
    const inode = fstatSync(fd).ino;
    const discard = () => {
      try {
        if (lstatSync(file).ino === inode) rmSync(file, { force: true });
      } catch {
        // Already replaced or gone.
      }
    };
    return new RecordFile(fd, () => {}, authenticate ?? null, discard);
  }

  get byteLength(): number {
    return this.size;
  }

  /** Appends one record; returns where its result lies. */
  append(head: RecordHead, result: RunResult): { offset: number; length: number } {
    const body = JSON.stringify(result);
    const line = Buffer.from(`${encodeHead(head)}\t${body}\n`, "utf8");
    writeAll(this.fd, line, this.size);
    this.size += line.length;
    const length = Buffer.byteLength(body, "utf8");
    return { offset: this.size - length - 1, length };
  }

  /** `length` bytes from `offset`; throws if the file is shorter. */
  read(offset: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buffer, done, length - done, offset + done);
      if (n === 0) throw new Error(`record file ended at ${offset + done} of ${offset + length}`);
      done += n;
    }
    return buffer;
  }

  /** A record's result bytes, checked against its authentication code when the file has one. */
  readBody(entry: RecordHead & Pick<RunEntry, "offset" | "length" | "mac">): Buffer {
    const body = this.read(entry.offset, entry.length);
    if (this.authenticate) {
      const expected = Buffer.from(this.authenticate(entry, body), "latin1");
      const stored = Buffer.from(entry.mac ?? "", "latin1");
      if (stored.length !== expected.length || !timingSafeEqual(stored, expected)) this.fail();
    }
    return body;
  }

  /** The result a record holds, under the display path of this sweep. */
  readResult(entry: RecordHead & Pick<RunEntry, "offset" | "length" | "path" | "mac">): RunResult {
    const body = this.readBody(entry);
    let result: RunResult;
    try {
      result = JSON.parse(body.toString("utf8")) as RunResult;
    } catch {
      this.fail();
    }
    result.path = entry.path;
    return result;
  }

  private fail(): never {
    this.discard();
    throw new StateRecordError("a stored result in the sweep state no longer matches its authentication (the file was changed during the sweep); the state was removed: run the sweep again");
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    this.onClose();
  }
}

/** Writes all of `bytes` at `position` (or, without one, at the file's current position). */
export function writeAll(fd: number, bytes: Uint8Array, position?: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position === undefined ? null : position + done);
}

/** The runs of entries, read from their files one at a time, in the entries' order, as often as asked. */
export function runsOf(entries: readonly RunEntry[]): Iterable<RunResult> {
  return {
    *[Symbol.iterator]() {
      for (const entry of entries) yield entry.file.readResult(entry);
    },
  };
}
