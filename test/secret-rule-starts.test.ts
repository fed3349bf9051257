import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignmentStarts, SECRET_ASSIGNMENT } from "../rules/secrets/generic-assignment.js";

// Pieces that build keys, quotes, operators and values, and runs long enough to cross the
// lookahead's 80-character reach.
const piece = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom("api_key", "TOKEN", "Passwd", "x", "_", ".", "-", "$", '"', "'", ":", "=", "=>", ":=", " ", "\t", "\n", "é", "secretvalue9", "ke", "y") },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("a", "b", "_"), minLength: 60, maxLength: 90 }) },
);

describe("generic-assignment's match starts", () => {
  it("include every position where SECRET_ASSIGNMENT matches", () => {
    const sticky = new RegExp(SECRET_ASSIGNMENT.source, "y");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        const starts = new Set(assignmentStarts(text));
        for (let at = 0; at < text.length; at++) {
          sticky.lastIndex = at;
          if (sticky.test(text)) expect(starts.has(at), `match at ${at} of ${JSON.stringify(text)}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("are ascending, so the rule tries them in order", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const starts = assignmentStarts(pieces.join(""));
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
      }),
    );
  });
});
