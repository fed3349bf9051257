import { NotTextError, LineCounter, textWindows, type TextWindowOptions } from "../evidence/text-windows.js";
import { checkTraceLine } from "../evidence/schemas/trace.js";
import { findTargetPaths } from "../gates/no-target-repository.js";
import { findModelIds, type ModelIdMatch } from "../models/find-model-ids.js";
import type { SecretMatch, SecretScanner } from "../secrets/index.js";
import { SecretTally, type SecretList } from "./secret-tally.js";

export { secretOccurrences, type SecretOccurrence } from "./secret-tally.js";
import { ownCopy } from "../../rules/secrets/lib/own-copy.js";
import type { FindingDraft } from "../types.js";

/** Where something was first seen in a file, and how often. */
export interface Occurrence {
  line: number;
  column: number;
  count: number;
}

/** One place in a file (1-based). */
export interface Place {
  line: number;
  column: number;
}

/** A model ID seen in a file: every place up to the cap (`maxOccurrencesPerModel`), in file order, and how often in all. */
export interface ModelOccurrences {
  /** The ID as written. */
  id: string;
  family: string;
  occurrences: Place[];
  count: number;
}

export interface FileScan {
  bytes: number;
  /** Every distinct secret (rule and value) of the file, at its first place, with its count (see `secretOccurrences`). */
  secrets: SecretList;
  /** Model IDs seen, keyed by the ID as written. */
  models: ModelOccurrences[];
  /** Target-repository paths seen (index into the configured list). */
  targets: Array<Occurrence & { targetIndex: number }>;
  /** The whole text, when asked for and the file is small enough. */
  text: string | null;
  /**
   * For trace files: the events and the per-line schema findings. `trailingBlankLines`: blank
   * lines at the end, a finding only if events follow (in a later segment of the same file).
   */
  trace: { firstLineOfEvent: Map<string, number>; events: number; findings: FindingDraft[]; trailingBlankLines: number[] } | null;
  /** Set when the file turned out not to be text; what was scanned before still counts. */
  notText: { reason: "binary" | "invalid-utf8"; byteOffset: number } | null;
}

/** Places kept per model ID and file. */
export const MAX_OCCURRENCES_PER_MODEL = 100;

export interface ScanFileOptions extends TextWindowOptions {
  /** Relative path inside the run (for messages and rules that look at the name). */
  file: string;
  /** Keep the whole text (structured artifacts). */
  keepText: boolean;
  /** Parse as trace.jsonl. */
  trace: boolean;
  targetPaths: readonly string[];
  /** Distinct model IDs and target paths kept per file; later distinct ones are not kept (the file already has findings). Default: 200. */
  maxDistinct?: number;
  /** Places kept per model ID and file (the count goes on). Default: 100. */
  maxOccurrencesPerModel?: number;
  /**
   * Only lines `first..last` (1-based, of the text given) belong to this scan: the text is one
   * segment of a large file with context lines around it (see segments.ts). Default: all.
   */
  ownedLines?: { first: number; last: number };
}

/**
 * One streaming pass over a file: secrets, model IDs and target paths in every window, plus the
 * trace's lines when it is the trace. Secret values never leave this function.
 */
export async function scanFile(
  chunks: AsyncIterable<Uint8Array>,
  scanner: SecretScanner,
  options: ScanFileOptions,
): Promise<FileScan> {
  const maxDistinct = options.maxDistinct ?? 200;
  const secrets = new SecretTally();
  const models = new ModelTally(maxDistinct, options.maxOccurrencesPerModel ?? MAX_OCCURRENCES_PER_MODEL);
  const targets = new Map<number, Occurrence & { targetIndex: number }>();
  const textParts: string[] | null = options.keepText ? [] : null;
  const trace = options.trace ? new TraceReader(options.file, options.ownedLines) : null;
  const ownedLines = options.ownedLines;
  const lines = new LineCounter();
  let bytes = 0;
  let notText: FileScan["notText"] = null;

  const countingChunks = (async function* () {
    for await (const chunk of chunks) {
      bytes += chunk.byteLength;
      yield chunk;
    }
  })();

  try {
    for await (const window of textWindows(countingChunks, options)) {
      const owned = window.text.slice(window.ownedStart - window.offset, window.ownedEnd - window.offset);
      textParts?.push(owned);
      trace?.push(owned, window.last);
      const from = window.ownedStart - window.offset;
      const to = window.ownedEnd - window.offset;
      // A hit counts when it starts in this window's own range. Each list comes sorted by start;
      // they are located in one merged pass, in file order.
      const found = (await scanner.scan(window.text, options.file)).filter((match) => match.start >= from && match.start < to);
      const ids = findModelIds(window.text).filter((model) => model.start >= from && model.start < to);
      const paths = options.targetPaths.length > 0 ? findTargetPaths(window.text, options.targetPaths).filter((t) => t.start >= from && t.start < to) : [];
      const owns = (at: Place) => !ownedLines || (at.line >= ownedLines.first && at.line <= ownedLines.last);
      let s = 0;
      let m = 0;
      let p = 0;
      while (s < found.length || m < ids.length || p < paths.length) {
        const secretAt = found[s]?.start ?? Infinity;
        const modelAt = ids[m]?.start ?? Infinity;
        const pathAt = paths[p]?.start ?? Infinity;
        if (secretAt <= modelAt && secretAt <= pathAt) {
          const match = found[s++] as SecretMatch;
          const at = lines.locate(window.text, window.offset, window.offset + match.start);
          if (owns(at)) secrets.add(match, at.line, at.column);
        } else if (modelAt <= pathAt) {
          const model = ids[m++] as ModelIdMatch;
          const at = lines.locate(window.text, window.offset, window.offset + model.start);
          if (owns(at)) models.add(model.id, model.family, at);
        } else {
          const target = paths[p++] as (typeof paths)[number];
          const at = lines.locate(window.text, window.offset, window.offset + target.start);
          if (owns(at)) tally(targets, target.targetIndex, at, maxDistinct, () => ({ targetIndex: target.targetIndex }));
        }
      }
      lines.advance(window.text, window.offset, window.ownedEnd);
    }
  } catch (error) {
    if (!(error instanceof NotTextError)) throw error;
    notText = { reason: error.reason, byteOffset: error.byteOffset };
  }

  return {
    bytes,
    secrets: secrets.result(),
    models: models.result(),
    targets: [...targets.values()],
    text: textParts && notText === null ? textParts.join("") : null,
    trace: trace?.result() ?? null,
    notText,
  };
}

