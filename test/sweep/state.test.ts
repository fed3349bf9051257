import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emptyState, loadState, saveState } from "../../src/sweep/state.js";

const dir = () => mkdtempSync(path.join(tmpdir(), "ha-state-"));

const withRun = (environment: string) => {
  const state = emptyState(environment);
  state.runs["r1"] = {
    fingerprint: "f1",
    result: { id: "r1", path: "root/r1", verdict: "pass", status: "pass", findings: [] },
  };
  return state;
};

describe("sweep state", () => {
  it("round-trips through an atomic save that leaves no temporary file", async () => {
    const d = dir();
    const file = path.join(d, "state.json");
    await saveState(file, withRun("env-a"));
    expect(readdirSync(d)).toEqual(["state.json"]);
    const loaded = await loadState(file, "env-a");
    expect(loaded.note).toBeNull();
    expect(loaded.state.runs["r1"]?.fingerprint).toBe("f1");
  });

  it("starts empty without a note when there is no state yet", async () => {
    const loaded = await loadState(path.join(dir(), "absent.json"), "env-a");
    expect(loaded).toMatchObject({ note: null, previous: null });
    expect(loaded.state.runs).toEqual({});
  });

  it("discards a corrupt, truncated or foreign state file instead of trusting it", async () => {
    for (const text of ["{", '{"kind":"something-else","version":1}', JSON.stringify({ ...withRun("env-a"), extra: 1 }), JSON.stringify(withRun("env-a")).slice(0, 50)]) {
      const file = path.join(dir(), "state.json");
      writeFileSync(file, text);
      const loaded = await loadState(file, "env-a");
      expect(loaded.state.runs).toEqual({});
      expect(loaded.note).toMatch(/discarded/);
    }
  });

  it("reuses nothing made under another tool, rule set, config or registry, but keeps it as the previous sweep", async () => {
    const file = path.join(dir(), "state.json");
    await saveState(file, withRun("env-a"));
    const loaded = await loadState(file, "env-b");
    expect(loaded.state.runs).toEqual({});
    expect(loaded.previous?.runs["r1"]?.result.verdict).toBe("pass");
  });

  it("discards a state whose text was changed after it was written (truncated, edited)", async () => {
    const file = path.join(dir(), "state.json");
    await saveState(file, withRun("env-a"));
    const written = readFileSync(file, "utf8");
    for (const text of [written.replace('"verdict":"pass"', '"verdict":"fail"'), written.slice(0, -10), written.replace("\n", " "), `${written}\n`]) {
      writeFileSync(file, text);
      const loaded = await loadState(file, "env-a");
      expect(loaded.state.runs).toEqual({});
      expect(loaded.previous).toBeNull();
      expect(loaded.note).toMatch(/discarded/);
    }
  });

  it("checks a state of another environment against the schema before keeping it as the previous sweep", async () => {
    const file = path.join(dir(), "state.json");
    const broken = withRun("env-a") as unknown as { runs: Record<string, { result: { findings: unknown } }> };
    (broken.runs["r1"] as { result: { findings: unknown } }).result.findings = "not a list";
    await saveState(file, broken as unknown as Parameters<typeof saveState>[1]);
    const loaded = await loadState(file, "env-b");
    expect(loaded.previous).toBeNull();
    expect(loaded.note).toMatch(/discarded/);
  });

  it("says so when the state was written by the previous format (the state alone, no header)", async () => {
    const file = path.join(dir(), "state.json");
    writeFileSync(file, JSON.stringify(withRun("env-a")));
    const loaded = await loadState(file, "env-a");
    expect(loaded.state.runs).toEqual({});
    expect(loaded.note).toMatch(/older harness-audit; discarded and rebuilt/);
  });
});
