import { promises as fs } from "node:fs";
import { auditResultSchema } from "../formatters/json-schema.js";
import { summarize } from "../pipeline/summary.js";
import type { AuditResult, SharedFindings } from "../types.js";
import { TOOL_VERSION } from "../version.js";

/** A shard result that cannot be merged: a usage error (exit 2). */
export class MergeError extends Error {}

/**
 * Combines shard results (`--format json` documents) into one document of the same schema,
 * summary recomputed. A run present in two inputs means the shards overlapped: refused.
 */
export function mergeResults(documents: ReadonlyArray<{ name: string; value: unknown }>): AuditResult {
  const runs: AuditResult["runs"] = [];
  const seen = new Map<string, string>();
  let registry: SharedFindings | undefined;
  let allowlist: SharedFindings | undefined;
  for (const { name, value } of documents) {
    const parsed = auditResultSchema.safeParse(value);
    if (!parsed.success) throw new MergeError(`${name} is not a harness-audit JSON result`);
    const doc = parsed.data as AuditResult;
    for (const run of doc.runs) {
      const other = seen.get(run.path);
      if (other !== undefined) throw new MergeError(`run ${run.path} is in both ${other} and ${name}: shards overlap`);
      seen.set(run.path, name);
      runs.push(run);
    }
    registry = unionShared(registry, doc.registry);
    allowlist = unionShared(allowlist, doc.allowlist);
  }
  runs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    version: 1,
    tool: { name: "harness-audit", version: TOOL_VERSION },
    summary: summarize(runs, [...(registry?.findings ?? []), ...(allowlist?.findings ?? [])]),
    runs,
    ...(registry && { registry }),
    ...(allowlist && { allowlist }),
  };
}

/** Every shard audits with the same registry; keep each distinct finding once. */
function unionShared(a: SharedFindings | undefined, b: SharedFindings | undefined): SharedFindings | undefined {
  if (!a) return b;
  if (!b) return a;
  const byFingerprint = new Map(a.findings.map((f) => [f.fingerprint, f]));
  for (const f of b.findings) if (!byFingerprint.has(f.fingerprint)) byFingerprint.set(f.fingerprint, f);
  return { path: a.path, findings: [...byFingerprint.values()] };
}

export async function readResultFiles(files: readonly string[]): Promise<Array<{ name: string; value: unknown }>> {
  return Promise.all(
    files.map(async (name) => {
      let text: string;
      try {
        text = await fs.readFile(name, "utf8");
      } catch (error) {
        throw new MergeError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
      }
      try {
        return { name, value: JSON.parse(text) as unknown };
      } catch {
        throw new MergeError(`${name} is not JSON`);
      }
    }),
  );
}
