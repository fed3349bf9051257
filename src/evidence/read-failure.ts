import type { FindingDraft } from "../types.js";
import { ArchiveError } from "./archive/archive-error.js";
import { MAX_EXTENDED_HEADER_BYTES } from "./archive/tar-reader.js";
import type { RejectedEntry } from "./source.js";

/**
 * A listed file that is no longer what the listing said when it is read: evidence changing
 * under the auditor. Each is an `integrity` finding of its run (what was read may not be what
 * the run left behind), never a pass and never the end of the whole audit.
 */
export const EVIDENCE_CHANGES = {
  /** The file was deleted between listing and reading. */
  FILE_VANISHED: "was deleted during the audit and could not be scanned",
  /** It is no longer a regular file (a FIFO, socket, device, folder or link took its place). */
  FILE_TYPE_CHANGED: "is no longer a regular file and was not read",
  /** Another file took its place (a different inode). */
  FILE_REPLACED: "was replaced by another file during the audit and was not read",
  /** Fewer bytes could be read than the listing gave. */
  FILE_SHRANK: "shrank during the audit: what was cut off was never scanned",
  /** More bytes than the listing gave: it was still being written. */
  FILE_GREW: "grew during the audit: evidence still being written cannot be audited",
} as const;

export type EvidenceChange = keyof typeof EVIDENCE_CHANGES;

/** The rule of those findings. */
export const CHANGED_RULE = "integrity/changed";

/**
 * Thrown while reading a file that changed. The code also travels in `cause`: an error thrown on
 * a scanning thread reaches this one as a structured clone, which keeps `cause` but not `code`.
 */
export class EvidenceChangedError extends Error {
  constructor(
    readonly change: EvidenceChange,
    /** What was seen, e.g. "a FIFO", "41 of 525140061 bytes": sizes and kinds, never content. */
    readonly detail: string | null = null,
  ) {
    super(`${EVIDENCE_CHANGES[change]}${detail ? ` (${detail})` : ""}`, { cause: { evidenceChange: change, detail } });
  }
}

/** The change an error (possibly a clone from another thread) reports, or null. */
export function evidenceChangeOf(error: unknown): { change: EvidenceChange; detail: string | null } | null {
  if (error instanceof EvidenceChangedError) return { change: error.change, detail: error.detail };
  const cause = (error as { cause?: { evidenceChange?: unknown; detail?: unknown } } | null)?.cause;
  const change = cause?.evidenceChange;
  if (typeof change !== "string" || !Object.hasOwn(EVIDENCE_CHANGES, change)) return null;
  return { change: change as EvidenceChange, detail: typeof cause?.detail === "string" ? cause.detail : null };
}

/** Archives that would make the reader spend without bound (bombs, huge headers, hidden entries). */
export const ARCHIVE_LIMIT_RULE = "integrity/archive-limit";

/** The finding for a file that could not be scanned: changed evidence, an archive limit, or unreadable. */
export function readFailureFinding(file: string, error: unknown): FindingDraft {
  const finding = (rule: string, code: string, message: string): FindingDraft => ({
    category: "integrity",
    rule,
    code,
    severity: "error",
    message: `${file} ${message}`,
    file,
    line: null,
    column: null,
  });
  const changed = evidenceChangeOf(error);
  if (changed) return finding(CHANGED_RULE, changed.change, new EvidenceChangedError(changed.change, changed.detail).message);
  if (error instanceof ArchiveError && error.code === "INFLATE_BUDGET_EXCEEDED") {
    return finding(ARCHIVE_LIMIT_RULE, error.code, `could not be read in full: ${error.message}`);
  }
  const code = (error as NodeJS.ErrnoException | null)?.code ?? "error";
  return finding("integrity/unreadable", "UNREADABLE_FILE", `could not be read (${code})`);
}

/** A file whose scan read a different number of bytes than it was listed with (null: as listed). */
export function sizeChangeFinding(file: string, listedBytes: number, readBytes: number): FindingDraft | null {
  if (readBytes === listedBytes) return null;
  const change = readBytes < listedBytes ? "FILE_SHRANK" : "FILE_GREW";
  return readFailureFinding(file, new EvidenceChangedError(change, `${readBytes} bytes read, ${listedBytes} listed`));
}

const REJECTIONS: Record<RejectedEntry["reason"], { rule: string; code: string; why: string }> = {
  "absolute-path": { rule: "integrity/path-escape", code: "ABSOLUTE_PATH", why: "rejected (absolute-path) and not read" },
  "path-escape": { rule: "integrity/path-escape", code: "PATH_ESCAPE", why: "rejected (path-escape) and not read" },
  "invalid-name": { rule: "integrity/path-escape", code: "INVALID_ENTRY_NAME", why: "rejected (invalid-name) and not read" },
  "header-too-large": {
    rule: ARCHIVE_LIMIT_RULE,
    code: "HEADER_TOO_LARGE",
    why: `not read: one of its extended headers (PAX or GNU long name) is over the ${MAX_EXTENDED_HEADER_BYTES}-byte cap`,
  },
  "overlapping-data": { rule: ARCHIVE_LIMIT_RULE, code: "OVERLAPPING_ENTRIES", why: "not read: its data overlaps another entry's (a zip bomb's way to inflate one stream many times)" },
  "unlisted-entries": { rule: ARCHIVE_LIMIT_RULE, code: "UNLISTED_ENTRIES", why: "" },
  "budget-exceeded": { rule: ARCHIVE_LIMIT_RULE, code: "INFLATE_BUDGET_EXCEEDED", why: "" },
  "unreadable-rest": { rule: "integrity/unreadable", code: "ARCHIVE_CORRUPT", why: "" },
};

/** The finding for an archive entry (or the part of an archive) the source would not expose or read. */
export function rejectedEntryFinding(rejected: RejectedEntry): FindingDraft {
  const { rule, code, why } = REJECTIONS[rejected.reason];
  const message =
    rejected.reason === "unlisted-entries"
      ? "the zip's central directory holds more entries than its end record declares; those were not read"
      : rejected.rawName === ""
        ? `the rest of the archive was not read: ${rejected.detail ?? rejected.reason}`
        : `entry ${JSON.stringify(rejected.rawName)} was ${why}`;
  return { category: "integrity", rule, code, severity: "error", message, file: rejected.rawName === "" ? null : rejected.rawName, line: null, column: null };
}
