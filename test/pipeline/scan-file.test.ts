import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { scanFile, secretOccurrences } from "../../src/pipeline/scan-file.js";
import { createSecretScanner } from "../../src/secrets/index.js";
import { fake } from "../helpers/fake-value.js";

const scanner = createSecretScanner();
async function* chunks(text: string, size = 1 << 20): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}
const event = (name: string) => JSON.stringify({ ts: "2026-06-01T00:00:00Z", event: name });

describe("scanFile on a trace", () => {
  it("does not hold a line longer than the cap: a finding, and the next lines keep their numbers", async () => {
    const huge = `{"ts":"2026-06-01T00:00:00Z","event":"blob","data":"${"x".repeat(20 * 1024 * 1024)}"}`;
    const text = [event("run_started"), huge, event("case_process_started"), ""].join("\n");
    const scan = await scanFile(chunks(text), scanner, { file: "trace.jsonl", keepText: false, trace: true, targetPaths: [] });
    expect(scan.trace?.findings.map((f) => [f.code, f.line])).toEqual([["TRACE_LINE_TOO_LONG", 2]]);
    expect(scan.trace?.firstLineOfEvent.get("case_process_started")).toBe(3);
    expect(scan.trace?.events).toBe(2);
  });

  it("reports a blank line inside the trace, not a trailing one", async () => {
    const text = [event("a"), "", event("b"), "", ""].join("\n");
    const scan = await scanFile(chunks(text, 7), scanner, { file: "trace.jsonl", keepText: false, trace: true, targetPaths: [] });
    expect(scan.trace?.findings.map((f) => [f.code, f.line])).toEqual([["BLANK_TRACE_LINE", 2]]);
  });
});

describe("scanFile line numbers", () => {
  it("counts the lines of windows where nothing was found", async () => {
    // Hits only in the last window: the lines of every window before it must still be counted.
    const lines = Array.from({ length: 300 }, (_, index) => `plain line number ${index}`);
    const text = `${lines.join("\n")}\nmodel gpt-4o and the path /srv/repo here\n`;
    for (const [chunkChars, overlapChars] of [[1000, 100], [64, 8], [5000, 0]]) {
      const scan = await scanFile(chunks(text, 100), scanner, { file: "x.txt", keepText: false, trace: false, targetPaths: ["/srv/repo"], chunkChars, overlapChars });
      expect(scan.models.map((model) => [model.id, model.occurrences, model.count])).toEqual([["gpt-4o", [{ line: 301, column: 7 }], 1]]);
      expect(scan.targets.map((target) => [target.line, target.column])).toEqual([[301, 27]]);
    }
  });
});

describe("scanFile tallies", () => {
  it("keeps every distinct secret, each at its first place with its count", async () => {
    const tokens = Array.from({ length: 1500 }, (_, i) => `ghp_${fake(36, 7 + i)}`);
    const text = `${tokens.join("\n")}\n${tokens[3]}\n`;
    const scan = await scanFile(chunks(text, 4096), scanner, { file: "case.log", keepText: false, trace: false, targetPaths: [], chunkChars: 8192, overlapChars: 512 });
    const secrets = [...secretOccurrences(scan.secrets)];
    expect(secrets).toHaveLength(1500);
    expect(secrets.filter((s) => s.count === 2).map((s) => [s.line, s.column])).toEqual([[4, 1]]);
    expect(new Set(secrets.map((s) => s.valueHash)).size).toBe(1500);
    expect(secrets[3]?.valueHash).toBe(createHash("sha256").update(tokens[3] ?? "").digest("hex"));
    expect(secrets[3]?.preview).toBe(`ghp_…(40 chars)`);
  });

  it("keeps every place of a model ID up to the cap, across windows, and counts them all", async () => {
    const text = Array.from({ length: 250 }, (_, i) => `${"x".repeat(i % 7)} model gpt-4o step ${i}`).join("\n");
    const scan = await scanFile(chunks(text, 1000), scanner, { file: "x.txt", keepText: false, trace: false, targetPaths: [], chunkChars: 2000, overlapChars: 100, maxOccurrencesPerModel: 120 });
    const [model, ...rest] = scan.models;
    expect(rest).toEqual([]);
    expect(model?.count).toBe(250);
    expect(model?.occurrences).toEqual(Array.from({ length: 120 }, (_, i) => ({ line: i + 1, column: (i % 7) + 8 })));
  });
});
