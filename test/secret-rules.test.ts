import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { harnessAuditRules } from "../rules/secrets/index.js";
import { createSecretEngine } from "../src/secrets/engine.js";

const FIXTURES = path.resolve("rules/secrets/fixtures");

interface Expected {
  rule: string;
  line: number;
  column: number;
}

/** 1-based line and column of a UTF-16 offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((name) => !name.endsWith(".expected.json")).sort() : []);

describe("harness-audit secretlint rules: fixtures", () => {
  it("every rule has ok and ng fixtures", () => {
    for (const rule of harnessAuditRules) {
      const name = rule.meta.id.replace("harness-audit/", "");
      expect(files(path.join(FIXTURES, name, "ok")).length, `${name}/ok`).toBeGreaterThan(0);
      expect(files(path.join(FIXTURES, name, "ng")).length, `${name}/ng`).toBeGreaterThan(0);
    }
  });

  for (const rule of harnessAuditRules) {
    const name = rule.meta.id.replace("harness-audit/", "");
    const engine = createSecretEngine({ rules: [rule], includePreset: false });
    for (const file of files(path.join(FIXTURES, name, "ok"))) {
      it(`${name} ok/${file} reports nothing`, async () => {
        const text = readFileSync(path.join(FIXTURES, name, "ok", file), "utf8");
        expect(await engine.lint(text, file)).toEqual([]);
      });
    }
    for (const file of files(path.join(FIXTURES, name, "ng"))) {
      it(`${name} ng/${file} reports the expected findings`, async () => {
        const text = readFileSync(path.join(FIXTURES, name, "ng", file), "utf8");
        const expected = JSON.parse(readFileSync(path.join(FIXTURES, name, "ng", `${file}.expected.json`), "utf8")) as Expected[];
        const actual = (await engine.lint(text, file)).map((match) => ({ rule: match.ruleId, ...position(text, match.start) }));
        expect(actual).toEqual(expected);
      });
    }
  }
});
