import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { harnessAuditRules } from "../rules/secrets/index.js";
import { rulePatterns, spanAtEnd, spanByIndices } from "../rules/secrets/lib/define-rule.js";

const FIXTURES = path.join(import.meta.dirname, "..", "rules", "secrets", "fixtures");

function fixtureTexts(): string[] {
  const texts: string[] = [];
  for (const rule of readdirSync(FIXTURES)) {
    for (const kind of ["ok", "ng"]) {
      const folder = path.join(FIXTURES, rule, kind);
      for (const file of readdirSync(folder, { withFileTypes: true })) if (file.isFile()) texts.push(readFileSync(path.join(folder, file.name), "utf8"));
    }
  }
  return texts;
}

const atEnd = harnessAuditRules.flatMap((rule) => (rulePatterns(rule.meta.id) ?? []).filter((pattern) => pattern.valueAtEnd).map((pattern) => ({ rule: rule.meta.id, pattern })));

/** Every match of `pattern` in `text`, the span by indices and the span without them. */
function spans(pattern: RegExp, text: string): Array<[unknown, unknown]> {
  const withIndices = new RegExp(pattern.source, "dg");
  const without = new RegExp(pattern.source, "g");
  const pairs: Array<[unknown, unknown]> = [];
  for (let match = withIndices.exec(text); match !== null; match = withIndices.exec(text)) {
    without.lastIndex = match.index;
    const plain = without.exec(text);
    pairs.push([spanByIndices(match), plain && plain.index === match.index ? spanAtEnd(plain) : null]);
    if (match[0].length === 0) withIndices.lastIndex++;
  }
  return pairs;
}

describe("patterns that declare valueAtEnd", () => {
  it("exist (generic assignments, flags, env dumps)", () => {
    expect(atEnd.map(({ rule, pattern }) => `${rule} ${pattern.code}`).sort()).toEqual([
      "harness-audit/env-secret ENV_SECRET",
      "harness-audit/generic-assignment SECRET_ASSIGNMENT",
      "harness-audit/generic-assignment SECRET_ASSIGNMENT",
      "harness-audit/generic-assignment SECRET_FLAG",
    ]);
  });

  it("give the same secret span without indices as with them, on every rule fixture", () => {
    let matches = 0;
    for (const text of fixtureTexts()) {
      for (const { pattern } of atEnd) {
        for (const [byIndices, byEnd] of spans(pattern.pattern, text)) {
          expect(byEnd).toEqual(byIndices);
          matches++;
        }
      }
    }
    expect(matches).toBeGreaterThan(50);
  });

  it("give the same secret span on generated assignments", () => {
    const piece = fc.constantFrom("API_KEY", "--token", "password", '"', "'", "`", ":", "=", " ", "\t", "=>", "s3cr3tV@lue", "x", ";", "\n", "\\", "{", "}");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join("");
        for (const { pattern } of atEnd) for (const [byIndices, byEnd] of spans(pattern.pattern, text)) expect(byEnd).toEqual(byIndices);
      }),
      { numRuns: 2000 },
    );
  });
});
