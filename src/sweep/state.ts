import { createHash, randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { RunResult } from "../types.js";

/**
 * The sweep's memory between nights: each run's content fingerprint and its result. The file
 * holds findings exactly as the JSON output does — masked previews and hashes, never a secret.
 */
const STATE_KIND = "harness-audit-sweep-state";

const FindingSchema = z
  .object({
    category: z.enum(["secret", "model", "schema", "gate", "integrity"]),
    rule: z.string(),
    code: z.string(),
    severity: z.enum(["error", "warning"]),
    message: z.string(),
    file: z.string().nullable(),
    line: z.number().int().positive().nullable(),
    column: z.number().int().positive().nullable(),
    preview: z.string().optional(),
    decoding: z.string().optional(),
    fingerprint: z.string(),
  })
  .strict();

const RunResultSchema = z
  .object({
    id: z.string(),
    path: z.string(),
    verdict: z.enum(["pass", "fail"]),
    status: z.string().nullable(),
    findings: z.array(FindingSchema),
    artifacts: z.array(z.string()).optional(),
  })
  .strict();

export const SweepStateSchema = z
  .object({
    kind: z.literal(STATE_KIND),
    version: z.literal(1),
    /** Hash of tool version, rules, options and registry: any change invalidates every run. */
    environment: z.string(),
    savedAt: z.string(),
    runs: z.record(z.string(), z.object({ fingerprint: z.string(), result: RunResultSchema }).strict()),
  })
  .strict();

export type SweepState = z.infer<typeof SweepStateSchema>;
export type CachedRun = SweepState["runs"][string];

export function emptyState(environment: string): SweepState {
  return { kind: STATE_KIND, version: 1, environment, savedAt: new Date(0).toISOString(), runs: {} };
}

/**
 * The file is a header line, `{"kind":…,"version":2,"sha256":…}` (the file format's version;
 * the state inside keeps its own `version: 1`), then the state as JSON; the hash is the state
 * text's. A state that hashes right was written as it is by this tool: made in this same
 * environment (same tool, rules, options and registry), it is used without checking its
 * findings field by field again (on the bench root, 16,000 findings: ~80 ms of a ~0.9 s warm
 * sweep, plus the garbage). Anything else — a hash that does not match (truncated, edited), or a
 * state from another environment, kept only as the previous sweep — is checked against the
 * schema. A corrupt or foreign file is never trusted.
 */
const FILE_VERSION = 2;
const HeaderSchema = z.object({ kind: z.literal(STATE_KIND), version: z.literal(FILE_VERSION), sha256: z.string() }).strict();

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Reads the state. A missing file is a first sweep; a corrupt or foreign one, or one made in
 * another environment, is discarded (and said so) — never trusted.
 */
export async function loadState(file: string, environment: string): Promise<{ state: SweepState; previous: SweepState | null; note: string | null }> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { state: emptyState(environment), previous: null, note: null };
    return { state: emptyState(environment), previous: null, note: `state file ${file} unreadable (${(error as NodeJS.ErrnoException).code}); rebuilding it` };
  }
  const parsed = parseStateFile(text, environment);
  if (parsed === null) {
    // Version 1 was the state alone, on one line, without a header.
    const older = text.startsWith(`{"kind":"${STATE_KIND}","version":1,`) && !text.includes("\n") && parsesAsJson(text);
    const why = older ? "was written by an older harness-audit" : "is corrupt or not harness-audit's";
    return { state: emptyState(environment), previous: null, note: `state file ${file} ${why}; discarded and rebuilt` };
  }
  if (parsed.environment !== environment) {
    // Results of another environment are not reused, but still tell what failed last time.
    return { state: emptyState(environment), previous: parsed, note: `tool, rules, options or registry changed since the last sweep; every run is audited again` };
  }
  return { state: parsed, previous: parsed, note: null };
}

function parseStateFile(text: string, environment: string): SweepState | null {
  try {
    const newline = text.indexOf("\n");
    if (newline === -1) return null;
    const header = HeaderSchema.parse(JSON.parse(text.slice(0, newline)));
    const body = text.slice(newline + 1);
    if (sha256(body) !== header.sha256) return null;
    const value: unknown = JSON.parse(body);
    if (isStateOf(value, environment)) return value;
    return SweepStateSchema.parse(value);
  } catch {
    return null;
  }
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The envelope of a state made in `environment` (its hash already matched). */
function isStateOf(value: unknown, environment: string): value is SweepState {
  if (typeof value !== "object" || value === null) return false;
  const state = value as Record<string, unknown>;
  return state["kind"] === STATE_KIND && state["version"] === 1 && state["environment"] === environment && typeof state["runs"] === "object" && state["runs"] !== null;
}

/** Writes the state atomically: a temporary file in the same folder, flushed, then renamed. */
export async function saveState(file: string, state: SweepState): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await fs.open(temporary, "wx", 0o600);
  try {
    const body = JSON.stringify(state);
    await handle.writeFile(`${JSON.stringify({ kind: STATE_KIND, version: FILE_VERSION, sha256: sha256(body) })}\n${body}`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

export function cachedResults(state: SweepState | null): Map<string, RunResult> {
  return new Map(Object.entries(state?.runs ?? {}).map(([key, entry]) => [key, entry.result]));
}
