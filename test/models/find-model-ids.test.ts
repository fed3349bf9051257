import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MODEL_FAMILIES } from "../../src/models/catalogue.js";
import {
  createModelIdFinder,
  findModelIds,
  modelIdsEqual,
  normalizeModelId,
} from "../../src/models/find-model-ids.js";

const ids = (text: string) => findModelIds(text).map((m) => m.id);
const allExamples = MODEL_FAMILIES.flatMap((f) => f.examples);
const allNearMisses = MODEL_FAMILIES.flatMap((f) => f.nearMisses);
const singlePass = createModelIdFinder(MODEL_FAMILIES, { prefilter: false });

describe("findModelIds", () => {
  it("reports the model part of provider-prefixed IDs with exact spans", () => {
    const text = 'fallback: anthropic/claude-sonnet-4-6, primary "openai/gpt-5.5"';
    const found = findModelIds(text);
    expect(found).toEqual([
      { id: "claude-sonnet-4-6", family: "claude", start: 20, end: 37 },
      { id: "gpt-5.5", family: "gpt", start: 55, end: 62 },
    ]);
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.id);
  });

  it("finds several IDs of different families in order", () => {
    expect(ids("tried o3-mini, then qwen3.6-35b-a3b and gemini-2.5-pro; codex-mini-latest last")).toEqual([
      "o3-mini",
      "qwen3.6-35b-a3b",
      "gemini-2.5-pro",
      "codex-mini-latest",
    ]);
  });

  it("finds IDs in paths and keeps a full stop after a tag outside the ID", () => {
    expect(ids("/srv/models/gpt-4o/config.json")).toEqual(["gpt-4o"]);
    expect(ids("pulled qwen3:8b.")).toEqual(["qwen3:8b"]);
  });

  it("never matches inside hex hashes, UUIDs or identifiers", () => {
    expect(ids("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")).toEqual([]);
    expect(ids("run 123e4567-e89b-12d3-a456-426614174000 done")).toEqual([]);
    expect(ids("my_o1 x_gpt-4o claude-sonnet-4-6_old gpt-4o-fake o1.txt")).toEqual([]);
  });

  it("is conservative about o-series IDs", () => {
    expect(ids("model o1 and o3-mini")).toEqual(["o1", "o3-mini"]);
    expect(ids("O1 O(1) /o1/ +o3+ o1/ AAo1 -o1 o1-")).toEqual([]);
    expect(ids("openai/o3")).toEqual(["o3"]);
  });

  it("never throws and every span slices to its id, in order, without overlap", () => {
    const pieces = fc.oneof(
      fc.constantFrom(...allExamples.map((e) => e.text), ...allNearMisses),
      fc.constantFrom(" ", "/", "-", ".", ":", "\\n", "\n", "_", '"', "=", "+", "@"),
      fc.string({ unit: "binary", maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }).map((p) => p.join("")), (text) => {
        const found = findModelIds(text);
        let last = 0;
        for (const m of found) {
          expect(text.slice(m.start, m.end)).toBe(m.id);
          expect(m.start).toBeGreaterThanOrEqual(last);
          expect(m.end).toBeGreaterThan(m.start);
          last = m.end;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        for (const m of findModelIds(text)) expect(text.slice(m.start, m.end)).toBe(m.id);
      }),
      { numRuns: 2000 },
    );
  });

  it("gives the same result with and without the stem prefilter", () => {
    const pieces = fc.oneof(
      fc.constantFrom(...allExamples.map((e) => e.text), ...allNearMisses),
      fc.constantFrom(" ", "/", "-", ".", ":", "\\n", "_", "us.", "anthropic.", "x", "1"),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }).map((p) => p.join("")), (text) => {
        expect(findModelIds(text)).toEqual(singlePass(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("finds an example separated by spaces from random words", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...allExamples),
        fc.stringMatching(/^[a-z ]{0,20}$/),
        fc.stringMatching(/^[a-z ]{0,20}$/),
        (example, before, after) => {
          const text = `${before} ${example.text} ${after}`;
          expect(findModelIds(text).map((m) => m.id)).toContain(example.id);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("finds nothing in random hex, UUIDs and base64", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 2048 }), fc.uuid(), (bytes, uuid) => {
        const buffer = Buffer.from(bytes);
        expect(findModelIds(`${buffer.toString("hex")} ${uuid} ${buffer.toString("base64")}`)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("each family's examples start with one of its stems", () => {
    for (const family of MODEL_FAMILIES) {
      const stem = new RegExp(`^${family.stemSource}`, "i");
      for (const example of family.examples) expect([family.family, stem.test(example.id)]).toEqual([family.family, true]);
    }
  });
});

describe("modelIdsEqual", () => {
  it("ignores case, provider prefixes and :latest", () => {
    expect(modelIdsEqual("gpt-5.5", "GPT-5.5")).toBe(true);
    expect(modelIdsEqual("openai/gpt-5.5", "gpt-5.5")).toBe(true);
    expect(modelIdsEqual("Qwen/Qwen3-8B", "qwen3-8b")).toBe(true);
    expect(modelIdsEqual("us.anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet-20241022-v2:0")).toBe(true);
    expect(modelIdsEqual("qwen3:latest", "qwen3")).toBe(true);
    expect(normalizeModelId("  Claude-Sonnet-4-6 ")).toBe("claude-sonnet-4-6");
  });

  it("tells different models apart", () => {
    expect(modelIdsEqual("gpt-5.5", "gpt-5")).toBe(false);
    expect(modelIdsEqual("qwen3:8b", "qwen3")).toBe(false);
    expect(modelIdsEqual("claude-sonnet-4-6", "claude-sonnet-4-5")).toBe(false);
  });
});
