import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64AndHexRuns, decodedViews, forEachStringLiteral, isMemberLine } from "../src/secrets/decode.js";

describe("decodedViews", () => {
  it("decodes JSON escapes, base64, base64url, hex and percent runs with their spans", () => {
    const plain = "user:s3cret-passw0rd";
    const text = [
      `"a\\u002db\\/c"`,
      Buffer.from(plain).toString("base64"),
      Buffer.from(`${plain}??>>`).toString("base64url"),
      Buffer.from(plain).toString("hex"),
      encodeURIComponent(`${plain}@host`),
    ].join(" ");
    const views = decodedViews(text).filter((view) => !view.decoding.includes(">"));
    expect(views.map((view) => [view.decoding, view.text])).toEqual([
      ["json-string", "a-b/c"],
      ["base64", plain],
      ["base64url", `${plain}??>>`],
      ["hex", plain],
      ["percent", `${plain}@host`],
    ]);
    for (const view of views) expect(view.end).toBeGreaterThan(view.start);
    expect(text.slice(views[1]?.start, views[1]?.end)).toBe(Buffer.from(plain).toString("base64"));
  });

  it("decodes base64 right after `=` or `:` (logfmt, flags)", () => {
    const blob = Buffer.from("API_KEY=abcdefghijklmnop123").toString("base64");
    for (const text of [`context_b64=${blob}`, `--context-b64=${blob}`, `context_b64:${blob}`]) {
      expect(decodedViews(text).map((view) => [view.decoding, text.slice(view.start, view.end)]), text).toEqual([["base64", blob]]);
    }
  });

  it("does not decode plain strings, hashes or binary base64", () => {
    const text = `"no escapes here" ${"ab".repeat(32)} ${Buffer.from([0, 1, 2, 250, 251, 252, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]).toString("base64")}`;
    expect(decodedViews(text)).toEqual([]);
  });

  it("nests: a JSON string holding JSON holding base64 keeps the line's span and the chain", () => {
    const inner = Buffer.from("token=abcdefghijklmnop123").toString("base64");
    const text = JSON.stringify({ payload: JSON.stringify({ blob: `x\n${inner}` }) });
    const views = decodedViews(text);
    expect(views.map((view) => view.decoding)).toEqual(["json-string>json-string", "json-string>json-string>base64"]);
    expect(views[0]?.text).toBe(`blob: x\n${inner}`);
    for (const view of views) expect([view.start, view.end]).toEqual([0, text.length]);
  });

  it("keeps the keys of a JSON line: one view of `key: value` lines for the values escapes hid", () => {
    const text = [
      `{"ts":"2026-06-02T00:00:00Z","VLLM_TOKEN":"\\u0041bcdefgh123","plain":"visible-value","tool_result":${JSON.stringify(JSON.stringify({ note: "inner value", n: 1 }))}}`,
      `    "X-Api-\\u004bey": "unchanged-value",`,
      `request body {"Authorization":"\\u0042earer abc;def 123","stream":false} and "a\\u002db-c-d-e" after`,
      `[case] debug: not json "x\\u002dy-z-0-1"`,
    ].join("\n");
    const views = decodedViews(text).map((view) => [view.decoding, view.text, text.slice(view.start, view.end)]);
    const lines = text.split("\n");
    expect(views).toEqual([
      ["json-string", 'VLLM_TOKEN: "Abcdefgh123"\nnote: "inner value"', lines[0]],
      ["json-string", 'X-Api-Key: "unchanged-value"', lines[1]?.trim().replace(/,$/, "")],
      ["json-string", 'Authorization: "Bearer abc;def 123"', lines[2]?.slice(13, lines[2].indexOf("} and") + 1)],
      ["json-string", "a-b-c-d-e", "a\\u002db-c-d-e"],
      ["json-string", "x-y-z-0-1", "x\\u002dy-z-0-1"],
    ]);
  });

  it("shows a value of JSON in a JSON string that the text shows as it is only beside a telling key", () => {
    const isTellingKey = (key: string) => /key|token/i.test(key);
    const inner = { note: "used abcdefgh123 today", api_key: "abcdefgh123", list: ["item-one-long"] };
    const line = JSON.stringify({ stdout: JSON.stringify(inner) });
    expect(decodedViews(line, { isTellingKey }).map((view) => view.text)).toEqual(['api_key: "abcdefgh123"']);
    // an unusual escape in the enclosing string hides every value inside: all are shown
    const hidden = line.replace("used", "\\u0075sed").replace("item", "\\u0069tem");
    expect(decodedViews(hidden, { isTellingKey }).map((view) => view.text)).toEqual([
      'note: "used abcdefgh123 today"\napi_key: "abcdefgh123"\nlist: "item-one-long"',
    ]);
  });

  it("has no cap: decodes every one of 6,000 escaped JSON lines and a segment over 1 MiB", () => {
    const lines = Array.from({ length: 6000 }, (_, i) => JSON.stringify({ payload: JSON.stringify({ step: `step ${i} done` }) }));
    const big = Buffer.from(`${"log line ".repeat(150_000)}end`).toString("base64");
    const views = decodedViews(`${lines.join("\n")}\n${big}\n`);
    expect(views.filter((view) => view.decoding === "json-string")).toHaveLength(6000);
    expect(views.find((view) => view.decoding === "json-string")?.text).toBe('step: "step 0 done"');
    expect(views.some((view) => view.decoding === "base64" && view.text.endsWith("end") && view.end - view.start > 1 << 20)).toBe(true);
  });

  it("never throws and keeps every span inside the text, on any input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), fc.string({ unit: "binary", maxLength: 200 }), (a, b) => {
        const text = a + JSON.stringify(b) + Buffer.from(b).toString("base64") + encodeURIComponent(b);
        for (const view of decodedViews(text)) {
          expect(view.start).toBeGreaterThanOrEqual(0);
          expect(view.end).toBeLessThanOrEqual(text.length);
          expect(view.start).toBeLessThan(view.end);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("base64AndHexRuns", () => {
  const BASE64 = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])/g;
  const HEX = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){12,}(?![0-9A-Fa-f])/g;
  const spans = (text: string, regex: RegExp) => [...text.matchAll(regex)].flatMap((m) => [m.index, m.index + m[0].length]);
  // Few characters, so that runs of every length near 24 and their edges come up often.
  const piece = fc.oneof(
    fc.constantFrom("a", "F", "9", "+", "/", "-", "_", "=", " ", "\n", ".", "é", "g"),
    fc.string({ unit: fc.constantFrom("a", "b", "0", "F"), minLength: 20, maxLength: 30 }),
  );

  it("finds exactly the spans of the base64 and hex regexes it replaces", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join("");
        const runs = base64AndHexRuns(text);
        expect(runs.base64).toEqual(spans(text, BASE64));
        expect(runs.hex).toEqual(spans(text, HEX));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("forEachStringLiteral", () => {
  const JSON_STRING = /"((?:[^"\\\r\n]|\\.){2,})"/g;
  const piece = fc.constantFrom('"', "\\", '\\"', "a", "b", " ", "\n", "\r", "\u2028", "\\u0041", "é");

  it("finds exactly the string bodies of the regex it replaces, and whether each holds an escape", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const line = pieces.join("");
        const found: Array<[number, number, boolean]> = [];
        forEachStringLiteral(line, (start, end, escaped) => found.push([start, end, escaped]));
        const expected = [...line.matchAll(JSON_STRING)].map((m): [number, number, boolean] => [m.index + 1, m.index + 1 + (m[1] ?? "").length, (m[1] ?? "").includes("\\")]);
        expect(found).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("isMemberLine", () => {
  it("accepts exactly what the sticky regex it replaces accepted (property)", () => {
    const memberRegex = /[ \t]*"(?:[^"\\]|\\.)*"[ \t]*:/y;
    const pieces = fc.constantFrom(" ", "\t", '"', "\\", ":", "a", "\u2028", "\r", "b", ",");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 24 }).map((parts) => parts.join("")), (line) => {
        memberRegex.lastIndex = 0;
        return isMemberLine(line) === memberRegex.test(line);
      }),
      { numRuns: 3000 },
    );
  });
});
