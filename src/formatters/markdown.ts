import { FINDING_CATEGORIES, VERDICTS, type AuditView, type Finding, type RunResult } from "../types.js";
import type { FormatContext, Formatter } from "./context.js";
import { compareStrings, GROUP_TITLES, locationOf, sharedGroups } from "./finding-groups.js";
import { mdCode, mdTable, mdText } from "./markdown-escape.js";
import { NO_STATUS, newlyFailing, severityCounts, tallies, type Tallies } from "./tallies.js";

const TOP_RULES = 10;

function verdictSection(t: Tallies): string {
  const rows = VERDICTS.map((verdict) => [verdict, String(t.byVerdict.get(verdict) ?? 0)]);
  return mdTable(["verdict", "runs"], rows, [false, true]);
}

function statusSection(t: Tallies): string {
  const rows = [...t.byStatus.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([status, n]) => [status === NO_STATUS ? "_(no readable report)_" : mdCode(status), String(n)]);
  if (rows.length === 0) return "No runs.";
  return mdTable(["report status", "runs"], rows, [false, true]);
}

function categorySection(t: Tallies): string {
  const rows = FINDING_CATEGORIES.map((category) => {
    const c = t.byCategory.get(category) ?? { counted: 0, suppressed: 0 };
    return [category, String(c.counted), String(c.suppressed)];
  });
  return mdTable(["category", "findings", "suppressed"], rows, [false, true, true]);
}

function topRulesSection(t: Tallies): string {
  const top = [...t.perRule.entries()]
    .sort(([ra, a], [rb, b]) => b.findings - a.findings || compareStrings(ra, rb))
    .slice(0, TOP_RULES);
  if (top.length === 0) return "No findings.";
  const rows = top.map(([rule, entry]) => [mdCode(rule), String(entry.findings), String(entry.origins)]);
  return mdTable(["rule", "findings", "runs / inputs"], rows, [false, true, true]);
}

function failingRunRow(run: RunResult): string {
  const c = severityCounts(run.findings);
  const cells = [mdCode(run.id), run.status === null ? "_(none)_" : mdCode(run.status), String(c.errors), String(c.warnings), String(c.suppressed)];
  return `| ${cells.join(" | ")} |`;
}

function findingItem(finding: Finding, wholeLabel: string): string {
  const preview = finding.preview === undefined ? "" : ` (${mdCode(finding.preview)})`;
  const suppressed = finding.suppressed ? ` — _suppressed: ${mdText(finding.suppressed.reason)}_` : "";
  return `- **${finding.severity}** ${mdCode(locationOf(finding, wholeLabel))} ${mdCode(finding.rule)} ${mdText(finding.message)}${preview}${suppressed}`;
}

function details(summary: string, items: readonly string[]): string {
  return ["<details>", `<summary>${summary}</summary>`, "", ...items, "", "</details>"].join("\n");
}

function* newlyFailingLines(result: AuditView, previous: NonNullable<FormatContext["previous"]>): Generator<string> {
  for (const { run, passedBefore } of newlyFailing(result, previous)) {
    yield `- ${mdCode(run.id)} — ${passedBefore ? "passed before" : "not in the previous sweep"}`;
  }
}

/** Lines joined by `separator`, or `empty` when there are none. */
function* joined(lines: Iterable<string>, separator: string, empty: string): Generator<string> {
  let first = true;
  for (const line of lines) {
    yield first ? line : `${separator}${line}`;
    first = false;
  }
  if (first) yield empty;
}

/**
 * A summary for people (CI job summaries, the nightly report): counts by verdict, report
 * status and category, the top rules, the failing runs, and each failing run's findings in a
 * collapsible block. Every inserted string is escaped; nothing from the evidence is interpreted.
 */
export const formatMarkdown: Formatter = function* (result, ctx) {
  const { runs, failed, findings, suppressed } = result.summary;
  const t = tallies(result);
  const sections: string[] = [
    `## harness-audit: ${failed} of ${runs} run${runs === 1 ? "" : "s"} failed`,
    `${findings} finding${findings === 1 ? "" : "s"} (${suppressed} suppressed) · harness-audit ${mdText(result.tool.version)}`,
    "### Runs by verdict",
    verdictSection(t),
    "### Runs by report status",
    statusSection(t),
    "### Findings by category",
    categorySection(t),
    `### Top ${TOP_RULES} rules`,
    topRulesSection(t),
  ];
  yield sections.join("\n\n");

  if (ctx.previous) {
    yield "\n\n### Newly failing since the previous sweep\n\n";
    yield* joined(newlyFailingLines(result, ctx.previous), "\n", "None.");
  }

  yield "\n\n### Failing runs\n\n";
  if ((t.byVerdict.get("fail") ?? 0) === 0) {
    yield "No run failed.";
  } else {
    yield mdTable(["run", "report status", "errors", "warnings", "suppressed"], [], [false, false, true, true, true]);
    for (const run of result.runs) if (run.verdict === "fail") yield `\n${failingRunRow(run)}`;
    for (const run of result.runs) {
      if (run.verdict !== "fail") continue;
      const summary = `${mdCode(run.id)} — ${run.findings.length} finding${run.findings.length === 1 ? "" : "s"}`;
      yield `\n\n${details(summary, run.findings.map((f) => findingItem(f, "(run)")))}`;
    }
  }

  for (const group of sharedGroups(result)) {
    if (group.findings.length === 0) continue;
    yield `\n\n### ${GROUP_TITLES[group.kind]} ${mdCode(group.path)}`;
    yield `\n\n${group.findings.map((f) => findingItem(f, `(${group.kind})`)).join("\n")}`;
  }
  yield "\n";
};
