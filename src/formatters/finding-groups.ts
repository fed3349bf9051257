import type { AuditView, Finding, SharedFindings } from "../types.js";
import type { RuleDescriptor } from "./context.js";

/** Findings about an input shared by all runs, with which input it is. */
export interface SharedGroup extends SharedFindings {
  /** `root`: what an audited folder or archive holds under no run directory. */
  kind: "registry" | "allowlist" | "root";
}

/** How a report titles each kind of group, before the group's path. */
export const GROUP_TITLES: Readonly<Record<SharedGroup["kind"], string>> = {
  registry: "Admission registry",
  allowlist: "Allowlist",
  root: "Under no run directory in",
};

/** The registry, allowlist and root groups that are present, always in that order. */
export function sharedGroups(result: AuditView): SharedGroup[] {
  const groups: SharedGroup[] = [];
  if (result.registry) groups.push({ kind: "registry", ...result.registry });
  if (result.allowlist) groups.push({ kind: "allowlist", ...result.allowlist });
  for (const root of result.roots ?? []) groups.push({ kind: "root", ...root });
  return groups;
}

/** Findings of the runs, then of the registry, the allowlist and the roots. */
export function* everyFinding(result: AuditView): Generator<Finding> {
  for (const run of result.runs) yield* run.findings;
  for (const group of sharedGroups(result)) yield* group.findings;
}

/** Findings grouped by file, groups in order of first appearance (null file = whole run). */
export function groupByFile(findings: readonly Finding[]): Map<string | null, Finding[]> {
  const groups = new Map<string | null, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.file);
    if (group) group.push(finding);
    else groups.set(finding.file, [finding]);
  }
  return groups;
}

/** `file:line:col`, `file:line`, `file`, or `(run)` for a whole-run finding. */
export function locationOf(finding: Finding, wholeLabel = "(run)"): string {
  if (finding.file === null) return wholeLabel;
  if (finding.line === null) return finding.file;
  if (finding.column === null) return `${finding.file}:${finding.line}`;
  return `${finding.file}:${finding.line}:${finding.column}`;
}

/** True when the finding counts toward a verdict (not hidden by the allowlist). */
export function counts(finding: Finding): boolean {
  return finding.suppressed === undefined;
}

/**
 * Every rule a formatter should describe: the descriptors given (first occurrence of an id
 * wins), then ids seen only in findings, sorted, with a generic description.
 */
export function allRules(findings: Iterable<Finding>, known: readonly RuleDescriptor[]): RuleDescriptor[] {
  const byId = new Map<string, RuleDescriptor>();
  for (const rule of known) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  const unknown = new Map<string, RuleDescriptor>();
  for (const finding of findings) {
    if (byId.has(finding.rule) || unknown.has(finding.rule)) continue;
    unknown.set(finding.rule, {
      id: finding.rule,
      category: finding.category,
      description: `Findings reported under rule ${finding.rule}.`,
    });
  }
  const extra = [...unknown.values()].sort((a, b) => compareStrings(a.id, b.id));
  return [...byId.values(), ...extra];
}

/** Code-unit order, independent of the locale (output must not depend on the machine). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
