import { describe, expect, it } from "vitest";
import { ENV } from "../../src/evidence/vocabulary.js";
import { runGates } from "../../src/gates/index.js";
import { baseName, display, nullableStringField, stringAt, stringField } from "../../src/gates/read.js";
import { buildRun } from "./facts.js";

// Fake values in real formats, generated for this test.
const FAKE_OPENAI_KEY = "sk-proj-" + "Q7fZ2mK9pL4xW8vR".repeat(3);
const FAKE_GITHUB_TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

describe("read accessors", () => {
  it("read fields by type and never throw on other shapes", () => {
    const object = { a: "x", b: null, c: 1, nested: { models: { default: "m" } } };
    expect(stringField(object, "a")).toBe("x");
    expect(stringField(object, "c")).toBeNull();
    expect(nullableStringField(object, "b")).toBeNull();
    expect(nullableStringField(object, "c")).toBeUndefined();
    expect(nullableStringField(object, "missing")).toBeUndefined();
    expect(stringAt(object, ["nested", "models", "default"])).toBe("m");
    expect(stringAt([1], ["0"])).toBeNull();
    expect(stringField(null, "a")).toBeNull();
    expect(stringField(Object.create({ inherited: "x" }) as Record<string, unknown>, "inherited")).toBeNull();
  });

  it("baseName handles both separators and trailing slashes", () => {
    expect(baseName("C:\\sot\\a.json")).toBe("a.json");
    expect(baseName("/sot/a.json/")).toBe("a.json");
    expect(baseName("a.json")).toBe("a.json");
  });

  it("display prints identifiers and hides secret-shaped values", () => {
    expect(display("qwen3.6-35b-a3b")).toBe("`qwen3.6-35b-a3b`");
    expect(display("20260601T013918Z-r1-string-slugify-2381028")).toContain("r1-string-slugify");
    expect(display(true)).toBe("`true`");
    expect(display(FAKE_OPENAI_KEY)).not.toContain("Q7fZ");
    expect(display(FAKE_GITHUB_TOKEN)).not.toContain("a1B2");
    expect(display("AKIA" + "ABCDEFGHIJKLMNOP")).not.toContain("AKIA");
    expect(display("x".repeat(200))).toBe("a string of 200 characters");
  });
});

describe("gate messages", () => {
  it("never contain a secret value planted in the evidence", () => {
    for (const secret of [FAKE_OPENAI_KEY, FAKE_GITHUB_TOKEN]) {
      const run = buildRun({
        report: { status: secret, case_model: secret, case_model_provider: secret, run_id: secret, task_id: secret, marker: secret },
        env: { [ENV.provider]: secret, [ENV.model]: secret, [ENV.admissionFile]: secret },
        caseConfig: { value: { models: { default: secret } } },
        reportMd: `- Report status: \`${secret}x\`.\n- Case model: \`${secret}y\`.\n`,
      });
      const findings = runGates(run);
      expect(findings.length).toBeGreaterThan(3);
      for (const finding of findings) expect(finding.message).not.toContain(secret.slice(4, 16));
    }
  });
});
