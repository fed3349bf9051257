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
 * break's offset or the text's length. Linear in the text and the hits: each line is looked up
 * once however many hits it holds, and each keyword's reach is found without searching again
 * what an earlier hit searched. `hit[i]` is set to 1 when keyword i of the matcher is hit.
 */
export function selectRanges(text: string, matcher: KeywordMatcher, hit?: Uint8Array): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const lines = new LineLookup(text);
  const reaches = new Map<CompiledKeyword, ReachFinder>();
  let lastStart = -1;
  let lastEnd = -1;
  matcher.forEachHit(text, (start, keyword, index) => {
    if (hit) hit[index] = 1;
    const reaching = keyword.linesAfter > 0 || keyword.through !== null;
    // A keyword that reaches no further than its line adds nothing inside the last range.
    if (!reaching && start >= lastStart && start < lastEnd) return;
    let end: number;
    if (reaching) {
      let reach = reaches.get(keyword);
      if (!reach) reaches.set(keyword, (reach = new ReachFinder(text, keyword, lines)));
      end = reach.endOf(start);
    } else end = lines.endOf(start);
    lastStart = lines.startOf(start);
    lastEnd = end;
    ranges.push([lastStart, lastEnd]);
  });
  return mergeRanges(ranges);
}

/** Sorted, with touching and overlapping spans merged (the spans given are left as they are). */
function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const previous = merged[merged.length - 1];
    // `+ 1`: a range starting on the line right after the previous one's end continues it.
    if (previous && range[0] <= previous[1] + 1) previous[1] = Math.max(previous[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/**
 * Start and end of the line around an offset, remembering the last line found: the hits of a
 * long line (a minified log, one JSON event of megabytes) all ask for the same line, which is
 * searched once instead of once per hit.
 */
class LineLookup {
  private start = 0;
  private end = -1;

  constructor(private readonly text: string) {}

  private find(at: number): void {
    if (at >= this.start && at <= this.end) return;
    this.start = this.text.lastIndexOf("\n", at - 1) + 1;
    const end = this.text.indexOf("\n", at);
    this.end = end === -1 ? this.text.length : end;
  }

  startOf(at: number): number {
    this.find(at);
    return this.start;
  }

  /** The offset of the line break that ends the line holding `at`, or the text's length. */
  endOf(at: number): number {
    this.find(at);
    return this.end;
  }
}

/**
 * Where the matches holding one keyword's hits can end, rounded out to a line end. Hits arrive
 * in ascending order, so the search for `through` resumes where the last one stopped, and a
 * line's `linesAfter` walk is reused by every hit on that line.
 */
class ReachFinder {
  private readonly through: RegExp | null;
  /** The first occurrence of the `through` text at or after `searchedFrom`, or -1 when there is none. */
  private nextThrough = -1;
  private searchedFrom = Number.POSITIVE_INFINITY;
  private walkedFrom = -1;
  private walkedTo = -1;

  constructor(
    private readonly text: string,
    private readonly keyword: CompiledKeyword,
    private readonly lines: LineLookup,
  ) {
    this.through = keyword.through ? new RegExp(escapeRegExp(keyword.through.text), "gi") : null;
  }

  endOf(start: number): number {
    const { text, keyword } = this;
    let end = this.lines.endOf(start);
    if (keyword.through && this.through) {
      const at = this.firstThroughAfter(end);
      if (at !== -1 && at < start + keyword.through.within) end = this.lines.endOf(at);
    }
    if (keyword.linesAfter > 0) {
      if (this.walkedFrom !== end) {
        this.walkedFrom = end;
        this.walkedTo = walkLines(text, end, keyword.linesAfter);
      }
      end = this.walkedTo;
    }
    return end;
  }

  /** The first occurrence of the `through` text after offset `from`, any case. */
  private firstThroughAfter(from: number): number {
    const regex = this.through as RegExp;
    if (from >= this.searchedFrom && (this.nextThrough === -1 || this.nextThrough > from)) return this.nextThrough;
    regex.lastIndex = from + 1;
    const found = regex.exec(this.text);
    this.searchedFrom = from;
    this.nextThrough = found ? found.index : -1;
    return this.nextThrough;
  }
}

/** The end of the line `lines` non-blank lines after the line ending at `end` (blank lines between count free). */
function walkLines(text: string, end: number, lines: number): number {
  for (let left = lines; left > 0 && end < text.length; ) {
    const next = text.indexOf("\n", end + 1);
    const lineEnd = next === -1 ? text.length : next;
    if (!isBlank(text, end + 1, lineEnd)) left--;
    end = lineEnd;
  }
  return end;
}

/** True when `text[start, end)` holds only white space (JavaScript's `\s`). */
function isBlank(text: string, start: number, end: number): boolean {
  for (let at = start; at < end; at++) if (!WHITE_SPACE.test(text[at] as string)) return false;
  return true;
}

const WHITE_SPACE = /\s/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
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
 * piece makes a text of its own): one lint call each, so that a lint call's text stays bounded.
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
