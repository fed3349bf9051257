import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { headOf, RecordFile, type RunEntry } from "../../src/sweep/run-records.js";
import { loadState, recordCode, saveState, type LoadedState } from "../../src/sweep/state.js";
import type { Finding, RunResult } from "../../src/types.js";

const dir = () => mkdtempSync(path.join(tmpdir(), "ha-state-"));
const opened: Array<RecordFile | null> = [];
afterEach(() => {
  for (const file of opened.splice(0)) file?.close();
});

const finding = (message: string): Finding => ({
  category: "gate",
  rule: "gate/x",
  code: "X",
  severity: "error",
  message,
  file: "report.json",
  line: 1,
  column: 1,
  fingerprint: "0123456789abcdef",
});

const run = (id: string, findings: Finding[] = []): RunResult => ({
  id,
  path: `root/${id}`,
  verdict: findings.length > 0 ? "fail" : "pass",
  status: "pass",
  findings,
});

const KEY = randomBytes(32);

/** Writes a state holding these runs (key = id, fingerprint = `f-<id>`). */
function writeState(file: string, environment: string, runs: readonly RunResult[]): void {
  const spool = RecordFile.temporary();
  opened.push(spool);
  const entries: RunEntry[] = runs.map((r) => {
    const head = headOf(r.id, `f-${r.id}`, r);
    return { ...head, path: r.path, file: spool, ...spool.append(head, r) };
  });
  saveState(file, KEY, environment, "2026-11-21T00:00:00.000Z", entries);
}

async function load(file: string, environment: string, chunkBytes?: number, key = KEY): Promise<LoadedState> {
  const loaded = await loadState(file, key, environment, chunkBytes);
  opened.push(loaded.file);
  return loaded;
}

/**
 * What a forger holding the key could write: every record (`head TAB result`, its code dropped)
 * and the trailer signed again, whatever the lines now say.
 */
function resign(text: string, key: Buffer, environment: string): string {
  const lines = text.split("\n").slice(0, -2);
  const [header, ...records] = lines;
  const file = createHmac("sha256", key).update("harness-audit state file\0").update(header ?? "");
  const signed = records.map((line) => {
    const [head = "", body = ""] = line.split("\t");
    const code = recordCode(key, environment, head, Buffer.from(body, "utf8"));
    file.update(code);
    return `${head}\t${body}\t${code}`;
  });
  const trailer = JSON.stringify({ end: true, runs: records.length, hmac: file.update(`\0${records.length}`).digest("hex") });
  return `${[header, ...signed, trailer].join("\n")}\n`;
}

/** The old trailer (version 3's plain sha-256) recomputed: what forged states before the key. */
function rehash(text: string): string {
  const lines = text.split("\n");
  const body = lines.slice(0, -2).join("\n") + "\n";
  const runs = lines.length - 3;
  return `${body}${JSON.stringify({ end: true, runs, hmac: createHash("sha256").update(body).digest("hex") })}\n`;
}

