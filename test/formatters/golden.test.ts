import { describe, expect, it } from "vitest";
import type { FormatContext } from "../../src/formatters/context.js";
import { FORMAT_NAMES, formatResult, type FormatName } from "../../src/formatters/index.js";
import { FIXTURE, PLANTED_SECRETS, PREVIOUS, RULES } from "./fixture.js";
import { expectGolden } from "./golden.js";

const EXTENSION: Record<FormatName, string> = { text: "txt", json: "json", sarif: "sarif", junit: "xml", markdown: "md", github: "github.txt", html: "html" };
const CTX: FormatContext = { color: false, rules: RULES, root: "harness-runs", previous: PREVIOUS };

describe("golden output of every format for one fixture", () => {
  it.each(FORMAT_NAMES)("%s", (name) => {
    expectGolden(`fixture.${EXTENSION[name]}`, formatResult(name, FIXTURE, CTX));
  });

  it("text with colour", () => {
    expectGolden("fixture.color.txt", formatResult("text", FIXTURE, { ...CTX, color: true }));
  });
});

describe("invariants over every format", () => {
  const contexts: FormatContext[] = [CTX, { ...CTX, color: true }, { color: false, rules: [] }];

  it("no output contains any 8-character piece of a planted secret", () => {
    const pieces = PLANTED_SECRETS.flatMap((secret) =>
      Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8)),
    );
    for (const ctx of contexts) {
      for (const name of FORMAT_NAMES) {
        const output = formatResult(name, FIXTURE, ctx);
        for (const piece of pieces) expect(output.includes(piece), `${name} contains ${piece}`).toBe(false);
      }
    }
  });

  it("is byte-identical across calls and across copies of the input", () => {
    for (const ctx of contexts) {
      for (const name of FORMAT_NAMES) {
        const first = formatResult(name, FIXTURE, ctx);
        expect(formatResult(name, FIXTURE, ctx)).toBe(first);
        expect(formatResult(name, structuredClone(FIXTURE), ctx)).toBe(first);
      }
    }
  });

  it("does not mutate its input", () => {
    const before = structuredClone(FIXTURE);
    for (const name of FORMAT_NAMES) formatResult(name, FIXTURE, CTX);
    expect(FIXTURE).toEqual(before);
  });

  it("every format ends with exactly one newline", () => {
    for (const name of FORMAT_NAMES) expect(formatResult(name, FIXTURE, CTX)).toMatch(/[^\n]\n$/);
  });
});
