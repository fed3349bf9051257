/**
 * The admission registry: a folder of admission and decision records (contract §7). This is
 * the only module of `models/` that touches the disk; the checks are in
 * `src/evidence/schemas/records.ts`.
 */
import { lstat, readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Admission } from "../gates/gate.js";
import { parseJsonText } from "../evidence/json-text.js";
import {
  checkAdmissionRecord,
  checkDecisionRecord,
  type DecisionRecord,
  recordKind,
} from "../evidence/schemas/records.js";
import type { FindingDraft } from "../types.js";

/**
 * The registry could not be read: a missing or unreadable folder, a symlink in it, a record
 * that is not JSON. The audit cannot be carried out (the CLI exits 2 with this message).
 */
export class RegistryError extends Error {
  override name = "RegistryError";
  constructor(
    message: string,
    /** The folder or file the problem is about. */
    readonly file: string,
  ) {
    super(message);
  }
}

/** Scans a record's text for secret values (the secret scanner's hook); returns its findings. */
export type ScanText = (text: string, file: string) => Promise<FindingDraft[]>;

export interface RegistryOptions {
  /** The time staleness is judged at (inject it; tests never depend on today's date). */
  now: Date;
  /**
   * Secret-value scanner run over each record's text. A record with a finding of category
   * `secret` from it does not admit anything. Default: none (secret keys are still checked).
   */
  scanText?: ScanText;
  /** The same for each record's file name (`text` is the name); its findings refuse the record too. Default: none. */
  scanName?: ScanText;
  /** Largest record accepted, in bytes. Default: 1 MiB. */
  maxRecordBytes?: number;
}

export interface Registry {
  /** The folder as given; null when no registry was given (nothing is admitted). */
  dir: string | null;
  /** Valid admission records: schema-valid, no secret key or value, file name agrees. */
  admissions: Admission[];
  /** Decision records that are valid for their branch. */
  decisions: { file: string; value: DecisionRecord }[];
  /** Everything found about the records, in file order. */
  findings: FindingDraft[];
}

const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/** The JSON files of a registry folder (sorted), refusing symlinks and odd entries. */
async function listRecordFiles(dir: string): Promise<string[]> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new RegistryError(`admission registry ${dir} cannot be read: ${describe(error)}`, dir);
  }
  if (!info.isDirectory()) throw new RegistryError(`admission registry ${dir} is not a directory`, dir);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new RegistryError(`admission registry ${dir} cannot be read: ${describe(error)}`, dir);
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) throw new RegistryError(`${path} is a symlink; the registry never follows symlinks`, path);
    if (!entry.name.toLowerCase().endsWith(".json")) continue;
    if (!entry.isFile()) throw new RegistryError(`${path} is not a regular file`, path);
    files.push(path);
  }
  return files;
}

type RecordText = { ok: true; text: string } | { ok: false; reason: string };

async function readRecordText(path: string, maxBytes: number): Promise<RecordText> {
  let bytes: Buffer;
  try {
    const info = await lstat(path);
    if (info.isSymbolicLink()) throw new RegistryError(`${path} is a symlink; the registry never follows symlinks`, path);
    if (!info.isFile()) throw new RegistryError(`${path} is not a regular file`, path);
    if (info.size > maxBytes) throw new RegistryError(`${path} is larger than ${maxBytes} bytes; not an admission record`, path);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof RegistryError) throw error;
    throw new RegistryError(`${path} cannot be read: ${describe(error)}`, path);
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: "is not valid UTF-8" };
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** One record, parsed and checked (admission cross-checks for decisions come later). */
interface LoadedRecord {
  file: string;
  kind: "admission" | "decision";
  value: unknown;
  keyLines: ReadonlyMap<string, number>;
  scanFindings: FindingDraft[];
}

async function loadRecord(
  file: string,
  text: string,
  options: RegistryOptions,
): Promise<{ record: LoadedRecord | null; scanFindings: FindingDraft[] }> {
  const parsed = parseJsonText(text);
  const scanFindings = options.scanText ? await options.scanText(text, file) : [];
  // The record's file name is evidence of a leak too: a secret there is a finding and the record admits nothing.
  if (options.scanName) scanFindings.push(...(await options.scanName(basename(file), file)));
  if (!parsed.ok) return { record: null, scanFindings };
  return {
    record: { file, kind: recordKind(parsed.value), value: parsed.value, keyLines: parsed.keyLines, scanFindings },
    scanFindings,
  };
}

