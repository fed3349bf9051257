import { readFileChunks } from "../evidence/directory-source.js";
import { countLineFeeds, nextLineStart } from "../evidence/line-offsets.js";
import type { SecretScanner } from "../secrets/index.js";
import type { FindingDraft } from "../types.js";
import { SecretTally } from "./secret-tally.js";
import { blankLineFinding, MAX_OCCURRENCES_PER_MODEL, scanFile, type FileScan, type Occurrence, type ScanFileOptions } from "./scan-file.js";

/**
 * A large file is cut at line starts into segments that worker threads scan at the same time, so
 * one 500 MB trace does not keep one core busy while the other waits. Each segment is scanned
 * with up to `overlapBytes` of whole lines of context on either side and owns only its own
 * lines; the parts are merged back into one FileScan with file-wide line numbers.
 */

/** Files larger than this are cut into segments of about this size. Default: 32 MiB. */
export const SEGMENT_BYTES = 32 * 1024 * 1024;
/** Context on either side of a segment: as in text windows, a secret up to this long is seen whole. */
export const SEGMENT_OVERLAP_BYTES = 64 * 1024;

export interface Segment {
  /** Line start where the segment's own bytes begin. */
  byteStart: number;
  /** Line start (or the file's end) where they stop. */
  byteEnd: number;
  last: boolean;
}

/** Segment boundaries at line starts near every `segmentBytes`; a boundary with no line feed nearby is skipped. */
export async function planSegments(absolutePath: string, size: number, segmentBytes = SEGMENT_BYTES): Promise<Segment[]> {
  const starts = [0];
  for (let target = segmentBytes; target < size; target += segmentBytes) {
    const start = await nextLineStart(absolutePath, target, size);
    if (start !== null && start > (starts[starts.length - 1] ?? 0) && start < size) starts.push(start);
  }
  return starts.map((byteStart, i) => ({ byteStart, byteEnd: starts[i + 1] ?? size, last: i === starts.length - 1 }));
}

export interface SegmentScan {
  scan: FileScan;
  /** Lines of context before the segment's own first line. */
  leadLines: number;
  /** Line feeds in the segment's own bytes. */
  ownedLines: number;
  /** Offset of the scanned text's first byte. */
  contextStart: number;
  ownedBytes: number;
}

/** Scans one segment (on a worker thread). Lines in the result are relative to the scanned text. */
export async function scanSegment(
  absolutePath: string,
  size: number,
  segment: Segment,
  scanner: SecretScanner,
  options: ScanFileOptions,
  overlapBytes = SEGMENT_OVERLAP_BYTES,
): Promise<SegmentScan> {
  const contextStart = segment.byteStart === 0 ? 0 : ((await nextLineStart(absolutePath, segment.byteStart - overlapBytes, size, overlapBytes)) ?? segment.byteStart);
  const contextEnd = segment.last ? size : ((await nextLineStart(absolutePath, segment.byteEnd + overlapBytes, size)) ?? segment.byteEnd);
  const leadLines = await countLineFeeds(absolutePath, contextStart, segment.byteStart);
  const ownedLines = await countLineFeeds(absolutePath, segment.byteStart, segment.byteEnd);
  const scan = await scanFile(readFileChunks(absolutePath, contextStart, contextEnd, { size }), scanner, {
    ...options,
    ownedLines: { first: leadLines + 1, last: segment.last ? Number.MAX_SAFE_INTEGER : leadLines + ownedLines },
  });
  return { scan, leadLines, ownedLines, contextStart, ownedBytes: segment.byteEnd - segment.byteStart };
}

/** One FileScan from the scans of a file's segments, in file order. Pure. */
export function mergeSegmentScans(parts: readonly SegmentScan[], file: string, maxOccurrencesPerModel = MAX_OCCURRENCES_PER_MODEL, maxTraceFindings = 100): FileScan {
  const secrets = new SecretTally();
  const models = new Map<string, FileScan["models"][number]>();
  const targets = new Map<number, FileScan["targets"][number]>();
  const firstLineOfEvent = new Map<string, number>();
  const traceFindings: FindingDraft[] = [];
  let events = 0;
  let bytes = 0;
  let notText: FileScan["notText"] = null;
  let isTrace = false;
  let lineBase = 0;
  const keep = <K, T extends Occurrence>(map: Map<K, T>, key: K, item: T) => {
    const seen = map.get(key);
    if (!seen) map.set(key, item);
    else map.set(key, { ...(item.line < seen.line ? item : seen), count: seen.count + item.count });
  };

  parts.forEach((part, index) => {
    const toFile = (line: number) => lineBase + line - part.leadLines;
    const { scan } = part;
    bytes += part.ownedBytes;
    secrets.addList(scan.secrets, toFile);
    for (const m of scan.models) {
      const seen = models.get(m.id);
      const places = m.occurrences.map((at) => ({ line: toFile(at.line), column: at.column }));
      if (!seen) models.set(m.id, { ...m, occurrences: places.slice(0, maxOccurrencesPerModel) });
      else {
        seen.count += m.count;
        seen.occurrences.push(...places.slice(0, maxOccurrencesPerModel - seen.occurrences.length));
      }
    }
    for (const t of scan.targets) keep(targets, t.targetIndex, { ...t, line: toFile(t.line) });
    if (scan.notText && !notText) notText = { ...scan.notText, byteOffset: part.contextStart + scan.notText.byteOffset };
    if (scan.trace) {
      isTrace = true;
      events += scan.trace.events;
      for (const [event, line] of scan.trace.firstLineOfEvent) if (!firstLineOfEvent.has(event)) firstLineOfEvent.set(event, toFile(line));
      traceFindings.push(...scan.trace.findings.map((f) => ({ ...f, line: f.line === null ? null : toFile(f.line) })));
      // A blank run at the end of a segment is a hole only when lines follow in a later one.
      const later = parts.slice(index + 1).some((p) => (p.scan.trace?.events ?? 0) > 0 || (p.scan.trace?.findings.length ?? 0) > 0);
      if (later) traceFindings.push(...scan.trace.trailingBlankLines.map((line) => blankLineFinding(file, toFile(line))));
    }
    lineBase += part.ownedLines;
  });

  return {
    bytes,
    secrets: secrets.result(),
    models: [...models.values()],
    targets: [...targets.values()],
    text: null,
    trace: isTrace
      ? { firstLineOfEvent, events, findings: traceFindings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).slice(0, maxTraceFindings), trailingBlankLines: [] }
      : null,
    notText,
  };
}
