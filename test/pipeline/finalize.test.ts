import { describe, expect, it } from "vitest";
import { finalizeFindings, fingerprintOf, verdictOf } from "../../src/pipeline/finalize.js";
import type { FindingDraft } from "../../src/types.js";
import { masker } from "../helpers/masker.js";

const secret = (overrides: Partial<FindingDraft> = {}): FindingDraft => ({
  category: "secret",
  rule: "@secretlint/secretlint-rule-openai",
  code: "OPENAI_API_KEY",
  severity: "error",
  message: "OpenAI API key",
  file: "backend/case.stderr.txt",
  line: 12,
  column: 5,
  preview: "sk-p…(51 chars)",
  fingerprintKey: "hash-of-value-a",
  ...overrides,
});

describe("fingerprints", () => {
  it("survive a secret moving to another line", () => {
    expect(fingerprintOf(secret({ line: 40, column: 1 }))).toBe(fingerprintOf(secret()));
  });
  it("differ for another secret on the same line, another file or another rule", () => {
    const base = fingerprintOf(secret());
    expect(fingerprintOf(secret({ fingerprintKey: "hash-of-value-b" }))).not.toBe(base);
    expect(fingerprintOf(secret({ file: "trace.jsonl" }))).not.toBe(base);
    expect(fingerprintOf(secret({ rule: "harness-audit/env-secret" }))).not.toBe(base);
  });
  it("never carry the key or draft-only fields into the finding", async () => {
    const [finding] = await finalizeFindings([secret()], masker);
    expect(finding).not.toHaveProperty("fingerprintKey");
    expect(finding?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("finalizeFindings", () => {
  it("drops exact repeats and sorts by file, line, column", async () => {
    const a = secret({ file: "b.txt", line: 2, fingerprintKey: "x" });
    const b = secret({ file: "a.txt", line: 9, fingerprintKey: "y" });
    const c = secret({ file: "a.txt", line: 3, fingerprintKey: "z" });
    const out = await finalizeFindings([a, b, c, a], masker);
    expect(out.map((f) => `${f.file}:${f.line}`)).toEqual(["a.txt:3", "a.txt:9", "b.txt:2"]);
  });
});

describe("verdictOf", () => {
  it("fails on an unsuppressed error only", async () => {
    const [error] = await finalizeFindings([secret()], masker);
    const [warning] = await finalizeFindings([secret({ severity: "warning" })], masker);
    expect(verdictOf([warning!])).toBe("pass");
    expect(verdictOf([error!])).toBe("fail");
    expect(verdictOf([{ ...error!, suppressed: { reason: "known test key", expires: "2027-01-01" } }])).toBe("pass");
  });
});