/** Checks loaded records: admissions first, then decisions against those admissions. */
function checkRecords(records: readonly LoadedRecord[], now: Date): Map<string, { findings: FindingDraft[]; admission?: Admission; decision?: DecisionRecord }> {
  const results = new Map<string, { findings: FindingDraft[]; admission?: Admission; decision?: DecisionRecord }>();
  const admissions: Admission[] = [];
  for (const record of records) {
    if (record.kind !== "admission") continue;
    const check = checkAdmissionRecord(record.value, { file: record.file, keyLines: record.keyLines }, { now });
    const leaked = record.scanFindings.some((f) => f.category === "secret");
    const findings = [...check.findings, ...record.scanFindings];
    if (check.admission && !leaked) {
      admissions.push(check.admission);
      results.set(record.file, { findings, admission: check.admission });
    } else results.set(record.file, { findings });
  }
  for (const record of records) {
    if (record.kind !== "decision") continue;
    const check = checkDecisionRecord(record.value, { file: record.file, keyLines: record.keyLines }, { admissions });
    const leaked = record.scanFindings.some((f) => f.category === "secret");
    const findings = [...check.findings, ...record.scanFindings];
    results.set(record.file, check.record && !leaked ? { findings, decision: check.record } : { findings });
  }
  return results;
}

/**
 * Loads the admission registry folder. No folder: an empty registry, nothing admitted.
 * Throws `RegistryError` when the folder is missing, unreadable or not a directory, when it
 * holds a symlink, or when a `.json` file in it cannot be read or is not JSON. Other files are
 * ignored. A record with `decision_status` is a decision record; any other is an admission
 * record. A stale admission (review date past at `options.now`) is a warning and still enters
 * `admissions` with its `reviewBy`, so it keeps admitting runs that started before that date
 * (v1 choice; the gates compare `reviewBy` with each run's start).
 */
export async function loadRegistry(dir: string | undefined, options: RegistryOptions): Promise<Registry> {
  if (dir === undefined) return { dir: null, admissions: [], decisions: [], findings: [] };
  const maxBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const records: LoadedRecord[] = [];
  for (const file of await listRecordFiles(dir)) {
    const text = await readRecordText(file, maxBytes);
    if (!text.ok) throw new RegistryError(`${file} ${text.reason}`, file);
    const { record } = await loadRecord(file, text.text, options);
    if (record === null) throw new RegistryError(`${file} is not valid JSON`, file);
    records.push(record);
  }
  const results = checkRecords(records, options.now);
  const registry: Registry = { dir, admissions: [], decisions: [], findings: [] };
  for (const record of records) {
    const result = results.get(record.file);
    if (!result) continue;
    registry.findings.push(...result.findings);
    if (result.admission) registry.admissions.push(result.admission);
    if (result.decision) registry.decisions.push({ file: record.file, value: result.decision });
  }
  return registry;
}

/** The outcome for one file given to `loadRecords`. */
export interface RecordFileResult {
  file: string;
  /** `unreadable`: not UTF-8 text or not JSON (reported as a finding). */
  kind: "admission" | "decision" | "unreadable";
  /** True when the record is valid: an admission that admits its pair, or a valid decision. */
  valid: boolean;
  findings: FindingDraft[];
}

/**
 * Validates the admission and decision records at `paths` (files, or folders whose `.json`
 * files are read), for `harness-audit admissions <file|dir...>`. Unlike `loadRegistry`, a file
 * that is not JSON is a finding (`registry/unreadable-record`), so every file is reported; a
 * path that does not exist, a symlink or an unreadable file still throws `RegistryError`.
 * Decision records are cross-checked against the admissions among the same paths.
 */
export async function loadRecords(paths: readonly string[], options: RegistryOptions): Promise<{ files: RecordFileResult[] }> {
  const maxBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await lstat(path);
    } catch (error) {
      throw new RegistryError(`${path} cannot be read: ${describe(error)}`, path);
    }
    if (info.isSymbolicLink()) throw new RegistryError(`${path} is a symlink; the registry never follows symlinks`, path);
    if (info.isDirectory()) files.push(...(await listRecordFiles(path)));
    else files.push(path);
  }

  const records: LoadedRecord[] = [];
  const unreadable = new Map<string, FindingDraft[]>();
  for (const file of files) {
    const text = await readRecordText(file, maxBytes);
    const { record, scanFindings } = text.ok ? await loadRecord(file, text.text, options) : { record: null, scanFindings: [] };
    if (record) {
      records.push(record);
      continue;
    }
    const reason = text.ok ? "is not valid JSON" : text.reason;
    unreadable.set(file, [
      {
        category: "integrity",
        rule: "registry/unreadable-record",
        code: "RECORD_NOT_JSON",
        severity: "error",
        message: `record ${reason}`,
        file,
        line: null,
        column: null,
      },
      ...scanFindings,
    ]);
  }

  const results = checkRecords(records, options.now);
  return {
    files: files.map((file) => {
      const bad = unreadable.get(file);
      if (bad) return { file, kind: "unreadable", valid: false, findings: bad };
      const record = records.find((r) => r.file === file);
      const result = results.get(file);
      return {
        file,
        kind: record?.kind ?? "admission",
        valid: Boolean(result?.admission ?? result?.decision),
        findings: result?.findings ?? [],
      };
    }),
  };
}
