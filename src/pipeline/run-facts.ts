import type { ArtifactPaths } from "../config/defaults.js";
import { parseJsonText } from "../evidence/json-text.js";
import type { Admission, JsonArtifact, RunFacts, TraceSummary } from "../gates/gate.js";
import type { FindingDraft } from "../types.js";

/** A JSON artifact as read, with the line of each top-level key. */
export interface LoadedJson extends JsonArtifact {
  keyLines: ReadonlyMap<string, number>;
}

/**
 * Parses a JSON artifact's text. Absent → not present; unparsable → an integrity finding and a
 * null value (gates then see nothing to check rather than guessing).
 */
export function loadJsonArtifact(
  file: string,
  text: string | null | undefined,
  findings: FindingDraft[],
): LoadedJson {
  if (text === undefined) return { file, present: false, value: null, keyLines: new Map() };
  if (text === null) return { file, present: true, value: null, keyLines: new Map() };
  const parsed = parseJsonText(text);
  if (parsed.ok) return { file, present: true, value: parsed.value, keyLines: parsed.keyLines };
  findings.push({
    category: "integrity",
    rule: "integrity/unparsable",
    code: "INVALID_JSON",
    severity: "error",
    message: `${file} is not valid JSON`,
    file,
    line: parsed.line,
    column: parsed.column,
  });
  return { file, present: true, value: null, keyLines: new Map() };
}

/**
 * The run's environment as recorded (contract §6, v1 choice): report.json `env`, then
 * task.json `env`, then `NAME=value` items of argv.json. Earlier sources win.
 */
export function recordedEnvironment(report: unknown, task: unknown, argv: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  const addRecord = (value: unknown) => {
    if (!isRecord(value)) return;
    for (const [name, v] of Object.entries(value)) if (typeof v === "string" && !(name in env)) env[name] = v;
  };
  if (isRecord(report)) addRecord(report.env);
  if (isRecord(task)) addRecord(task.env);
  if (Array.isArray(argv)) {
    for (const item of argv) {
      if (typeof item !== "string") continue;
      const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/s.exec(item);
      if (match?.[1] && match[2] !== undefined && !(match[1] in env)) env[match[1]] = match[2];
    }
  }
  return env;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface RunFactsInput {
  id: string;
  files: ReadonlySet<string>;
  directories: ReadonlySet<string>;
  report: LoadedJson;
  reportMd: { file: string; present: boolean; text: string | null };
  trace: TraceSummary;
  caseConfig: LoadedJson;
  baselineReport: LoadedJson;
  argv: LoadedJson;
  task: LoadedJson;
  admissions: readonly Admission[];
  artifacts: ArtifactPaths;
}

export function buildRunFacts(input: RunFactsInput): RunFacts {
  return {
    ...input,
    env: recordedEnvironment(input.report.value, input.task.value, input.argv.value),
  };
}
