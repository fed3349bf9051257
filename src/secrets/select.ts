/** A flagged span before it becomes a SecretMatch: its rule, code and how specific it is. */
export interface Candidate {
  rule: string;
  messageId: string;
  start: number;
  end: number;
  specificity: number;
}

/** Candidates up to this many are checked against the kept spans by binary search; more, against a map of taken characters. */
const MAX_SEARCHED = 256;

/**
 * One candidate per secret span: when spans overlap, the most specific rule wins, then the
 * longer span, then the earlier one. Returns the winners sorted by start (and so by end).
 */
export function selectMostSpecific<T extends Candidate>(candidates: readonly T[]): T[] {
  const ranked = [...candidates].sort(
    (a, b) => b.specificity - a.specificity || b.end - b.start - (a.end - a.start) || a.start - b.start || a.rule.localeCompare(b.rule),
  );
  return ranked.length <= MAX_SEARCHED ? keepBySearch(ranked) : keepByMap(ranked);
}

/**
 * The kept spans never overlap, so sorted by start they are sorted by end too: a candidate
 * overlaps one of them exactly when it overlaps the last that starts before it ends.
 */
function keepBySearch<T extends Candidate>(ranked: readonly T[]): T[] {
  const kept: T[] = [];
  for (const candidate of ranked) {
    const before = lastStartingBefore(kept, candidate.end);
    const other = kept[before];
    if (other && other.end > candidate.start) continue;
    kept.splice(before + 1, 0, candidate);
  }
  return kept;
}

/**
 * The same, for many candidates (a line with a key every few characters has hundreds of
 * thousands): inserting each winner in order cost a shift of the winners after it, the square of
 * them when lengths vary. The characters the winners cover are marked instead; each candidate
 * reads its own span, and winners cover each character once.
 */
function keepByMap<T extends Candidate>(ranked: readonly T[]): T[] {
  let from = Infinity;
  let to = 0;
  for (const candidate of ranked) {
    from = Math.min(from, candidate.start);
    to = Math.max(to, candidate.end);
  }
  const taken = new Uint8Array(to - from);
  const kept: T[] = [];
  for (const candidate of ranked) {
    const start = candidate.start - from;
    const end = candidate.end - from;
    let free = true;
    for (let at = start; at < end; at++) {
      if (taken[at] === 1) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, start, end);
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Index of the last span (sorted by start) that starts before `end`; -1 when none does. */
function lastStartingBefore(spans: readonly Candidate[], end: number): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((spans[middle] as Candidate).start < end) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
