/**
 * The keyword prefilter (after gitleaks' keyword pre-check): a rule can only match where one of
 * its keywords is, so only the lines around keyword hits are linted. Pure.
 *
 * Why the result is the same as linting the whole text:
 * - every match of every rule holds one of its keywords on its first line, and reaches at most
 *   the lines that keyword declares (`linesAfter`, `through`); those lines are selected whole;
 * - selected pieces are joined by `PIECE_SEPARATOR`. Its outer characters are line breaks, so a
 *   piece's edges look to a lookbehind, lookahead or `\b` exactly as in the original (a line break
 *   or the text's edge); the NUL between them is matched by no rule that can cross a line (`\s`,
 *   the PEM base64 class, our `[^\u0000]` private-key body), so no match spans two pieces;
 * - a match that nevertheless spans two pieces is reported by `mapRange` as null, and the caller
 *   falls back to linting without the prefilter.
 */
import type { CompiledKeyword, KeywordMatcher } from "../../rules/secrets/lib/keyword-matcher.js";

export const PIECE_SEPARATOR = "\n\u0000\n";

/**
 * Line-aligned spans `[start, end)` of `text` worth linting, sorted and merged; `end` is a line
 * break's offset or the text's length. A keyword's own span is never cut, but spans stop merging
 * at `maxMerged` characters: the next one starts a span of its own, overlapping the last if need
 * be (a dense text — a key on every line — is then linted in pieces, not as one).
 */
export function selectRanges(text: string, matcher: KeywordMatcher, hitKeywords?: Set<string>, maxMerged = Infinity): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let last: [number, number] | null = null;
  matcher.forEachHit(text, (start, keyword) => {
    hitKeywords?.add(keyword.text);
    if (last && start >= last[0] && start < last[1] && keyword.linesAfter === 0 && keyword.through === null) return;
    const range: [number, number] = [text.lastIndexOf("\n", start - 1) + 1, reachOf(text, start, keyword)];
    ranges.push(range);
    last = range;
  });
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const previous = merged[merged.length - 1];
    // `+ 1`: a range starting on the line right after the previous one's end continues it.
    if (previous && range[0] <= previous[1] + 1 && Math.max(previous[1], range[1]) - previous[0] <= maxMerged) previous[1] = Math.max(previous[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

function lineEnd(text: string, at: number): number {
  const end = text.indexOf("\n", at);
  return end === -1 ? text.length : end;
}

const BLANK = /\s*/y;

function isBlankLine(text: string, start: number, end: number): boolean {
  BLANK.lastIndex = start;
  BLANK.test(text);
  return BLANK.lastIndex >= end;
}

/** Where a match that holds a hit of `keyword` at `start` can end, rounded out to a line end. */
function reachOf(text: string, start: number, keyword: CompiledKeyword): number {
  let end = lineEnd(text, start);
  if (keyword.through) {
    const limit = start + keyword.through.within;
    const needle = keyword.through.text;
    for (let at = indexOfCaseless(text, needle, start); at !== -1 && at < limit; at = indexOfCaseless(text, needle, at + 1)) {
      end = Math.max(end, lineEnd(text, at));
    }
  }
  for (let lines = keyword.linesAfter; lines > 0 && end < text.length; ) {
    const next = lineEnd(text, end + 1);
    if (!isBlankLine(text, end + 1, next)) lines--;
    end = next;
  }
  return end;
}

/** The first occurrence of `needle` at or after `from`, in upper or lower case (an ASCII-letter superset of the rules' own case). */
function indexOfCaseless(text: string, needle: string, from: number): number {
  const upper = text.indexOf(needle.toUpperCase(), from);
  const lower = needle.toLowerCase() === needle.toUpperCase() ? -1 : text.indexOf(needle.toLowerCase(), from);
  if (upper === -1) return lower;
  if (lower === -1) return upper;
  return Math.min(upper, lower);
}

/** One selected piece: `length` characters of source `source` from `sourceStart`, at `combinedStart` in the combined text. */
interface Piece {
  source: number;
  sourceStart: number;
  combinedStart: number;
  length: number;
}

/** Several texts' selected pieces joined into one text to lint once, with the way back. */
export interface CombinedText {
  text: string;
  pieces: readonly Piece[];
}

/**
 * Joins the selected ranges of each source (in order) into one text. The combined text begins
 * with a line break unless it begins at the start of a source, and ends with one unless it ends
 * at the end of a source, so the first and last pieces have the neighbours they have in place.
 */
export function combine(sources: readonly string[], rangesOf: readonly (readonly (readonly [number, number])[])[]): CombinedText {
  const parts: string[] = [];
  const pieces: Piece[] = [];
  let length = 0;
  let lastEndsSource = true;
  sources.forEach((source, index) => {
    for (const [start, end] of rangesOf[index] ?? []) {
      const separator = pieces.length === 0 ? (start === 0 ? "" : "\n") : PIECE_SEPARATOR;
      parts.push(separator, source.slice(start, end));
      length += separator.length;
      pieces.push({ source: index, sourceStart: start, combinedStart: length, length: end - start });
      length += end - start;
      lastEndsSource = end === source.length;
    }
  });
  if (pieces.length > 0 && !lastEndsSource) parts.push("\n");
  return { text: parts.join(""), pieces };
}

/**
 * The same pieces as `combine`, in texts of at most about `maxChars` characters (a single larger
 * piece makes a text of its own): one lint call each. secretlint's core removes duplicate
 * messages by comparing every message with every later one (`filterDuplicatedMessages`, a copy
 * of the rest each time), so one call with thousands of matches costs time and memory by the
 * square: 10,000 matches in one 1 Mi-character window took 65 s.
 */
export function combineInBatches(sources: readonly string[], rangesOf: readonly (readonly (readonly [number, number])[])[], maxChars: number): CombinedText[] {
  const batches: CombinedText[] = [];
  let batch: Array<Array<readonly [number, number]>> = sources.map(() => []);
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    batches.push(combine(sources, batch));
    batch = sources.map(() => []);
    size = 0;
  };
  sources.forEach((_, index) => {
    for (const range of rangesOf[index] ?? []) {
      const length = range[1] - range[0] + PIECE_SEPARATOR.length;
      if (size > 0 && size + length > maxChars) flush();
      batch[index]?.push(range);
      size += length;
    }
  });
  flush();
  return batches;
}

/** The source and source offsets of a combined-text span, or null when it is not inside one piece. */
export function mapRange(combined: CombinedText, start: number, end: number): { source: number; start: number; end: number } | null {
  const { pieces } = combined;
  let low = 0;
  let high = pieces.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((pieces[middle]?.combinedStart ?? 0) <= start) low = middle;
    else high = middle - 1;
  }
  const piece = pieces[low];
  if (!piece || start < piece.combinedStart || end > piece.combinedStart + piece.length) return null;
  const shift = piece.sourceStart - piece.combinedStart;
  return { source: piece.source, start: start + shift, end: end + shift };
}