describe("sweep state", () => {
  it("round-trips through an atomic save that leaves no temporary file", async () => {
    const d = dir();
    const file = path.join(d, "state.json");
    const failing = run("r2", [finding("one"), { ...finding("two"), severity: "warning" }]);
    writeState(file, "env-a", [run("r1"), failing]);
    expect(readdirSync(d)).toEqual(["state.json"]);
    const loaded = await load(file, "env-a");
    expect(loaded.note).toBeNull();
    expect(loaded.file).not.toBeNull();
    expect(loaded.runs.get("r1")).toMatchObject({ fingerprint: "f-r1", verdict: "pass", findings: 0 });
    expect(loaded.runs.get("r2")).toMatchObject({ fingerprint: "f-r2", verdict: "fail", findings: 2, warnings: 1, suppressed: 0 });
    const stored = loaded.runs.get("r2")!;
    expect(loaded.file?.readResult({ ...stored, path: "elsewhere/r2" })).toEqual({ ...failing, path: "elsewhere/r2" });
    expect(loaded.previous).toEqual([
      { id: "r1", verdict: "pass" },
      { id: "r2", verdict: "fail" },
    ]);
  });

  it("starts empty without a note when there is no state yet", async () => {
    const loaded = await load(path.join(dir(), "absent.json"), "env-a");
    expect(loaded).toMatchObject({ note: null, previous: null, file: null });
    expect(loaded.runs.size).toBe(0);
  });

  it("discards a corrupt, truncated or foreign state file instead of trusting it", async () => {
    const file = path.join(dir(), "state.json");
    writeState(file, "env-a", [run("r1")]);
    const good = readFileSync(file, "utf8");
    const [header, record] = good.split("\n");
    const unsigned = (line: string) => line.split("\t").slice(0, 2).join("\t");
    const forged = [
      "{",
      "",
      '{"kind":"something-else","version":4}\n',
      good.slice(0, 50),
      // Signed with the right key, but not what this tool writes:
      resign(`${header}\n${unsigned(record!)}\n${unsigned(record!)}\n{}\n`, KEY, "env-a"), // the same key twice
      resign(`${header}\n["r1","f","r1","maybe",0,0,0]\t{}\n{}\n`, KEY, "env-a"), // a verdict outside the vocabulary
      resign(`${header}\nno tab here\n{}\n`, KEY, "env-a"),
      resign(`${header!.replace('"version":4', '"version":4,"extra":1')}\n${unsigned(record!)}\n{}\n`, KEY, "env-a"),
    ];
    for (const text of forged) {
      writeFileSync(file, text);
      const loaded = await load(file, "env-a");
      expect(loaded.runs.size, text).toBe(0);
      expect(loaded.previous).toBeNull();
      expect(loaded.note).toMatch(/discarded/);
    }
  });

  it("reuses nothing made under another tool, rule set, config or registry, but keeps its verdicts as the previous sweep", async () => {
    const file = path.join(dir(), "state.json");
    writeState(file, "env-a", [run("r1")]);
    const loaded = await load(file, "env-b");
    expect(loaded.runs.size).toBe(0);
    expect(loaded.file).toBeNull();
    expect(loaded.previous).toEqual([{ id: "r1", verdict: "pass" }]);
    expect(loaded.note).toMatch(/changed since the last sweep/);
  });

  it("discards a forged state: an edit with the old sha-256 trailer recomputed, a record signed with another key, one moved from another environment", async () => {
    const file = path.join(dir(), "state.json");
    writeState(file, "env-a", [run("r1", [finding("x")]), run("r2")]);
    const written = readFileSync(file, "utf8");
    const passing = written.replace('"verdict":"fail"', '"verdict":"pass"').replace('["r1","f-r1","r1","fail",1,', '["r1","f-r1","r1","pass",0,');
    const unsign = (text: string) => text.split("\n").map((line) => line.split("\t").slice(0, 2).join("\t")).join("\n");
    const forgeries = [
      rehash(unsign(passing)),
      resign(unsign(passing), randomBytes(32), "env-a"),
      // Records signed for another environment under a header that names this one.
      resign(unsign(passing), KEY, "env-b"),
    ];
    for (const text of forgeries) {
      writeFileSync(file, text);
      const loaded = await load(file, "env-a");
      expect(loaded.runs.size).toBe(0);
      expect(loaded.file).toBeNull();
      expect(loaded.note).toMatch(/fails its authentication|corrupt/);
    }
    // The same edit signed with the key is accepted: the key, not the format, is what stops it.
    writeFileSync(file, resign(unsign(passing), KEY, "env-a"));
    expect((await load(file, "env-a")).runs.get("r1")?.verdict).toBe("pass");
  });

  it("a result changed in place after the state was checked is refused when it is read back, and the state removed", async () => {
    const file = path.join(dir(), "state.json");
    writeState(file, "env-a", [run("r1", [finding("x")])]);
    const loaded = await load(file, "env-a");
    const stored = loaded.runs.get("r1")!;
    const bytes = readFileSync(file);
    bytes.write("y", stored.offset + bytes.subarray(stored.offset).indexOf('"x"') + 1, "latin1");
    writeFileSync(file, bytes); // Same inode: the open state sees the change.
    expect(() => loaded.file!.readResult({ ...stored, path: "r1" })).toThrow(/no longer matches its authentication/);
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });

  it("discards a state whose text was changed after it was written (truncated, edited)", async () => {
    const file = path.join(dir(), "state.json");
    writeState(file, "env-a", [run("r1", [finding("x")]), run("r2")]);
    const written = readFileSync(file, "utf8");
    const edits = [
      written.replace('"verdict":"fail"', '"verdict":"pass"'),
      written.slice(0, -10),
      written.slice(0, written.lastIndexOf("{")),
      written.replace("\n", " "),
      `${written}\n`,
      written.split("\n").filter((line) => !line.startsWith('["r2"')).join("\n"),
    ];
    for (const text of edits) {
      writeFileSync(file, text);
      const loaded = await load(file, "env-a");
      expect(loaded.runs.size).toBe(0);
      expect(loaded.previous).toBeNull();
      expect(loaded.note).toMatch(/discarded/);
    }
  });

  it("says so when the state was written by an earlier format (1: the state alone; 2: a hash header; 3: a sha-256 trailer)", async () => {
    const file = path.join(dir(), "state.json");
    const v1 = JSON.stringify({ kind: "harness-audit-sweep-state", version: 1, environment: "env-a", savedAt: "x", runs: {} });
    const v3 = `${JSON.stringify({ kind: "harness-audit-sweep-state", version: 3, environment: "env-a", savedAt: "x" })}\n{"end":true,"runs":0,"sha256":"00"}\n`;
    for (const text of [v1, `${JSON.stringify({ kind: "harness-audit-sweep-state", version: 2, sha256: "00" })}\n${v1}`, v3]) {
      writeFileSync(file, text);
      const loaded = await load(file, "env-a");
      expect(loaded.runs.size).toBe(0);
      expect(loaded.note).toMatch(/older harness-audit; discarded and rebuilt/);
    }
  });

  it("reads back any runs, whatever their keys and sizes and however the file is cut into chunks", async () => {
    const text = fc.string({ unit: "binary", maxLength: 40 });
    const runs = fc.uniqueArray(
      fc.record({ key: text, id: text, messages: fc.array(text, { maxLength: 5 }) }),
      { selector: (r) => r.key, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(runs, fc.integer({ min: 1, max: 97 }), async (specs, chunkBytes) => {
        const file = path.join(dir(), "state.json");
        const spool = RecordFile.temporary();
        opened.push(spool);
        const results = specs.map((spec) => ({ ...run(spec.id, spec.messages.map(finding)), path: spec.key }));
        const entries: RunEntry[] = results.map((r, i) => {
          const head = headOf(specs[i]!.key, `f${i}`, r);
          return { ...head, path: r.path, file: spool, ...spool.append(head, r) };
        });
        saveState(file, KEY, "env", "t", entries);
        const loaded = await load(file, "env", chunkBytes);
        expect(loaded.note).toBeNull();
        expect([...loaded.runs.keys()]).toEqual(specs.map((s) => s.key));
        results.forEach((result, i) => {
          const stored = loaded.runs.get(specs[i]!.key)!;
          expect(stored.fingerprint).toBe(`f${i}`);
          expect(loaded.file!.readResult({ ...stored, path: result.path })).toEqual(result);
        });
      }),
      { numRuns: 60 },
    );
  });
});
