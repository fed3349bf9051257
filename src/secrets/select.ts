/** A flagged span before it becomes a SecretMatch: its rule, code and how specific it is. */
export interface Candidate {
  rule: string;
  messageId: string;
  start: number;
  end: number;
  specificity: number;
}

/**
 * One candidate per secret span: when spans overlap, the most specific rule wins, then the
 * longer span, then the earlier one. Returns the winners sorted by start.
 */
export function selectMostSpecific<T extends Candidate>(candidates: readonly T[]): T[] {
  const ranked = [...candidates].sort(
    (a, b) => b.specificity - a.specificity || b.end - b.start - (a.end - a.start) || a.start - b.start || a.rule.localeCompare(b.rule),
  );
  const kept: T[] = [];
  for (const candidate of ranked) {
    if (!kept.some((other) => candidate.start < other.end && other.start < candidate.end)) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}
