import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTraceLine, checkTraceText, TraceEventSchema } from "../../src/evidence/schemas/trace.js";

const line = (fields: Record<string, unknown>) => JSON.stringify(fields);

describe("checkTraceLine", () => {
  it("accepts an event with ts and extra fields, and tolerates CRLF", () => {
    expect(checkTraceLine(line({ ts: "2026-06-01T02:01:17Z", event: "case_process_started", pid: 7 }), 3, "trace.jsonl")).toEqual({
      event: "case_process_started",
      findings: [],
    });
    expect(checkTraceLine(`${line({ ts: "2026-06-01T02:01:17.5+02:00", event: "x" })}\r`, 1, "trace.jsonl").findings).toEqual([]);
  });

  it("reports unparsable JSON (integrity, contract §9) and blank lines (schema) with the line number", () => {
    const cases = [
      ["{not json", "integrity", "integrity/unparsable", "INVALID_JSON"],
      ["   ", "schema", "schema/trace", "BLANK_LINE"],
      ["", "schema", "schema/trace", "BLANK_LINE"],
    ] as const;
    for (const [text, category, rule, code] of cases) {
      const result = checkTraceLine(text, 7, "trace.jsonl");
      expect(result.event).toBeNull();
      expect(result.findings).toHaveLength(1);
      expect(result.findings[0]).toMatchObject({ category, rule, code, file: "trace.jsonl", line: 7, column: null });
    }
  });

  it("reports schema errors but still returns a usable event (fail closed)", () => {
    const result = checkTraceLine(line({ ts: "yesterday", event: "case_process_started" }), 4, "trace.jsonl");
    expect(result.event).toBe("case_process_started");
    expect(result.findings.map((f) => [f.code, f.line])).toEqual([["INVALID_FORMAT", 4]]);
    expect(checkTraceLine(line({ ts: "2026-06-01T02:01:17Z", event: "" }), 2, "t").findings.map((f) => f.code)).toEqual(["EMPTY_VALUE"]);
    expect(checkTraceLine(line({ event: "x" }), 2, "t").findings.map((f) => f.code)).toEqual(["MISSING_FIELD"]);
    expect(checkTraceLine("[1,2]", 2, "t").findings.map((f) => f.code)).toEqual(["NOT_AN_OBJECT"]);
  });

  it("passes a line exactly when the event schema accepts it", () => {
    const ts = fc.oneof(
      fc.constantFrom("2026-06-01T02:01:17Z", "2026-06-01T02:01:17.5+02:00", "2026-06-01 02:01:17Z", "2026-13-01T00:00:00Z", "", "yesterday"),
      fc.string(),
      fc.integer(),
      fc.constant(null),
    );
    const event = fc.oneof(fc.constantFrom("case_process_started", ""), fc.string(), fc.integer(), fc.constant(null));
    const value = fc.oneof(
      fc.record({ ts, event }, { requiredKeys: [] }),
      fc.record({ ts, event, extra: fc.jsonValue() }),
      fc.array(fc.jsonValue(), { maxLength: 2 }),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(value, (input) => {
        const text = JSON.stringify(input) ?? "null";
        expect(checkTraceLine(text, 1, "t").findings.length === 0).toBe(TraceEventSchema.safeParse(JSON.parse(text)).success);
      }),
      { numRuns: 1000 },
    );
  });

  it("never throws on any string and always points at the given line", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.integer({ min: 1, max: 1e6 }), (text, lineNumber) => {
        const result = checkTraceLine(text, lineNumber, "trace.jsonl");
        for (const finding of result.findings) expect(finding.line).toBe(lineNumber);
      }),
    );
  });

  it("accepts every generated valid event", () => {
    const event = fc.record({
      ts: fc.date({ min: new Date("1970-01-01"), max: new Date("2200-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
      event: fc.string({ minLength: 1 }),
    });
    fc.assert(
      fc.property(event, fc.dictionary(fc.string().map((k) => `x${k}`), fc.jsonValue()), (fields, extra) => {
        const result = checkTraceLine(JSON.stringify({ ...extra, ...fields }), 1, "trace.jsonl");
        expect(result).toEqual({ event: fields.event, findings: [] });
      }),
    );
  });
});

describe("checkTraceText", () => {
  const ok = (event: string) => line({ ts: "2026-06-01T02:01:17Z", event });

  it("allows a trailing newline, not a blank line in the middle", () => {
    expect(checkTraceText(`${ok("a")}\n${ok("b")}\n`, "trace.jsonl").findings).toEqual([]);
    const middle = checkTraceText(`${ok("a")}\n\n${ok("b")}\n`, "trace.jsonl");
    expect(middle.findings.map((f) => [f.code, f.line])).toEqual([["BLANK_LINE", 2]]);
  });

  it("records the first line of each event and counts valid events", () => {
    const result = checkTraceText([ok("run_started"), ok("case_process_started"), "oops", ok("case_process_started")].join("\n"), "trace.jsonl");
    expect([...result.firstLineOfEvent]).toEqual([
      ["run_started", 1],
      ["case_process_started", 2],
    ]);
    expect(result.events).toBe(3);
    expect(result.findings.map((f) => [f.code, f.line])).toEqual([["INVALID_JSON", 3]]);
  });
});
