import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, loadConfigFile } from "../config/load.js";
import { defaultAuditOptions, type AuditOptions } from "../config/options.js";
import { exitCodeFor } from "./exit-code.js";
import { FORMAT_NAMES, formatPieces, summaryLine, type FormatContext, type FormatName } from "../formatters/index.js";
import { RegistryError } from "../models/registry.js";
import { auditPaths } from "../pipeline/audit.js";
import { checkRecords } from "../pipeline/check-records.js";
import { ruleDescriptors } from "../pipeline/rule-catalogue.js";
import { allowlistPieces, applyAllowlist, applyAllowlistToView } from "../allowlist/apply.js";
import { loadAllowlist } from "../allowlist/load.js";
import type { Allowlist } from "../allowlist/schema.js";
import { expandInputs } from "../discover/expand-inputs.js";
import { InputError, displayPath } from "../discover/locate-runs.js";
import { progressHooks } from "./progress.js";
import { createTextMasker, type TextMasker } from "../secrets/mask-text.js";
import { MergeError, mergeResults, readResultFiles } from "../sweep/merge.js";
import { parseShard, parseSince } from "../sweep/select.js";
import { sweep, type SweepOutcome } from "../sweep/sweep.js";
import { StateRecordError } from "../sweep/run-records.js";
import { STATE_KEY_ENV, stateKeyPath } from "../sweep/state-key.js";
import type { RunCounts } from "../pipeline/summary.js";
import type { AuditResult, AuditView } from "../types.js";
import { TOOL_VERSION } from "../version.js";
import { OutputError, refuseWritingInside, writeOutput } from "../output/write-output.js";
import { writeToStream } from "../output/write-pieces.js";

