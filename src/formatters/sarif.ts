import type { Location, Log, ReportingDescriptor, Result } from "sarif";
import type { Finding } from "../types.js";
import type { Formatter } from "./context.js";
import { allRules, everyFinding, sharedGroups } from "./finding-groups.js";
import { spliceList } from "./json-splice.js";
import { sarifUri, type SarifUri } from "./sarif-uri.js";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
/** Key of our fingerprint in `partialFingerprints`; bump the suffix if its recipe changes. */
export const FINGERPRINT_KEY = "harnessAudit/v1";

function location(artifact: SarifUri, finding: Finding): Location {
  const physical: NonNullable<Location["physicalLocation"]> = { artifactLocation: { ...artifact } };
  if (finding.line !== null) {
    physical.region =
      finding.column === null ? { startLine: finding.line } : { startLine: finding.line, startColumn: finding.column };
  }
  return { physicalLocation: physical };
}

function toResult(finding: Finding, ruleIndex: number, artifact: SarifUri, origin: Record<string, string>): Result {
  const properties: Record<string, string> = { category: finding.category, code: finding.code, ...origin };
  if (finding.preview !== undefined) properties.preview = finding.preview;
  if (finding.decoding !== undefined) properties.decoding = finding.decoding;
  const result: Result = {
    ruleId: finding.rule,
    ruleIndex,
    level: finding.severity,
    message: { text: finding.message },
    locations: [location(artifact, finding)],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    properties,
  };
  if (finding.suppressed) {
    result.suppressions = [
      {
        kind: "external",
        justification: finding.suppressed.reason,
        properties: { expires: finding.suppressed.expires },
      },
    ];
  }
  return result;
}

/**
 * SARIF 2.1.0 for code-scanning consumers. One driver rule per descriptor (plus any rule seen
 * only in findings); artifact URIs are `<run path>/<file>` relative to the scanned root under
 * `%SRCROOT%`; a whole-run finding points at its run directory, a registry finding at the
 * registry. Only masked previews ever appear, never a secret value.
 */
export const formatSarif: Formatter = function* (result, ctx) {
  const rules = allRules(everyFinding(result), ctx.rules);
  const indexOf = new Map(rules.map((rule, i) => [rule.id, i]));

  function* results(): Generator<Result> {
    for (const run of result.runs) {
      const runDir = withoutTrailingSlashes(run.path);
      for (const finding of run.findings) {
        const artifact =
          finding.file === null ? sarifUri(runDir, ctx.root, true) : sarifUri(`${runDir}/${finding.file}`, ctx.root);
        yield toResult(finding, indexOf.get(finding.rule) ?? -1, artifact, { run: run.id });
      }
    }
    for (const group of sharedGroups(result)) {
      const base = withoutTrailingSlashes(group.path);
      for (const finding of group.findings) {
        // The registry and a root are folders; the allowlist is one file, so its findings point at it.
        const target = group.kind !== "allowlist" && finding.file !== null ? `${base}/${finding.file}` : base;
        yield toResult(finding, indexOf.get(finding.rule) ?? -1, sarifUri(target, ctx.root), { input: group.kind });
      }
    }
  }

  const driverRules: ReportingDescriptor[] = rules.map((rule) => {
    const descriptor: ReportingDescriptor = {
      id: rule.id,
      shortDescription: { text: rule.description },
      properties: { category: rule.category, tags: [rule.category] },
    };
    if (rule.helpUri !== undefined) descriptor.helpUri = rule.helpUri;
    return descriptor;
  });

  const run: NonNullable<Log["runs"]>[number] = {
    tool: { driver: { name: result.tool.name, version: result.tool.version, rules: driverRules } },
    results: [],
  };
  const log: Log = { $schema: SARIF_SCHEMA, version: "2.1.0", runs: [run] };
  yield* spliceList(log, (list) => (run.results = list as Result[]), results());
  yield "\n";
};

/** `path` without its trailing slashes (a loop: `/\/+$/` rescans a run of slashes from each one). */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end--;
  return path.slice(0, end);
}
