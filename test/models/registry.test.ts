import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadRecords, loadRegistry, RegistryError } from "../../src/models/registry.js";
import type { FindingDraft } from "../../src/types.js";

const FIXTURES = "test/fixtures/registry";
const VALID = join(FIXTURES, "valid");
const INVALID = join(FIXTURES, "invalid");
const NOW = new Date("2026-06-15T00:00:00Z");
const CODEX = "CTO-CASE-MODEL-PROVIDER-ADMISSION.openai-codex-gpt-5.5.json";
const QWEN = "CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json";

const byFile = (findings: FindingDraft[]) => {
  const map: Record<string, string[]> = {};
  for (const f of findings) (map[f.file!.split("/").pop()!] ??= []).push(f.code);
  for (const codes of Object.values(map)) codes.sort();
  return map;
};

describe("loadRegistry", () => {
  it("no folder: an empty registry that admits nothing", async () => {
    expect(await loadRegistry(undefined, { now: NOW })).toEqual({ dir: null, admissions: [], decisions: [], findings: [] });
  });

  it("loads the seed admissions and the decision record", async () => {
    const registry = await loadRegistry(VALID, { now: NOW });
    expect(registry.findings).toEqual([]);
    expect(registry.dir).toBe(VALID);
    expect(registry.admissions).toEqual([
      { provider: "openai-codex", model: "gpt-5.5", file: join(VALID, CODEX), fileName: CODEX, reviewBy: "2026-12-01" },
      { provider: "qwen-local", model: "qwen3.6-35b-a3b", file: join(VALID, QWEN), fileName: QWEN, reviewBy: "2026-12-01" },
    ]);
    expect(registry.decisions).toHaveLength(1);
    expect(registry.decisions[0]?.file).toBe(join(VALID, "CTO-CASE-PROVIDER-DECISION.json"));
    expect(registry.decisions[0]?.value.decision_status).toBe("local_provider_required");
  });

  it("warns when the valid records' review date has passed, and still admits them", async () => {
    const registry = await loadRegistry(VALID, { now: new Date("2027-01-01T00:00:00Z") });
    expect(registry.admissions).toHaveLength(2);
    expect(byFile(registry.findings)).toEqual({ [CODEX]: ["STALE_ADMISSION"], [QWEN]: ["STALE_ADMISSION"] });
    expect(registry.findings.every((f) => f.severity === "warning")).toBe(true);
  });

  it("reports each broken record and admits only the valid (stale) one", async () => {
    const registry = await loadRegistry(INVALID, { now: NOW });
    expect(byFile(registry.findings)).toEqual({
      "CTO-CASE-MODEL-PROVIDER-ADMISSION.anthropic-claude-opus-4-1.json": ["MISSING_FIELD"],
      "CTO-CASE-MODEL-PROVIDER-ADMISSION.anthropic-claude-sonnet-4-6.json": ["SECRET_KEY_IN_RECORD"],
      "CTO-CASE-MODEL-PROVIDER-ADMISSION.mistral-codestral-latest.json": ["INVALID_VALUE"],
      "CTO-CASE-MODEL-PROVIDER-ADMISSION.openai-codex-gpt-4o.json": ["INVALID_VALUE"],
      "CTO-CASE-MODEL-PROVIDER-ADMISSION.openai-codex-gpt-5.json": ["FILE_NAME_MISMATCH"],
      "CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen2.5-coder-32b-instruct.json": ["STALE_ADMISSION"],
      "decision-external-incomplete.json": ["DECISION_FIELD_REQUIRED", "DECISION_FIELD_REQUIRED", "DECISION_PROVIDER_CLASS"],
      "decision-unknown-status.json": ["INVALID_VALUE"],
    });
    expect(registry.admissions.map((a) => [a.provider, a.model, a.reviewBy])).toEqual([
      ["qwen-local", "qwen2.5-coder-32b-instruct", "2026-01-15"],
    ]);
    expect(registry.decisions).toEqual([]);
  });

  it("points findings at the record path and the key's line, never at a secret value", async () => {
    const registry = await loadRegistry(INVALID, { now: NOW });
    const secret = registry.findings.find((f) => f.code === "SECRET_KEY_IN_RECORD");
    expect(secret).toMatchObject({
      category: "secret",
      rule: "registry/secret-key",
      file: join(INVALID, "CTO-CASE-MODEL-PROVIDER-ADMISSION.anthropic-claude-sonnet-4-6.json"),
      line: 10,
    });
    expect(secret?.message).toContain("$.provider_config.endpoints[0].API-Key");
    expect(JSON.stringify(registry)).not.toContain("fake-value-do-not-print-7f3a");
    const status = registry.findings.find((f) => f.file?.endsWith("gpt-4o.json"));
    expect(status).toMatchObject({ rule: "schema/admission-record", line: 2 });
    expect(status?.message).toContain("$.status");
  });

  it("runs the secret-value hook on every record and refuses a record it flags", async () => {
    const seen: string[] = [];
    const scanText = async (text: string, file: string): Promise<FindingDraft[]> => {
      seen.push(file);
      if (!file.endsWith(CODEX)) return [];
      expect(text).toContain('"model": "gpt-5.5"');
      return [{ category: "secret", rule: "test/planted", code: "PLANTED", severity: "error", message: "planted", file, line: 3, column: 5 }];
    };
    const registry = await loadRegistry(VALID, { now: NOW, scanText });
    expect(seen.map((f) => f.split("/").pop())).toEqual(["CTO-CASE-MODEL-PROVIDER-ADMISSION.openai-codex-gpt-5.5.json", QWEN, "CTO-CASE-PROVIDER-DECISION.json"]);
    expect(registry.findings.map((f) => f.code)).toEqual(["PLANTED"]);
    expect(registry.admissions.map((a) => a.model)).toEqual(["qwen3.6-35b-a3b"]);
  });

  it("runs the name hook on every record's file name and refuses a record whose name it flags", async () => {
    const names: string[] = [];
    const scanName = async (name: string, file: string): Promise<FindingDraft[]> => {
      names.push(name);
      return name === QWEN ? [{ category: "secret", rule: "test/planted", code: "PLANTED_NAME", severity: "error", message: "planted", file, line: null, column: null }] : [];
    };
    const registry = await loadRegistry(VALID, { now: NOW, scanName });
    expect(names).toEqual(["CTO-CASE-MODEL-PROVIDER-ADMISSION.openai-codex-gpt-5.5.json", QWEN, "CTO-CASE-PROVIDER-DECISION.json"]);
    expect(registry.findings.map((f) => f.code)).toContain("PLANTED_NAME");
    expect(registry.admissions.map((a) => a.model)).toEqual(["gpt-5.5"]);
  });

  describe("RegistryError", () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), "registry-"));
    });
    afterEach(async () => {
      await chmod(dir, 0o755).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    });

    const expectError = async (path: string, fileEnds: string) => {
      const error = await loadRegistry(path, { now: NOW }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RegistryError);
      expect((error as RegistryError).file.endsWith(fileEnds)).toBe(true);
      expect((error as RegistryError).message).toContain(fileEnds);
    };

    it("the folder is missing", async () => {
      await expectError(join(dir, "nope"), "nope");
    });

    it("the folder is a file", async () => {
      await writeFile(join(dir, "file"), "{}");
      await expectError(join(dir, "file"), "file");
    });

    it("a record is not JSON", async () => {
      await expectError(join(FIXTURES, "broken-json"), CODEX);
    });

    it("a record is not UTF-8", async () => {
      await writeFile(join(dir, "bad.json"), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
      await expectError(dir, "bad.json");
    });

    it("the folder holds a symlink, whatever its name", async () => {
      await copyFile(join(VALID, CODEX), join(dir, CODEX));
      await symlink(join(VALID, QWEN), join(dir, "link.txt"));
      await expectError(dir, "link.txt");
    });

    it("a .json entry is a folder", async () => {
      await mkdir(join(dir, "sub.json"));
      await expectError(dir, "sub.json");
    });

    it("a record is larger than the cap", async () => {
      await writeFile(join(dir, "big.json"), JSON.stringify({ pad: "x".repeat(2000) }));
      const error = await loadRegistry(dir, { now: NOW, maxRecordBytes: 1000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RegistryError);
    });

    it.skipIf(process.getuid?.() === 0)("the folder is unreadable", async () => {
      await chmod(dir, 0o000);
      await expectError(dir, dir.split("/").pop()!);
    });

    it("ignores files that are not .json", async () => {
      await writeFile(join(dir, "notes.txt"), "not json {");
      expect(await loadRegistry(dir, { now: NOW })).toEqual({ dir, admissions: [], decisions: [], findings: [] });
    });
  });
});

