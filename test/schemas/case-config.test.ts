import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkCaseConfig } from "../../src/evidence/schemas/case-config.js";

const FILE = "backend/case-data/config.json";

describe("checkCaseConfig", () => {
  it("accepts models.default with extra fields", () => {
    expect(checkCaseConfig({ models: { default: "qwen3.6-35b-a3b", small: "x" }, providers: {} }, FILE)).toEqual([]);
  });

  it("reports a missing or wrong models.default with its path", () => {
    for (const [value, code] of [
      [{}, "MISSING_FIELD"],
      [{ models: {} }, "MISSING_FIELD"],
      [{ models: { default: 3 } }, "INVALID_TYPE"],
      [{ models: { default: "" } }, "EMPTY_VALUE"],
      [[], "NOT_AN_OBJECT"],
    ] as const) {
      const findings = checkCaseConfig(value, FILE);
      expect(findings.map((f) => f.code), JSON.stringify(value)).toEqual([code]);
      expect(findings[0]).toMatchObject({ category: "schema", rule: "schema/case-config", file: FILE, line: null, column: null });
    }
    expect(checkCaseConfig({ models: { default: 3 } }, FILE)[0]?.message).toContain("models.default");
  });

  it("never throws on any JSON value; accepts every generated valid config", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void checkCaseConfig(value, FILE)));
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.dictionary(fc.string().map((k) => `x${k}`), fc.jsonValue()), (model, extra) => {
        expect(checkCaseConfig({ ...extra, models: { ...extra, default: model } }, FILE)).toEqual([]);
      }),
    );
  });
});
