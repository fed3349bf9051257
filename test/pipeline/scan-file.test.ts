import { describe, expect, it } from "vitest";
import { scanFile } from "../../src/pipeline/scan-file.js";
import { createSecretScanner } from "../../src/secrets/index.js";

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
      expect(scan.models.map((model) => [model.id, model.line, model.column])).toEqual([["gpt-4o", 301, 7]]);
      expect(scan.targets.map((target) => [target.line, target.column])).toEqual([[301, 27]]);
    }
  });
});