/** What the bin needs to act: never writes or exits by itself. */
export interface CliOutcome {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

export interface CliEnvironment {
  /** Whether stdout is a terminal (colour). Default: false. */
  stdoutIsTTY?: boolean;
  env?: Record<string, string | undefined>;
  /** Fixed clock for tests. */
  now?: Date;
  /** Where a progress bar may be drawn (only when it is a terminal and not CI). */
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  /**
   * Where the report goes as it is made (the bin's stdout): a sweep's report can be larger than
   * memory should hold. Without it, the report is returned in `CliOutcome.stdout`.
   */
  stdout?: NodeJS.WritableStream;
}

export const HELP = `harness-audit ${TOOL_VERSION} — audit the evidence an AI-agent harness leaves behind

Usage:
  harness-audit [options] <path...>          audit run directories, harness-runs roots or archives
                                             (a quoted glob is expanded: 'artifacts/**/*.tar.gz')
  harness-audit sweep [options] <root>       audit a harness-runs root, re-scanning only what changed
  harness-audit merge <result.json...>       combine --format json results of sweep shards
  harness-audit admissions <file|dir...>     validate admission and decision records on their own

Options:
  --admissions <dir>        admission registry (none given: nothing is admitted)
  --target-path <path>      a target-repository path no artifact may contain (repeatable)
  --config <file>           JSON config (admissions, targetPaths, artifacts, maxFileBytes, maxArchiveBytes, models, failOn)
  --format <name>           ${FORMAT_NAMES.join(" | ")} (default: text)
  --output <file>           write the report to a file instead of stdout
  --fail-on <severity>      error | warning: lowest severity that fails (default: error)
  --allowlist <file>        known false positives by fingerprint (JSON; see README)
  --write-allowlist <file>  write entries for the current findings, reasons left TODO
  --max-file-bytes <n>      largest file scanned; larger files are findings (default: 1073741824)
  --max-archive-bytes <n>   most bytes read out of one archive, inflated, over every pass; what is left
                            unread is a finding (default: 100 × its size, at least 1073741824)
  --no-color                no ANSI colour even on a terminal
  --workers <n>             scanning threads (default: one per core; 0 scans in the main thread)
  -h, --help                this help
  -v, --version             the version

Sweep options:
  --state <file>            state file (default: <root's parent>/.harness-audit-state.<root name>.json)
  --no-cache                audit every run and keep no state
  --since <when>            only runs whose folder timestamp is newer: 36h, 7d, 2w or an ISO date
  --shard <i>/<n>           only the i-th of n deterministic shares of the runs (1-based)

Environment:
  HARNESS_AUDIT_HEAP_MB     heap of the audit thread in MB (default: 128); more than that is exit 2
  ${STATE_KEY_ENV}
                            the key that authenticates the sweep state, created on first use
                            (default: $XDG_STATE_HOME/harness-audit/state-key, else
                            ~/.local/state/harness-audit/state-key)
  NO_COLOR, FORCE_COLOR     colour of the text format on a terminal

Exit status:
  0  every run passed
  1  at least one run failed (or a registry finding reached --fail-on)
  2  the audit could not be carried out: bad arguments, a missing path, no run found,
     an unreadable or invalid registry or config
`;

/** The help, with where this user's state key is. */
function helpText(environment: CliEnvironment): string {
  return `${HELP}\nThe sweep state key here: ${stateKeyPath(environment.env ?? process.env)}\n`;
}

const AUDIT_OPTIONS = {
  admissions: { type: "string" },
  "target-path": { type: "string", multiple: true },
  config: { type: "string" },
  format: { type: "string" },
  output: { type: "string" },
  "fail-on": { type: "string" },
  "max-file-bytes": { type: "string" },
  "max-archive-bytes": { type: "string" },
  "no-color": { type: "boolean" },
  workers: { type: "string" },
  allowlist: { type: "string" },
  "write-allowlist": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const satisfies ParseArgsConfig["options"];

const REPORT_OPTIONS = {
  format: { type: "string" },
  output: { type: "string" },
  "fail-on": { type: "string" },
  "no-color": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

const SWEEP_OPTIONS = {
  ...AUDIT_OPTIONS,
  state: { type: "string" },
  "no-cache": { type: "boolean" },
  since: { type: "string" },
  shard: { type: "string" },
} as const satisfies ParseArgsConfig["options"];

/** Parses argv, runs the audit and renders its output. Throws nothing: failures become exit 2. */
export async function run(argv: readonly string[], environment: CliEnvironment = {}): Promise<CliOutcome> {
  const outcome = await runUnmasked(argv, environment);
  // Everything written to stderr (notes, usage errors that echo what a user typed, paths, a
  // summary) passes the masking gate, as every text of a result does.
  return { ...outcome, stderr: await masker().mask(outcome.stderr) };
}

let gate: TextMasker | undefined;
const masker = (): TextMasker => (gate ??= createTextMasker());

async function runUnmasked(argv: readonly string[], environment: CliEnvironment): Promise<CliOutcome> {
  try {
    if (argv[0] === "admissions") {
      return await runReportOnly(argv.slice(1), environment, "admissions: name at least one record file or folder", (paths) =>
        checkRecords(paths, { now: environment.now ?? new Date() }),
      );
    }
    if (argv[0] === "sweep") return await runSweep(argv.slice(1), environment);
    if (argv[0] === "merge") {
      return await runReportOnly(argv.slice(1), environment, "merge: name at least one --format json result file", async (paths) =>
        mergeResults(await readResultFiles(paths), masker()),
      );
    }
    return await runAudit(argv, environment);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof RegistryError ||
      error instanceof InputError ||
      error instanceof MergeError ||
      error instanceof OutputError ||
      error instanceof StateRecordError
    ) {
      return usageFailure(error.message);
    }
    if (isParseArgsError(error)) return usageFailure(error.message);
    // An unexpected error's message may quote evidence (V8's JSON.parse errors do): cut short; `run` masks it.
    const message = String((error as Error)?.message ?? error);
    const shown = message.length > 300 ? `${message.slice(0, 300)}…` : message;
    return { exitCode: 2, stdout: "", stderr: `harness-audit: internal error, the audit could not be completed: ${shown}\n` };
  }
}

class UsageError extends Error {}

function usageFailure(message: string): CliOutcome {
  return { exitCode: 2, stdout: "", stderr: `harness-audit: ${message}\nRun 'harness-audit --help' for usage.\n` };
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof TypeError && typeof (error as NodeJS.ErrnoException).code === "string" && String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS");
}

async function runAudit(argv: readonly string[], environment: CliEnvironment): Promise<CliOutcome> {
  const { values, positionals } = parseArgs({ args: [...argv], options: AUDIT_OPTIONS, allowPositionals: true, strict: true });
  if (values.help) return { exitCode: 0, stdout: helpText(environment), stderr: "" };
  if (values.version) return { exitCode: 0, stdout: `${TOOL_VERSION}\n`, stderr: "" };
  if (positionals.length === 0) throw new UsageError("no path given: name at least one run directory, harness-runs root or archive");

  const format = parseFormat(values.format);
  const inputs = await expandInputs(positionals);
  refuseWritesInside(values, inputs);
  const options = await auditOptionsFrom(values, environment);
  const allowlist = options.allowlist ? await loadAllowlist(options.allowlist) : null;
  const progress = progressHooks(environment.stderr ?? nullStream, environment.env ?? {});
  let result: AuditResult;
  try {
    result = await auditPaths(inputs, options, progress);
  } finally {
    progress.stop();
  }
  result = await finishResult(result, allowlist, options, values["write-allowlist"], inputs);
  return render(result, undefined, null, format, values, options.failOn, environment, [], inputs);
}

async function runSweep(argv: readonly string[], environment: CliEnvironment): Promise<CliOutcome> {
  const { values, positionals } = parseArgs({ args: [...argv], options: SWEEP_OPTIONS, allowPositionals: true, strict: true });
  if (values.help) return { exitCode: 0, stdout: helpText(environment), stderr: "" };
  if (positionals.length !== 1) throw new UsageError("sweep takes exactly one harness-runs root");
  const root = positionals[0] as string;
  const format = parseFormat(values.format);
  refuseWritesInside(values, positionals);
  const options = await auditOptionsFrom(values, environment);
  const allowlist = options.allowlist ? await loadAllowlist(options.allowlist) : null;
  const shard = values.shard === undefined ? undefined : (parseShard(values.shard) ?? usage(`--shard takes i/n with 1 ≤ i ≤ n, not ${values.shard}`));
  const since = values.since === undefined ? undefined : (parseSince(values.since, options.now) ?? usage(`--since takes a duration (36h, 7d, 2w) or an ISO date, not ${values.since}`));
  const progress = progressHooks(environment.stderr ?? nullStream, environment.env ?? {});
  let outcome: SweepOutcome;
  try {
    outcome = await sweep({
      root,
      ...(values.state !== undefined && { statePath: path.resolve(values.state) }),
      useCache: !values["no-cache"],
      stateKeyFile: stateKeyPath(environment.env ?? process.env),
      ...(since && { since }),
      ...(shard && { shard }),
      audit: options,
      hooks: progress,
    });
  } finally {
    progress.stop();
  }
  try {
    const notes = [...outcome.notes, `sweep: ${outcome.audited} runs audited, ${outcome.reused} unchanged runs reused from the state file`];
    let result = outcome.result;
    let counts: Iterable<RunCounts> = outcome.counts;
    if (allowlist && options.allowlist) ({ result, counts } = await applyAllowlistToView(result, allowlist, displayPath(options.allowlist), options.now, masker()));
    if (values["write-allowlist"]) writeOutput(values["write-allowlist"], allowlistPieces(result, options.now), { outsideOf: { option: "--write-allowlist", inputs: positionals } });
    return await render(result, counts, outcome.previous, format, values, options.failOn, environment, notes, positionals);
  } finally {
    outcome.close();
  }
}

/** merge and admissions: inputs are result or record files, options only shape the report. */
async function runReportOnly(
  argv: readonly string[],
  environment: CliEnvironment,
  missing: string,
  produce: (paths: string[]) => Promise<AuditResult>,
): Promise<CliOutcome> {
  const { values, positionals } = parseArgs({ args: [...argv], options: REPORT_OPTIONS, allowPositionals: true, strict: true });
  if (values.help) return { exitCode: 0, stdout: helpText(environment), stderr: "" };
  if (positionals.length === 0) throw new UsageError(missing);
  const format = parseFormat(values.format);
  const failOn = parseFailOn(values["fail-on"]) ?? "error";
  if (values.output) refuseWritingInside("--output", values.output, positionals);
  return render(await produce(positionals), undefined, null, format, values, failOn, environment, [], positionals);
}

async function render(
  result: AuditView,
  counts: Iterable<RunCounts> | undefined,
  previous: FormatContext["previous"] | null,
  format: FormatName,
  values: { output?: string; "no-color"?: boolean },
  failOn: "error" | "warning",
  environment: CliEnvironment,
  notes: readonly string[],
  /** What was read: the report is never written over or inside it. */
  inputs: readonly string[],
): Promise<CliOutcome> {
  const color = format === "text" && !values["no-color"] && !values.output && colorWanted(environment);
  const pieces = formatPieces(format, result, {
    color,
    rules: ruleDescriptors(),
    root: process.cwd(),
    ...(previous && { previous }),
  });
  const exitCode = exitCodeFor(result, failOn, counts);
  const noteText = notes.map((n) => `harness-audit: ${n}\n`).join("");
  if (values.output) {
    writeOutput(values.output, pieces, { outsideOf: { option: "--output", inputs } });
    return { exitCode, stdout: "", stderr: `${noteText}harness-audit: ${summaryLine(result)}\n` };
  }
  if (environment.stdout) {
    await writeToStream(environment.stdout, pieces);
    return { exitCode, stdout: "", stderr: noteText };
  }
  return { exitCode, stdout: [...pieces].join(""), stderr: noteText };
}

/** Applies the allowlist, then writes a fresh one when asked. */
async function finishResult(result: AuditResult, allowlist: Allowlist | null, options: AuditOptions, writeTo: string | undefined, inputs: readonly string[]): Promise<AuditResult> {
  const final = allowlist && options.allowlist ? await applyAllowlist(result, allowlist, displayPath(options.allowlist), options.now, masker()) : result;
  if (writeTo) writeOutput(writeTo, allowlistPieces(final, options.now), { outsideOf: { option: "--write-allowlist", inputs } });
  return final;
}

/**
 * Read-only: no file of ours is written into the evidence being audited. Refused before the audit
 * starts, and checked again when each file is written (its folder may have been swapped since).
 */
function refuseWritesInside(values: { output?: string; state?: string; "write-allowlist"?: string }, inputs: readonly string[]): void {
  for (const [option, file] of [["--output", values.output], ["--state", values.state], ["--write-allowlist", values["write-allowlist"]]] as const) {
    if (file !== undefined) refuseWritingInside(option, file, inputs);
  }
}

const nullStream = { isTTY: false, write: () => true } as unknown as NodeJS.WritableStream;

function usage(message: string): never {
  throw new UsageError(message);
}


type AuditValues = {
  admissions?: string;
  allowlist?: string;
  "target-path"?: string[];
  config?: string;
  "fail-on"?: string;
  "max-file-bytes"?: string;
  "max-archive-bytes"?: string;
  workers?: string;
};

async function auditOptionsFrom(values: AuditValues, environment: CliEnvironment): Promise<AuditOptions> {
  const config = values.config ? await loadConfigFile(values.config) : {};
  const maxFileBytes = values["max-file-bytes"] !== undefined ? parsePositiveInteger(values["max-file-bytes"], "--max-file-bytes") : config.maxFileBytes;
  const maxArchiveBytes = values["max-archive-bytes"] !== undefined ? parsePositiveInteger(values["max-archive-bytes"], "--max-archive-bytes") : config.maxArchiveBytes;
  const defaults = defaultAuditOptions();
  return defaultAuditOptions({
    ...(values.admissions !== undefined ? { admissions: path.resolve(values.admissions) } : config.admissions !== undefined ? { admissions: config.admissions } : {}),
    ...(values.allowlist !== undefined ? { allowlist: path.resolve(values.allowlist) } : config.allowlist !== undefined ? { allowlist: config.allowlist } : {}),
    targetPaths: [...(config.targetPaths ?? []), ...(values["target-path"] ?? [])],
    artifacts: { ...defaults.artifacts, ...config.artifacts },
    ...(maxFileBytes !== undefined && { maxFileBytes }),
    ...(maxArchiveBytes !== undefined && { maxArchiveBytes }),
    failOn: parseFailOn(values["fail-on"]) ?? config.failOn ?? "error",
    allowRefusedModelInBlockedRun: config.models?.allowRefusedModelInBlockedRun ?? true,
    alwaysAllowedModels: config.models?.alwaysAllowed ?? [],
    ...(config.models?.maxFindingsPerFile !== undefined && { maxModelFindingsPerFile: config.models.maxFindingsPerFile }),
    now: environment.now ?? new Date(),
    ...(values.workers !== undefined && { workers: parseWorkers(values.workers) }),
  });
}

function parseWorkers(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 64) throw new UsageError(`--workers takes a whole number from 0 to 64, not ${value}`);
  return Number(value);
}

function parseFormat(value: string | undefined): FormatName {
  const format = value ?? "text";
  if (!(FORMAT_NAMES as readonly string[]).includes(format)) throw new UsageError(`unknown --format ${format}: use one of ${FORMAT_NAMES.join(", ")}`);
  return format as FormatName;
}

function parseFailOn(value: string | undefined): "error" | "warning" | undefined {
  if (value === undefined) return undefined;
  if (value !== "error" && value !== "warning") throw new UsageError(`--fail-on takes error or warning, not ${value}`);
  return value;
}

function parsePositiveInteger(value: string, name: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) throw new UsageError(`${name} takes a positive whole number, not ${value}`);
  return Number(value);
}

function colorWanted(environment: CliEnvironment): boolean {
  const env = environment.env ?? {};
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return environment.stdoutIsTTY === true;
}
