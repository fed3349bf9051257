import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const GOLDEN_DIR = fileURLToPath(new URL("./golden/", import.meta.url));

/** Compares with a reviewed golden file; rewrites it only when UPDATE_EXPECTED=1. */
export function expectGolden(name: string, actual: string): void {
  const path = GOLDEN_DIR + name;
  if (process.env.UPDATE_EXPECTED === "1") {
    writeFileSync(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(path, "utf8");
  } catch {
    throw new Error(`golden file ${name} is missing: run UPDATE_EXPECTED=1 npx vitest run test/formatters and review it`);
  }
  expect(actual).toBe(expected);
}
