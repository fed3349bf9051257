import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonErrorOffset } from "../../src/evidence/json-error-offset.js";
import { parseJsonText, topLevelKeyLines } from "../../src/evidence/json-text.js";

describe("jsonErrorOffset", () => {
  it("agrees with JSON.parse on validity for any JSON value and any string", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.json().map((j) => j.slice(0, -1))), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(text) === null).toBe(valid);
      }),
      { numRuns: 500 },
    );
  });

  it("points at the first bad character", () => {
    expect(jsonErrorOffset('{\n  "a": NaN\n}')).toBe(9);
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('{"a": "x\ny"}')).toBe(8);
    expect(jsonErrorOffset("[1, 2")).toBe(5);
  });
});

describe("parseJsonText", () => {
  it("gives the line and column of a syntax error without quoting the text", () => {
    expect(parseJsonText('{\n  "status": "fail",\n  "score": NaN\n}')).toEqual({ ok: false, line: 3, column: 12 });
  });

  it("finds the line of every top-level key, not of nested keys of the same name", () => {
    const text = '{\n  "env": {"status": "x"},\n  "status": "pass",\n  "run_id": "r"\n}';
    expect(Object.fromEntries(topLevelKeyLines(text))).toEqual({ env: 2, status: 3, run_id: 4 });
  });
});
