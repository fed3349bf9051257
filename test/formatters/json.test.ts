import { describe, expect, it } from "vitest";
import { formatResult } from "../../src/formatters/index.js";
import { auditResultSchema } from "../../src/formatters/json-schema.js";
import { FIXTURE, RULES } from "./fixture.js";

const formatJson = (result: Parameters<typeof formatResult>[1], ctx: Parameters<typeof formatResult>[2]) => formatResult("json", result, ctx);

const CTX = { color: false, rules: RULES };

describe("json formatter", () => {
  it("is exactly the contract §9 serialisation", () => {
    expect(formatJson(FIXTURE, CTX)).toBe(JSON.stringify(FIXTURE, null, 2) + "\n");
  });

  it("round-trips through the zod schema unchanged", () => {
    const parsed = auditResultSchema.parse(JSON.parse(formatJson(FIXTURE, CTX)));
    expect(parsed).toEqual(FIXTURE);
  });
});

describe("auditResultSchema", () => {
  const finding = () => structuredClone(FIXTURE.runs[1]!.findings[3]!);
  const withFinding = (patch: Record<string, unknown>) => {
    const doc = structuredClone(FIXTURE) as unknown as { runs: { findings: unknown[] }[] };
    doc.runs[1]!.findings = [{ ...finding(), ...patch }];
    return doc;
  };

  it.each([
    ["line 0", { line: 0 }],
    ["fractional column", { column: 1.5 }],
    ["non-hex fingerprint", { fingerprint: "zz11" }],
    ["unknown category", { category: "style" }],
    ["unknown severity", { severity: "info" }],
    ["missing code", { code: undefined }],
    ["file neither string nor null", { file: 3 }],
    ["suppression without expiry", { suppressed: { reason: "x" } }],
  ])("rejects a finding with %s", (_, patch) => {
    expect(auditResultSchema.safeParse(withFinding(patch)).success).toBe(false);
  });

  it("rejects another document version or tool", () => {
    expect(auditResultSchema.safeParse({ ...FIXTURE, version: 2 }).success).toBe(false);
    expect(auditResultSchema.safeParse({ ...FIXTURE, tool: { name: "gitleaks", version: "1" } }).success).toBe(false);
  });

  it("accepts a document without registry or allowlist, and keeps later additions out", () => {
    const { registry: _r, allowlist: _a, ...bare } = FIXTURE;
    const parsed = auditResultSchema.parse({ ...bare, addedLater: true });
    expect(parsed.registry).toBeUndefined();
    expect("addedLater" in parsed).toBe(false);
  });
});
