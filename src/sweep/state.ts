import { randomBytes } from "node:crypto";
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
  let parsed: SweepState;
  try {
    parsed = SweepStateSchema.parse(JSON.parse(text));
  } catch {
    return { state: emptyState(environment), previous: null, note: `state file ${file} is corrupt or not harness-audit's; discarded and rebuilt` };
  }
  if (parsed.environment !== environment) {
    // Results of another environment are not reused, but still tell what failed last time.
    return { state: emptyState(environment), previous: parsed, note: `tool, rules, options or registry changed since the last sweep; every run is audited again` };
  }
  return { state: parsed, previous: parsed, note: null };
}

/** Writes the state atomically: a temporary file in the same folder, flushed, then renamed. */
export async function saveState(file: string, state: SweepState): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await fs.open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(JSON.stringify(state));
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
