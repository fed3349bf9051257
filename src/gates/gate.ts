import type { ArtifactPaths } from "../config/defaults.js";
import type { FindingCategory, FindingDraft } from "../types.js";

/** A JSON artifact as the evidence layer read it. */
export interface JsonArtifact {
  /** Relative path inside the run directory. */
  file: string;
  /** False when the file does not exist in the run. */
  present: boolean;
  /** The parsed value; null when absent or not parsable (the parse error is already a finding). */
  value: unknown;
  /** 1-based line of each top-level key, when the loader knows it. */
  keyLines?: ReadonlyMap<string, number>;
}

/** What trace.jsonl says, reduced to what the gates need (the file may be hundreds of MB). */
export interface TraceSummary {
  present: boolean;
  /** Every distinct `event` name, with the 1-based line where it first appears. */
  firstLineOfEvent: ReadonlyMap<string, number>;
  /** Number of lines that parsed as trace events. */
  events: number;
}

/** An admission record that the registry holds as valid (contract §7). */
export interface Admission {
  provider: string;
  model: string;
  /** Path of the record as given on the command line or in the config. */
  file: string;
  /** File name of the record, e.g. `CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json`. */
  fileName: string;
  /** ISO date after which the record needs review, when `review_trigger` is a date. */
  reviewBy: string | null;
}

/** Everything a gate may look at: values only, no filesystem. */
export interface RunFacts {
  /** Run directory name. */
  id: string;
  /** Relative POSIX paths of every regular file in the run. */
  files: ReadonlySet<string>;
  /** Relative POSIX paths of every directory in the run (for a copied `.git`). */
  directories: ReadonlySet<string>;
  report: JsonArtifact;
  reportMd: { file: string; present: boolean; text: string | null };
  trace: TraceSummary;
  caseConfig: JsonArtifact;
  baselineReport: JsonArtifact;
  argv: JsonArtifact;
  task: JsonArtifact;
  /**
   * The run's environment as the harness recorded it (contract §6, v1 choice): report.json
   * `env`, then `env` objects of task.json, then `NAME=value` items of argv.json.
   */
  env: Readonly<Record<string, string>>;
  /** Valid admission records of the registry (empty: nothing is admitted). */
  admissions: readonly Admission[];
  artifacts: ArtifactPaths;
}

export interface Gate {
  /** `area/name`, e.g. `gate/admission-before-start`. */
  id: string;
  /** Contract §6 gate number. */
  number: number;
  category: FindingCategory;
  /** One line, shown in SARIF rule metadata and JUnit test names. */
  description: string;
  check(run: RunFacts): GateFinding[];
}

/** A gate returns drafts without its own id or category; the registry stamps those. */
export type GateFinding = Omit<FindingDraft, "rule" | "category"> & Partial<Pick<FindingDraft, "rule" | "category">>;

export function defineGate(gate: Gate): Gate {
  return gate;
}
