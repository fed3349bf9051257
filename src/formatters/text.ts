import type { AuditSummary, Finding } from "../types.js";
import type { Formatter } from "./context.js";
import { groupByFile, locationOf, sharedGroups, type SharedGroup } from "./finding-groups.js";
import { paint, printable, type Paint } from "./terminal.js";

const INDENT = "  ";

function findingLine(finding: Finding, colour: Paint, wholeLabel: string): string {
  // A suppressed finding is one dim line; inner styles would end the dimming early.
  const p = finding.suppressed ? paint(false) : colour;
  const severity = finding.severity === "error" ? p.red("error") : p.yellow("warning");
  const preview = finding.preview === undefined ? "" : ` (${printable(finding.preview)})`;
  const parts = [
    printable(locationOf(finding, wholeLabel)),
    severity,
    p.dim(printable(finding.rule)),
    `${printable(finding.message)}${preview}`,
  ];
  let line = INDENT + parts.join("  ");
  if (finding.suppressed) line = colour.dim(line + `  [suppressed: ${printable(finding.suppressed.reason)}]`);
  return line;
}

/** Findings in file groups (order of first appearance), so one file's findings stay together. */
function findingLines(findings: readonly Finding[], p: Paint, wholeLabel: string): string[] {
  const lines: string[] = [];
  for (const group of groupByFile(findings).values()) {
    for (const finding of group) lines.push(findingLine(finding, p, wholeLabel));
  }
  return lines;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

export function summaryLine(result: { summary: AuditSummary }): string {
  const { runs, passed, failed, findings, suppressed } = result.summary;
  const hidden = suppressed > 0 ? ` (${suppressed} suppressed)` : "";
  return `${plural(runs, "run")}: ${passed} passed, ${failed} failed · ${plural(findings, "finding")}${hidden}`;
}

/**
 * Human-readable report for a terminal: runs with findings, one line per finding
 * (`file:line:col  severity  rule  message`), registry/allowlist findings in their own
 * groups, then one summary line. Runs without findings are only counted.
 */
const GROUP_LABELS: Record<SharedGroup["kind"], string> = { registry: "REGISTRY", allowlist: "ALLOWLIST", root: "OUTSIDE RUNS" };

export const formatText: Formatter = function* (result, ctx) {
  const p = paint(ctx.color);
  let blocks = 0;
  const block = (text: string) => `${blocks++ === 0 ? "" : "\n\n"}${text}`;

  for (const run of result.runs) {
    if (run.findings.length === 0) continue;
    const verdict = run.verdict === "fail" ? p.bold(p.red("FAIL")) : p.bold(p.green("PASS"));
    const status = run.status === null ? "no readable report" : `status: ${run.status}`;
    const header = `${verdict}  ${p.bold(printable(run.path))}  ${p.dim(`(${printable(status)})`)}`;
    yield block([header, ...findingLines(run.findings, p, "(run)")].join("\n"));
  }

  for (const group of sharedGroups(result)) {
    if (group.findings.length === 0) continue;
    const header = `${p.bold(GROUP_LABELS[group.kind])}  ${p.bold(printable(group.path))}`;
    yield block([header, ...findingLines(group.findings, p, `(${group.kind})`)].join("\n"));
  }

  const summary = result.summary.failed > 0 ? p.red(summaryLine(result)) : p.green(summaryLine(result));
  yield block(summary) + "\n";
};
