/**
 * One line of trace.jsonl (contract §3): a JSON object with `ts` (ISO-8601 date-time) and
 * `event` (a non-empty string); extra fields are allowed. Pure; never throws on any text.
 */
import { z } from "zod";
import type { FindingDraft } from "../../types.js";
import { IsoDateTime, issueFindings, schemaFinding, type IssueContext } from "./report.js";

export const TraceEventSchema = z.looseObject({
  ts: IsoDateTime,
  event: z.string().min(1),
});

export const TRACE_RULE = "schema/trace";

export interface TraceLineCheck {
  /**
   * The line's `event` when it is a non-empty string, even if another field is wrong: a
   * `case_process_started` with a bad timestamp still says Case started (fail closed).
   */
  event: string | null;
  findings: FindingDraft[];
}

/**
 * Check one line (without its `\n`; a trailing `\r` is ignored). A blank line is a finding:
 * callers must not pass the empty remainder after the file's final newline (see
 * `checkTraceText`).
 */
export function checkTraceLine(lineText: string, lineNumber: number, file: string): TraceLineCheck {
  const context: IssueContext = { rule: TRACE_RULE, file, input: undefined, lineOf: () => lineNumber };
  const at = (code: string, detail: string): TraceLineCheck => ({
    event: null,
    findings: [{ ...schemaFinding(context, code, [], detail), line: lineNumber }],
  });
  let text = lineText.endsWith("\r") ? lineText.slice(0, -1) : lineText;
  if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return at("BLANK_LINE", `line ${lineNumber} is blank; every line must be one JSON event`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Contract §9: what cannot be parsed is an integrity finding; a parsed line with wrong fields is schema.
    return {
      event: null,
      findings: [
        {
          category: "integrity",
          rule: "integrity/unparsable",
          code: "INVALID_JSON",
          severity: "error",
          message: `${file}: line ${lineNumber} is not valid JSON`,
          file,
          line: lineNumber,
          column: null,
        },
      ],
    };
  }
  const rawEvent = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)["event"] : undefined;
  const event = typeof rawEvent === "string" && rawEvent !== "" ? rawEvent : null;
  // What the schema checks, without copying every field of a valid line the way a loose
  // object's parse does; the schema runs only to word the findings of an invalid one.
  if (event !== null && IsoDateTime.safeParse((value as Record<string, unknown>)["ts"]).success) return { event, findings: [] };
  const result = TraceEventSchema.safeParse(value);
  if (result.success) return { event, findings: [] };
  const findings = issueFindings(result.error.issues, { ...context, input: value }).map((finding) => ({
    ...finding,
    line: lineNumber,
    message: `${finding.message} (line ${lineNumber})`,
  }));
  return { event, findings };
}

export interface TraceTextCheck {
  /** Every distinct event with the 1-based line where it first appears. */
  firstLineOfEvent: Map<string, number>;
  /** Lines that parsed as valid trace events. */
  events: number;
  findings: FindingDraft[];
}

/**
 * Check a whole trace held in memory (small traces and tests; the loader streams large ones
 * line by line through `checkTraceLine`). The empty remainder after a final newline is not a line.
 */
export function checkTraceText(text: string, file: string): TraceTextCheck {
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const firstLineOfEvent = new Map<string, number>();
  const findings: FindingDraft[] = [];
  let events = 0;
  lines.forEach((line, index) => {
    const check = checkTraceLine(line, index + 1, file);
    findings.push(...check.findings);
    if (check.findings.length === 0) events++;
    if (check.event !== null && !firstLineOfEvent.has(check.event)) firstLineOfEvent.set(check.event, index + 1);
  });
  return { firstLineOfEvent, events, findings };
}