/** One more occurrence under `key`: the first keeps its place; at most `limit` distinct keys are kept. */
function tally<K, T extends Occurrence>(map: Map<K, T>, key: K, at: Place, limit: number, make: (key: K) => Omit<T, keyof Occurrence>): void {
  const seen = map.get(key);
  if (seen) seen.count++;
  else if (map.size < limit) map.set(key, { ...make(key), line: at.line, column: at.column, count: 1 } as T);
}

/** Model IDs of a file with every place up to a cap; IDs are compared as written. */
class ModelTally {
  private readonly byId = new Map<string, ModelOccurrences>();

  constructor(
    private readonly maxDistinct: number,
    private readonly maxPlaces: number,
  ) {}

  add(id: string, family: string, at: Place): void {
    const seen = this.byId.get(id);
    if (seen) {
      seen.count++;
      if (seen.occurrences.length < this.maxPlaces) seen.occurrences.push(at);
    } else if (this.byId.size < this.maxDistinct) {
      // An ID cut from a window would keep the whole window alive: it is kept as a copy.
      const kept = ownCopy(id);
      this.byId.set(kept, { id: kept, family, occurrences: [at], count: 1 });
    }
  }

  result(): ModelOccurrences[] {
    return [...this.byId.values()];
  }
}

/** Splits streamed text into lines and checks each as a trace event. */
class TraceReader {
  private pending = "";
  private lineNumber = 0;
  private events = 0;
  private readonly firstLineOfEvent = new Map<string, number>();
  private readonly findings: FindingDraft[] = [];
  private blankLines: number[] = [];
  private static readonly MAX_FINDINGS = 100;
  private static readonly MAX_LINE_CHARS = 8 * 1024 * 1024;
  private overlong = false;

  constructor(
    private readonly file: string,
    private readonly owned: { first: number; last: number } | undefined,
  ) {}

  push(text: string, last: boolean): void {
    if (this.overlong) {
      // Inside a line too long to parse: skip to its end (its secrets are still scanned).
      const end = text.indexOf("\n");
      if (end === -1) return;
      this.overlong = false;
      this.lineNumber++;
      text = text.slice(end + 1);
    }
    const lines = (this.pending + text).split("\n");
    this.pending = last ? "" : ownCopy(lines.pop() ?? "");
    if (last && lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    for (const raw of lines) this.line(raw.endsWith("\r") ? raw.slice(0, -1) : raw);
    if (this.pending.length > TraceReader.MAX_LINE_CHARS) {
      // Memory stays bounded: a trace line is not held past this size; it is a finding instead.
      this.addFinding({
        category: "schema",
        rule: "schema/trace",
        code: "TRACE_LINE_TOO_LONG",
        severity: "error",
        message: `trace line longer than ${TraceReader.MAX_LINE_CHARS} characters; not parsed as an event`,
        file: this.file,
        line: this.lineNumber + 1,
        column: null,
      });
      this.pending = "";
      this.overlong = true;
    }
  }

  private line(text: string): void {
    this.lineNumber++;
    if (this.owned && (this.lineNumber < this.owned.first || this.lineNumber > this.owned.last)) return;
    if (text.trim() === "") {
      this.blankLines.push(this.lineNumber);
      return;
    }
    // A blank line followed by more events is a hole in the trace.
    for (const blank of this.blankLines) this.addFinding(blankLineFinding(this.file, blank));
    this.blankLines = [];
    const checked = checkTraceLine(text, this.lineNumber, this.file);
    for (const finding of checked.findings) this.addFinding(finding);
    if (checked.event !== null) {
      this.events++;
      if (!this.firstLineOfEvent.has(checked.event)) this.firstLineOfEvent.set(checked.event, this.lineNumber);
    }
  }

  private addFinding(finding: FindingDraft): void {
    if (this.findings.length < TraceReader.MAX_FINDINGS) this.findings.push(finding);
  }

  result() {
    return { firstLineOfEvent: this.firstLineOfEvent, events: this.events, findings: this.findings, trailingBlankLines: this.blankLines };
  }
}

export function blankLineFinding(file: string, line: number): FindingDraft {
  return {
    category: "schema",
    rule: "schema/trace",
    code: "BLANK_TRACE_LINE",
    severity: "error",
    message: "blank line inside trace.jsonl (every line must be one JSON event)",
    file,
    line,
    column: null,
  };
}
