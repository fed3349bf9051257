import { promises as fs } from "node:fs";
import { auditResultSchema } from "../formatters/json-schema.js";
import { sharedFindingsOf, summarize } from "../pipeline/summary.js";
import type { TextMasker } from "../secrets/mask-text.js";
import type { AuditResult, Finding, RunResult, SharedFindings } from "../types.js";
import { TOOL_VERSION } from "../version.js";

/** A shard result that cannot be merged: a usage error (exit 2). */
export class MergeError extends Error {}

/**
 * Combines shard results (`--format json` documents) into one document of the same schema,
 * summary recomputed. A run present in two inputs means the shards overlapped: refused.
 */
export async function mergeResults(documents: ReadonlyArray<{ name: string; value: unknown }>, masker: TextMasker): Promise<AuditResult> {
  const runs: AuditResult["runs"] = [];
  const seen = new Map<string, string>();
  let registry: SharedFindings | undefined;
  let allowlist: SharedFindings | undefined;
  const roots = new Map<string, SharedFindings>();
  for (const { name, value } of documents) {
    const parsed = auditResultSchema.safeParse(value);
    if (!parsed.success) throw new MergeError(`${name} is not a harness-audit JSON result`);
    // The inputs are files a user names, not output this process made: every text goes through the gate again.
    const doc = await maskDocument(parsed.data, masker);
    for (const run of doc.runs) {
      const other = seen.get(run.path);
      if (other !== undefined) throw new MergeError(`run ${run.path} is in both ${other} and ${name}: shards overlap`);
      seen.set(run.path, name);
      runs.push(run);
    }
    registry = unionShared(registry, doc.registry);
    allowlist = unionShared(allowlist, doc.allowlist);
    // Every shard of a sweep sees the same files under no run: each is kept once.
    for (const root of doc.roots ?? []) roots.set(root.path, unionShared(roots.get(root.path), root) as SharedFindings);
  }
  runs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const shared = { ...(registry && { registry }), ...(allowlist && { allowlist }), ...(roots.size > 0 && { roots: [...roots.values()] }) };
  return {
    version: 1,
    tool: { name: "harness-audit", version: TOOL_VERSION },
    summary: summarize(runs, sharedFindingsOf(shared)),
    runs,
    ...shared,
  };
}

type ParsedResult = ReturnType<typeof auditResultSchema.parse>;

async function maskDocument(doc: ParsedResult, masker: TextMasker): Promise<Omit<AuditResult, "summary" | "tool" | "version">> {
  const findings = async (list: ParsedResult["runs"][number]["findings"]): Promise<Finding[]> => {
    const masked: Finding[] = [];
    for (const { suppressed, ...f } of list) {
      masked.push({
        ...f,
        rule: await masker.mask(f.rule),
        code: await masker.mask(f.code),
        ...(suppressed && { suppressed: { reason: await masker.mask(suppressed.reason), expires: await masker.mask(suppressed.expires) } }),
        message: await masker.mask(f.message),
        file: await masker.maskNullable(f.file),
        preview: f.preview === undefined ? undefined : await masker.mask(f.preview),
      });
    }
    return masked;
  };
  const shared = async (group: ParsedResult["registry"]): Promise<SharedFindings | undefined> =>
    group && { path: await masker.mask(group.path), findings: await findings(group.findings) };
  const runs: RunResult[] = [];
  for (const { artifacts: listed, ...run } of doc.runs) {
    const artifacts = listed && (await Promise.all(listed.map((a) => masker.mask(a))));
    runs.push({
      ...run,
      id: await masker.mask(run.id),
      path: await masker.mask(run.path),
      status: await masker.maskNullable(run.status),
      findings: await findings(run.findings),
      ...(artifacts && { artifacts }),
    });
  }
  const registry = await shared(doc.registry);
  const allowlist = await shared(doc.allowlist);
  const roots: SharedFindings[] = [];
  for (const root of doc.roots ?? []) roots.push((await shared(root)) as SharedFindings);
  return { runs, ...(registry && { registry }), ...(allowlist && { allowlist }), ...(roots.length > 0 && { roots }) };
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
