import { FINDING_CATEGORIES, VERDICTS, type AuditResult, type Finding, type RunResult } from "../types.js";
import type { Formatter } from "./context.js";
import { compareStrings, counts, everyFinding, locationOf, sharedGroups } from "./finding-groups.js";
import { mdCode, mdTable, mdText } from "./markdown-escape.js";

const TOP_RULES = 10;

function tally<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function verdictSection(result: AuditResult): string {
  const byVerdict = tally(result.runs, (run) => run.verdict);
  const rows = VERDICTS.map((verdict) => [verdict, String(byVerdict.get(verdict) ?? 0)]);
  return mdTable(["verdict", "runs"], rows, [false, true]);
}

function statusSection(result: AuditResult): string {
  const byStatus = tally(result.runs, (run) => run.status ?? "\u0000");
  const rows = [...byStatus.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([status, n]) => [status === "\u0000" ? "_(no readable report)_" : mdCode(status), String(n)]);
  if (rows.length === 0) return "No runs.";
  return mdTable(["report status", "runs"], rows, [false, true]);
}

function categorySection(findings: readonly Finding[]): string {
  const rows = FINDING_CATEGORIES.map((category) => {
    const ofCategory = findings.filter((f) => f.category === category);
    const counted = ofCategory.filter(counts);
    return [
      category,
      String(counted.length),
      String(ofCategory.length - counted.length),
    ];
  });
  return mdTable(["category", "findings", "suppressed"], rows, [false, true, true]);
}

function topRulesSection(result: AuditResult): string {
  const perRule = new Map<string, { findings: number; runs: Set<string> }>();
  const add = (finding: Finding, origin: string) => {
    if (!counts(finding)) return;
    const entry = perRule.get(finding.rule) ?? { findings: 0, runs: new Set<string>() };
    entry.findings += 1;
    entry.runs.add(origin);
    perRule.set(finding.rule, entry);
  };
  for (const run of result.runs) for (const f of run.findings) add(f, `run:${run.id}`);
  for (const group of sharedGroups(result)) for (const f of group.findings) add(f, group.kind);
  const top = [...perRule.entries()]
    .sort(([ra, a], [rb, b]) => b.findings - a.findings || compareStrings(ra, rb))
    .slice(0, TOP_RULES);
  if (top.length === 0) return "No findings.";
  const rows = top.map(([rule, entry]) => [mdCode(rule), String(entry.findings), String(entry.runs.size)]);
  return mdTable(["rule", "findings", "runs / inputs"], rows, [false, true, true]);
}

function severityCounts(findings: readonly Finding[]) {
  const counted = findings.filter(counts);
  return {
    errors: counted.filter((f) => f.severity === "error").length,
    warnings: counted.filter((f) => f.severity === "warning").length,
    suppressed: findings.length - counted.length,
  };
}

function failingRunsTable(failing: readonly RunResult[]): string {
  const rows = failing.map((run) => {
    const c = severityCounts(run.findings);
    return [
      mdCode(run.id),
      run.status === null ? "_(none)_" : mdCode(run.status),
      String(c.errors),
      String(c.warnings),
      String(c.suppressed),
    ];
  });
  return mdTable(["run", "report status", "errors", "warnings", "suppressed"], rows, [false, false, true, true, true]);
}

function findingItem(finding: Finding, wholeLabel: string): string {
  const preview = finding.preview === undefined ? "" : ` (${mdCode(finding.preview)})`;
  const suppressed = finding.suppressed ? ` — _suppressed: ${mdText(finding.suppressed.reason)}_` : "";
  return `- **${finding.severity}** ${mdCode(locationOf(finding, wholeLabel))} ${mdCode(finding.rule)} ${mdText(finding.message)}${preview}${suppressed}`;
}

function details(summary: string, items: readonly string[]): string {
  return ["<details>", `<summary>${summary}</summary>`, "", ...items, "", "</details>"].join("\n");
}

function newlyFailingSection(result: AuditResult, previous: AuditResult): string {
  const before = new Map(previous.runs.map((run) => [run.id, run.verdict]));
  const newly = result.runs.filter((run) => run.verdict === "fail" && before.get(run.id) !== "fail");
  if (newly.length === 0) return "None.";
  return newly
    .map((run) => `- ${mdCode(run.id)} — ${before.has(run.id) ? "passed before" : "not in the previous sweep"}`)
    .join("\n");
}

/**
 * A summary for people (CI job summaries, the nightly report): counts by verdict, report
 * status and category, the top rules, the failing runs, and each failing run's findings in a
 * collapsible block. Every inserted string is escaped; nothing from the evidence is interpreted.
 */
export const formatMarkdown: Formatter = (result, ctx) => {
  const { runs, failed, findings, suppressed } = result.summary;
  const all = everyFinding(result);
  const failing = result.runs.filter((run) => run.verdict === "fail");
  const sections: string[] = [
    `## harness-audit: ${failed} of ${runs} run${runs === 1 ? "" : "s"} failed`,
    `${findings} finding${findings === 1 ? "" : "s"} (${suppressed} suppressed) · harness-audit ${mdText(result.tool.version)}`,
    "### Runs by verdict",
    verdictSection(result),
    "### Runs by report status",
    statusSection(result),
    "### Findings by category",
    categorySection(all),
    `### Top ${TOP_RULES} rules`,
    topRulesSection(result),
  ];

  if (ctx.previous) {
    sections.push("### Newly failing since the previous sweep", newlyFailingSection(result, ctx.previous));
  }

  sections.push("### Failing runs");
  if (failing.length === 0) {
    sections.push("No run failed.");
  } else {
    sections.push(failingRunsTable(failing));
    for (const run of failing) {
      const summary = `${mdCode(run.id)} — ${run.findings.length} finding${run.findings.length === 1 ? "" : "s"}`;
      sections.push(details(summary, run.findings.map((f) => findingItem(f, "(run)"))));
    }
  }

  for (const group of sharedGroups(result)) {
    if (group.findings.length === 0) continue;
    sections.push(`### ${group.kind === "registry" ? "Admission registry" : "Allowlist"} ${mdCode(group.path)}`);
    sections.push(group.findings.map((f) => findingItem(f, `(${group.kind})`)).join("\n"));
  }

  return sections.join("\n\n") + "\n";
};
