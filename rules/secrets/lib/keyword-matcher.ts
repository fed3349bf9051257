/**
 * Finds every keyword of a list in a text in one pass, ASCII-case-insensitively (the way
 * gitleaks lower-cases a fragment and looks for each rule's keywords). An Aho–Corasick automaton
 * over the keywords' characters: one table look-up per character of the text, whatever the number
 * of keywords — a regex alternation of the same ~150 literals scans about ten times slower. Pure.
 */

import type { Keyword } from "./keyword.js";

export type { Keyword, KeywordSpec } from "./keyword.js";

export interface CompiledKeyword {
  text: string;
  confirm: RegExp | null;
  linesAfter: number;
  through: { text: string; within: number } | null;
}

export function compileKeyword(keyword: Keyword): CompiledKeyword {
  const spec = typeof keyword === "string" ? { text: keyword } : keyword;
  const text = spec.text.toLowerCase();
  if (text.length === 0 || !/^[\x20-\x7e]+$/.test(text)) throw new Error(`keyword must be printable ASCII: ${JSON.stringify(spec.text)}`);
  const confirm = spec.confirm ? new RegExp(spec.confirm.source, spec.confirm.flags.replace(/[gy]/g, "") + "y") : null;
  return { text, confirm, linesAfter: spec.linesAfter ?? 0, through: spec.through ?? null };
}

export class KeywordMatcher {
  readonly keywords: readonly CompiledKeyword[];
  /**
   * Character class of each UTF-16 code unit: 0 for characters no keyword holds. A full table
   * (64 KiB) so that the scan loop has no branch on the character.
   */
  private readonly classes = new Uint8Array(65536);
  private readonly width: number;
  /**
   * The automaton's transitions, with states named by their row (state × width): the row of
   * the next state for (row + class), failure links folded in, plus ENDS when some keyword ends
   * in that state. Two bytes an entry, so the table (~50 KB) stays in the processor's cache.
   */
  private readonly nextRow: Uint16Array | Int32Array;
  /** The flag bit of `nextRow`. */
  private readonly ends: number;
  /** Keywords (indices) that end at each state, by row, longest first. */
  private readonly outputs: ReadonlyArray<readonly number[] | undefined>;

  constructor(keywords: readonly Keyword[]) {
    this.keywords = keywords.map(compileKeyword);
    let width = 1;
    for (const keyword of this.keywords) {
      for (const char of keyword.text) {
        const code = char.charCodeAt(0);
        if (this.classes[code] !== 0) continue;
        this.classes[code] = width;
        const upper = char.toUpperCase().charCodeAt(0);
        if (upper !== code) this.classes[upper] = width;
        width++;
      }
    }
    if (width > 255) throw new Error("too many distinct keyword characters");
    this.width = width;

    // Trie, then breadth-first failure links (Aho & Corasick 1975).
    const next: number[][] = [new Array<number>(width).fill(-1)];
    const ends: number[][] = [[]];
    this.keywords.forEach((keyword, index) => {
      let state = 0;
      for (const char of keyword.text) {
        const cls = this.classes[char.charCodeAt(0)] ?? 0;
        const row = next[state] ?? [];
        if ((row[cls] ?? -1) === -1) {
          row[cls] = next.length;
          next.push(new Array<number>(width).fill(-1));
          ends.push([]);
        }
        state = row[cls] ?? 0;
      }
      ends[state]?.push(index);
    });
    const fail = new Int32Array(next.length);
    const delta = new Int32Array(next.length * width);
    const outputs: number[][] = ends.map((list) => [...list]);
    const queue: number[] = [];
    for (let cls = 0; cls < width; cls++) {
      const child = next[0]?.[cls] ?? -1;
      delta[cls] = child === -1 ? 0 : child;
      if (child !== -1) queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] ?? 0;
      const failOutputs = outputs[fail[state] ?? 0] ?? [];
      outputs[state] = [...(outputs[state] ?? []), ...failOutputs];
      for (let cls = 0; cls < width; cls++) {
        const child = next[state]?.[cls] ?? -1;
        const viaFail = delta[(fail[state] ?? 0) * width + cls] ?? 0;
        if (child === -1) {
          delta[state * width + cls] = viaFail;
        } else {
          delta[state * width + cls] = child;
          fail[child] = viaFail;
          queue.push(child);
        }
      }
    }
    // Rows fit 15 bits for the keyword lists rules declare; a larger list gets 31.
    const small = delta.length <= 0x8000;
    this.ends = small ? 0x8000 : 0x40000000;
    const flag = this.ends;
    this.nextRow = small ? new Uint16Array(delta.length) : new Int32Array(delta.length);
    delta.forEach((state, at) => (this.nextRow[at] = state * width + ((outputs[state]?.length ?? 0) > 0 ? flag : 0)));
    const byRow: Array<readonly number[] | undefined> = [];
    outputs.forEach((ended, state) => {
      if (ended.length > 0) byRow[state * width] = ended;
    });
    this.outputs = byRow;
  }

  /** Calls `visit` with the start of every confirmed hit (and the keyword's index in `keywords`), in the order the hits end. */
  forEachHit(text: string, visit: (start: number, keyword: CompiledKeyword, index: number) => void): void {
    const { classes, nextRow, ends, outputs, keywords } = this;
    const length = text.length;
    let row = 0;
    for (let i = 0; i < length; i++) {
      const next = nextRow[row + (classes[text.charCodeAt(i)] as number)] as number;
      if (next < ends) {
        row = next;
        continue;
      }
      row = next - ends;
      const ended = outputs[row] as readonly number[];
      for (let k = 0; k < ended.length; k++) {
        const index = ended[k] as number;
        const keyword = keywords[index] as CompiledKeyword;
        const start = i - keyword.text.length + 1;
        if (keyword.confirm) {
          keyword.confirm.lastIndex = start;
          if (!keyword.confirm.test(text)) continue;
        }
        visit(start, keyword, index);
      }
    }
  }
}
