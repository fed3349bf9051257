import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodedViews } from "../src/secrets/decode.js";

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

  it("does not decode plain strings, hashes or binary base64", () => {
    const text = `"no escapes here" ${"ab".repeat(32)} ${Buffer.from([0, 1, 2, 250, 251, 252, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]).toString("base64")}`;
    expect(decodedViews(text)).toEqual([]);
  });

  it("nests: a JSON string holding JSON holding base64 keeps the outer span and the chain", () => {
    const inner = Buffer.from("token=abcdefghijklmnop123").toString("base64");
    const text = JSON.stringify({ payload: JSON.stringify({ blob: `x\n${inner}` }) });
    const chains = decodedViews(text).map((view) => view.decoding);
    expect(chains).toContain("json-string>json-string>base64");
    for (const view of decodedViews(text)) expect(view.start).toBe(text.indexOf('{\\"') );
  });

  it("has no cap: decodes every one of 6,000 escaped strings and a segment over 1 MiB", () => {
    const lines = Array.from({ length: 6000 }, (_, i) => JSON.stringify({ payload: JSON.stringify({ step: i }) }));
    const big = Buffer.from(`${"log line ".repeat(150_000)}end`).toString("base64");
    const views = decodedViews(`${lines.join("\n")}\n${big}\n`);
    expect(views.filter((view) => view.decoding === "json-string")).toHaveLength(6000);
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
