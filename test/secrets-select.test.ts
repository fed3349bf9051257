import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { selectMostSpecific, type Candidate } from "../src/secrets/select.js";

/** The rule as first written: each candidate, best first, kept unless it overlaps one kept before. */
function reference<T extends Candidate>(candidates: readonly T[]): T[] {
  const ranked = [...candidates].sort(
    (a, b) => b.specificity - a.specificity || b.end - b.start - (a.end - a.start) || a.start - b.start || a.rule.localeCompare(b.rule),
  );
  const kept: T[] = [];
  for (const candidate of ranked) {
    if (!kept.some((other) => candidate.start < other.end && other.start < candidate.end)) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

const candidate: fc.Arbitrary<Candidate> = fc
  .record({
    rule: fc.constantFrom("a", "b", "c"),
    messageId: fc.constant("M"),
    start: fc.integer({ min: 0, max: 60 }),
    length: fc.integer({ min: 1, max: 15 }),
    specificity: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ length, ...rest }) => ({ ...rest, end: rest.start + length }));

describe("selectMostSpecific", () => {
  it("keeps exactly what comparing every pair would keep", () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 40 }), (candidates) => {
        expect(selectMostSpecific(candidates)).toEqual(reference(candidates));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps exactly the same among hundreds of candidates (the winners marked on a map)", () => {
    fc.assert(
      fc.property(fc.array(candidate, { minLength: 257, maxLength: 600 }), (candidates) => {
        expect(selectMostSpecific(candidates)).toEqual(reference(candidates));
      }),
      { numRuns: 50 },
    );
  });

  it("the winners never overlap and a more specific rule beats a longer span", () => {
    const kept = selectMostSpecific([
      { rule: "generic", messageId: "M", start: 0, end: 30, specificity: 1 },
      { rule: "openai", messageId: "M", start: 5, end: 25, specificity: 3 },
      { rule: "other", messageId: "M", start: 30, end: 40, specificity: 1 },
    ]);
    expect(kept.map((c) => c.rule)).toEqual(["openai", "other"]);
  });
});
