import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFileChunks } from "../../src/evidence/directory-source.js";
import { scanFile, secretOccurrences, type FileScan } from "../../src/pipeline/scan-file.js";
import { mergeSegmentScans, planSegments, scanSegment } from "../../src/pipeline/segments.js";
import { createSecretScanner } from "../../src/secrets/index.js";
import { fake } from "../helpers/fake-value.js";

/**
 * A large file scanned as segments on several threads must give what one scan of the whole file
 * gives: the same secrets, models, target paths and trace summary, at the same file lines.
 */
const scanner = createSecretScanner();
const dir = mkdtempSync(path.join(tmpdir(), "ha-segments-"));
const sampleTrace = readFileSync(path.resolve("sample-runs/harness-runs/20260602T103100Z-secret-harness-leaks-1310/trace.jsonl"), "utf8").trimEnd().split("\n");

function traceFile(seed: number, lines: number, blankAt: number | null): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    if (i === blankAt) out.push("");
    const base = sampleTrace[(i * 7 + seed) % sampleTrace.length] ?? "{}";
    if (i % 37 === seed % 37) out.push(JSON.stringify({ ts: "2026-06-01T00:00:00Z", event: "env", text: `GITHUB_TOKEN=ghp_${fake(36, seed + i)}` }));
    else if (i % 53 === 5) out.push(JSON.stringify({ ts: "2026-06-01T00:00:00Z", event: "fallback", model: "claude-sonnet-4-6", path: "/srv/target-repos/acme-web/x" }));
    else out.push(base);
  }
  return `${out.join("\n")}\n`;
}

const normalise = (scan: FileScan) => ({
  secrets: [...secretOccurrences(scan.secrets)].map((s) => `${s.rule} ${s.valueHash} ${s.line}:${s.column} x${s.count}`).sort(),
  models: scan.models.map((m) => `${m.id} ${m.occurrences.map((at) => `${at.line}:${at.column}`).join(",")} x${m.count}`).sort(),
  targets: scan.targets.map((t) => `${t.targetIndex} ${t.line}:${t.column} x${t.count}`).sort(),
  events: scan.trace?.events,
  firstLineOfEvent: [...(scan.trace?.firstLineOfEvent ?? [])].sort(),
  traceFindings: scan.trace?.findings.map((f) => `${f.code} ${f.line}`),
  notText: scan.notText,
});

describe("segments", () => {
  it("scanning a file in segments equals scanning it whole", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 200, max: 600 }),
        fc.option(fc.integer({ min: 10, max: 150 }), { nil: null }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 200, max: 3_000 }),
        async (seed, lines, blankAt, segmentCount, overlapBytes) => {
          const file = path.join(dir, `trace-${seed}.jsonl`);
          const text = traceFile(seed, lines, blankAt);
          writeFileSync(file, text);
          const size = Buffer.byteLength(text);
          const options = { file: "trace.jsonl", keepText: false, trace: true, targetPaths: ["/srv/target-repos/acme-web"] };
          const whole = await scanFile(readFileChunks(file), scanner, options);
          const segments = await planSegments(file, size, Math.floor(size / segmentCount));
          const parts = [];
          for (const segment of segments) parts.push(await scanSegment(file, size, segment, scanner, options, overlapBytes));
          const merged = mergeSegmentScans(parts, "trace.jsonl");
          expect(segments.length).toBeGreaterThan(1);
          expect(normalise(merged)).toEqual(normalise(whole));
          expect(merged.bytes).toBe(size);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("cuts only at line starts", async () => {
    const file = path.join(dir, "cuts.txt");
    const text = "a".repeat(100) + "\n" + "é".repeat(300) + "\n" + "b".repeat(50) + "\n";
    writeFileSync(file, text);
    const bytes = Buffer.from(text);
    const segments = await planSegments(file, bytes.length, 64);
    for (const s of segments.slice(1)) expect(bytes[s.byteStart - 1]).toBe(10);
    expect(segments.at(-1)?.byteEnd).toBe(bytes.length);
  });
});