describe("loadRecords", () => {
  it("validates files and folders, one result per file", async () => {
    const { files } = await loadRecords([VALID, join(INVALID, "decision-unknown-status.json")], { now: NOW });
    expect(files.map((f) => [f.file.split("/").pop(), f.kind, f.valid, f.findings.map((x) => x.code)])).toEqual([
      [CODEX, "admission", true, []],
      [QWEN, "admission", true, []],
      ["CTO-CASE-PROVIDER-DECISION.json", "decision", true, []],
      ["decision-unknown-status.json", "decision", false, ["INVALID_VALUE"]],
    ]);
  });

  it("cross-checks a local decision's pair against the admissions given with it", async () => {
    const { files } = await loadRecords([join(VALID, "CTO-CASE-PROVIDER-DECISION.json")], { now: NOW });
    expect(files[0]?.findings.map((f) => f.code)).toEqual(["DECISION_PAIR_NOT_ADMITTED"]);
  });

  it("reports a file that is not JSON as a finding instead of stopping", async () => {
    const { files } = await loadRecords([join(FIXTURES, "broken-json"), join(VALID, QWEN)], { now: NOW });
    expect(files.map((f) => [f.kind, f.valid, f.findings.map((x) => x.code)])).toEqual([
      ["unreadable", false, ["RECORD_NOT_JSON"]],
      ["admission", true, []],
    ]);
  });

  it("throws RegistryError for a path that does not exist", async () => {
    await expect(loadRecords([join(FIXTURES, "missing.json")], { now: NOW })).rejects.toBeInstanceOf(RegistryError);
  });
});
