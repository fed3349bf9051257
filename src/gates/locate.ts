/**
 * Where a gate finding points. Every gate goes through these helpers so that the location
 * conventions (relied on by the sample-run expectations) live in one place.
 */
import type { GateFinding, RunFacts } from "./gate.js";

export interface Location {
  file: string | null;
  line: number | null;
  column: number | null;
}

/** A finding about a field of report.json: the line of its key, when the loader knows it. */
export function reportField(run: RunFacts, key: string): Location {
  return { file: run.report.file, line: run.report.keyLines?.get(key) ?? null, column: null };
}

/** A required file that is not in the run: the expected path, no line. */
export function expectedFile(path: string): Location {
  return { file: path, line: null, column: null };
}

/** An event in trace.jsonl: the trace path and the line where the event first appears. */
export function traceEvent(run: RunFacts, event: string): Location {
  return { file: run.artifacts.trace, line: run.trace.firstLineOfEvent.get(event) ?? null, column: null };
}

/** A bullet of report.md. */
export function reportMdLine(run: RunFacts, line: number | null): Location {
  return { file: run.reportMd.file, line, column: null };
}

/** The generated Case config as a whole. */
export function caseConfigFile(run: RunFacts): Location {
  return { file: run.caseConfig.file, line: null, column: null };
}

/** An error-severity gate finding at a location. */
export function gateFinding(location: Location, code: string, message: string): GateFinding {
  return { code, severity: "error", message, ...location };
}
