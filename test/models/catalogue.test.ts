import { describe, expect, it } from "vitest";
import { CatalogueError, compileCatalogue, MODEL_FAMILIES } from "../../src/models/catalogue.js";
import { createModelIdFinder, findModelIds } from "../../src/models/find-model-ids.js";

const REQUIRED_FAMILIES = ["claude", "gpt", "o-series", "codex", "gemini", "qwen", "llama", "mistral", "deepseek"];

describe("model catalogue", () => {
  it("covers the families a harness meets", () => {
    const names = MODEL_FAMILIES.map((f) => f.family);
    for (const name of REQUIRED_FAMILIES) expect(names).toContain(name);
    expect(names.length).toBeGreaterThanOrEqual(15);
  });

  for (const family of MODEL_FAMILIES) {
    describe(family.family, () => {
      const alone = createModelIdFinder([family]);

      it.each(family.examples.map((e) => [e.text, e.id]))("finds %s as %s", (text, id) => {
        expect(findModelIds(text)).toEqual([{ id, family: family.family, start: text.length - id.length, end: text.length }]);
        // The family alone finds it too (no other family is needed to match it).
        expect(alone(text).map((m) => m.id)).toEqual([id]);
      });

      it.each(family.examples.map((e) => [e.text, e.id]))("finds %s in context", (text, id) => {
        for (const wrap of [
          (t: string) => `{"case_model": "${t}"}`,
          (t: string) => `CTO_HARNESS_CASE_MODEL=${t} started`,
          (t: string) => `fell back to ${t}.`,
          (t: string) => `"line one\\n${t} failed"`,
          (t: string) => `(${t})`,
        ]) {
          const found = findModelIds(wrap(text));
          expect(found.map((m) => [m.id, m.family])).toEqual([[id, family.family]]);
        }
      });

      it.each(family.nearMisses)("finds nothing in near-miss %s", (text) => {
        expect(findModelIds(text)).toEqual([]);
        expect(findModelIds(`model: ${text} here`)).toEqual([]);
      });
    });
  }

  it("rejects a family with capturing groups or a broken regex", () => {
    const base = { family: "x", provider: "p", stems: ["x"], examples: ["x-1"], nearMisses: ["x"] };
    expect(() => compileCatalogue({ version: 1, families: [{ ...base, patterns: ["x-(1)"] }] })).toThrow(CatalogueError);
    expect(() => compileCatalogue({ version: 1, families: [{ ...base, patterns: ["x-[1"] }] })).toThrow(CatalogueError);
    expect(() => compileCatalogue({ version: 1, families: [{ ...base, patterns: ["x-1"] }, { ...base, patterns: ["y"] }] })).toThrow(
      /twice/,
    );
    expect(() => compileCatalogue({ version: 1, families: [{ ...base, stems: ["(x)"], patterns: ["x-1"] }] })).toThrow(/capturing/);
    expect(() => compileCatalogue({ version: 2, families: [] })).toThrow(CatalogueError);
    expect(compileCatalogue({ version: 1, families: [{ ...base, patterns: ["x-1"] }] })[0]?.source).toBe("(?:x-1)");
  });
});
