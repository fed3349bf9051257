import { FINDING_CATEGORIES, VERDICTS, type AuditView, type Finding, type RunResult } from "../types.js";
import type { Formatter } from "./context.js";
import { compareStrings, GROUP_TITLES, groupByFile, sharedGroups, type SharedGroup } from "./finding-groups.js";
import { CONTENT_SECURITY_POLICY, SCRIPT, STYLE } from "./html-page.js";
import { printable } from "./terminal.js";
import { NO_STATUS, newlyFailing, severityCounts, tallies, type Tallies } from "./tallies.js";

const TOP_RULES = 10;

const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Text safe in element content and in a quoted attribute value alike: markup characters as
 * entities, control characters shown as `\xNN` (HTML has no way to carry most of them).
 */
export function htmlText(text: string): string {
  return printable(text).replace(/[&<>"']/g, (char) => ENTITY[char] as string);
}

const code = (text: string) => `<code>${htmlText(text)}</code>`;
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The filter value of a run's report status: `s:<status>`, or `none` without a readable report. */
function statusKey(status: string | null): string {
  return status === null || status === NO_STATUS ? "none" : `s:${status}`;
}

function statusCell(status: string | null): string {
  return status === null || status === NO_STATUS ? '<span class="muted">(no readable report)</span>' : code(status);
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[]): string {
  const th = headers.map((h, i) => `<th${numeric[i] ? ' class="n"' : ""} scope="col">${h}</th>`).join("");
  const body = rows.map((cells) => `<tr>${cells.map((c, i) => `<td${numeric[i] ? ' class="n"' : ""}>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function summarySection(result: AuditView, t: Tallies): string {
  const { runs, passed, failed, findings, suppressed } = result.summary;
  const card = (label: string, n: number, kind = "") => `<div class="card${kind && ` ${kind}`}"><b>${n}</b>${label}</div>`;
  const cards = [card("runs", runs), card("passed", passed, "pass"), card("failed", failed, failed > 0 ? "fail" : ""), card("findings", findings), card("suppressed", suppressed)];
  const byVerdict = table(["verdict", "runs"], VERDICTS.map((v) => [v, String(t.byVerdict.get(v) ?? 0)]), [false, true]);
  const statuses = [...t.byStatus.entries()].sort(([a], [b]) => compareStrings(a, b));
  const byStatus = table(["report status", "runs"], statuses.map(([s, n]) => [statusCell(s), String(n)]), [false, true]);
  const byCategory = table(
    ["category", "findings", "suppressed"],
    FINDING_CATEGORIES.map((c) => {
      const n = t.byCategory.get(c) ?? { counted: 0, suppressed: 0 };
      return [c, String(n.counted), String(n.suppressed)];
    }),
    [false, true, true],
  );
  const top = [...t.perRule.entries()].sort(([ra, a], [rb, b]) => b.findings - a.findings || compareStrings(ra, rb)).slice(0, TOP_RULES);
  const topRules = top.length === 0 ? "<p>No findings.</p>" : table(["rule", "findings", "runs / inputs"], top.map(([rule, e]) => [code(rule), String(e.findings), String(e.origins)]), [false, true, true]);
  return [
    `<section id="summary"><h2>Summary</h2>`,
    `<div class="cards">${cards.join("")}</div>`,
    `<div class="tallies">${byVerdict}\n${byStatus}\n${byCategory}</div>`,
    `<details><summary>Top ${TOP_RULES} rules</summary>\n${topRules}\n</details>`,
    `</section>`,
  ].join("\n");
}

function select(filter: string, label: string, options: ReadonlyArray<readonly [value: string, text: string]>): string {
  const items = [`<option value="">all</option>`, ...options.map(([value, text]) => `<option value="${htmlText(value)}">${text}</option>`)];
  return `<label>${label} <select data-filter="${filter}">${items.join("")}</select></label>`;
}

function runsTableHead(t: Tallies): string {
  const statuses = [...t.byStatus.keys()].sort(compareStrings);
  const filters = [
    select("verdict", "Verdict", VERDICTS.map((v) => [v, v])),
    select("status", "Report status", statuses.map((s) => [statusKey(s), s === NO_STATUS ? "(no readable report)" : htmlText(s)])),
    select("categories", "Finding category", FINDING_CATEGORIES.map((c) => [c, c])),
    `<span id="runs-shown" class="muted" aria-live="polite"></span>`,
  ];
  const header = (label: string, type: "text" | "number") =>
    `<th scope="col" data-type="${type}"${type === "number" ? ' class="n"' : ""}><button type="button">${label}</button></th>`;
  const headers = [header("Run", "text"), header("Verdict", "text"), header("Report status", "text"), header("Errors", "number"), header("Warnings", "number"), header("Suppressed", "number"), header("Categories", "text")];
  return [
    `<section id="runs"><h2>Runs</h2>`,
    `<div class="filters">${filters.join("\n")}</div>`,
    `<table id="runs-table" class="wide"><thead><tr>${headers.join("")}</tr></thead><tbody>`,
  ].join("\n");
}

/** A run's categories, space-separated in vocabulary order (the category filter's data). */
function categoriesOf(run: RunResult): string {
  const present = new Set(run.findings.map((f) => f.category));
  return FINDING_CATEGORIES.filter((c) => present.has(c)).join(" ");
}

const sectionId = (index: number) => `run-${index + 1}`;

const WHOLE_LABELS: Record<SharedGroup["kind"], string> = { registry: "whole registry", allowlist: "whole allowlist", root: "whole folder" };

function runRow(run: RunResult, index: number): string {
  const c = severityCounts(run.findings);
  const categories = categoriesOf(run);
  const section = run.findings.length > 0 ? ` data-section="${sectionId(index)}"` : "";
  const name = run.findings.length > 0 ? `<a href="#${sectionId(index)}">${code(run.id)}</a>` : code(run.id);
  const cells = [
    `<td title="${htmlText(run.path)}">${name}</td>`,
    `<td class="verdict ${run.verdict}">${run.verdict}</td>`,
    `<td>${statusCell(run.status)}</td>`,
    `<td class="n">${c.errors}</td>`,
    `<td class="n">${c.warnings}</td>`,
    `<td class="n">${c.suppressed}</td>`,
    `<td>${categories}</td>`,
  ];
  return `\n<tr data-verdict="${run.verdict}" data-status="${htmlText(statusKey(run.status))}" data-categories="${categories}"${section}>${cells.join("")}</tr>`;
}

function findingRow(finding: Finding): string {
  const kind = finding.suppressed ? "suppressed" : finding.severity;
  const suppressed = finding.suppressed
    ? `<br><span class="muted">suppressed until ${htmlText(finding.suppressed.expires)}: ${htmlText(finding.suppressed.reason)}</span>`
    : "";
  const preview = finding.preview === undefined ? "" : code(finding.preview);
  const decoding = finding.decoding === undefined ? "" : ` <span class="muted">${htmlText(finding.decoding)}</span>`;
  const cells = [
    `<td class="n">${finding.line ?? ""}</td>`,
    `<td class="n">${finding.column ?? ""}</td>`,
    `<td class="sev">${finding.severity}</td>`,
    `<td>${finding.category}</td>`,
    `<td>${code(finding.rule)}</td>`,
    `<td>${htmlText(finding.message)}${suppressed}</td>`,
    `<td>${preview}${decoding}</td>`,
  ];
  return `<tr class="${kind}">${cells.join("")}</tr>`;
}

/** Findings grouped by file, each group a table of line, column, severity, rule, message, preview. */
function findingTables(findings: readonly Finding[], wholeLabel: string): string {
  const head = ["Line", "Col", "Severity", "Category", "Rule", "Message", "Preview"]
    .map((h, i) => `<th scope="col"${i < 2 ? ' class="n"' : ""}>${h}</th>`)
    .join("");
  const parts: string[] = [];
  for (const [file, group] of groupByFile(findings)) {
    parts.push(`<h4>${file === null ? `<span class="muted">${wholeLabel}</span>` : code(file)}</h4>`);
    parts.push(`<table class="wide findings"><thead><tr>${head}</tr></thead><tbody>\n${group.map(findingRow).join("\n")}\n</tbody></table>`);
  }
  return parts.join("\n");
}

function runSection(run: RunResult, index: number): string {
  const meta = [code(run.path), `report status: ${statusCell(run.status)}`, plural(run.findings.length, "finding")].join(" · ");
  return [
    `\n<section class="run" id="${sectionId(index)}">`,
    `<h3><span class="verdict ${run.verdict}">${run.verdict.toUpperCase()}</span> ${code(run.id)}</h3>`,
    `<p class="muted">${meta}</p>`,
    findingTables(run.findings, "whole run"),
    `</section>`,
  ].join("\n");
}

/**
 * One self-contained page for people: summary counts, the runs as a table that filters by
 * verdict, report status and finding category and sorts by any column, each run's findings by
 * file, and — for a sweep — the runs that newly fail. Nothing is loaded from anywhere (inline
 * style and script, admitted by hash in a Content-Security-Policy that forbids everything else);
 * every string from the result is escaped. Written run by run, in four passes over the runs.
 */
export const formatHtml: Formatter = function* (result, ctx) {
  const { runs, failed } = result.summary;
  const title = `harness-audit: ${failed} of ${plural(runs, "run")} failed`;
  const t = tallies(result);
  yield [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlText(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<header><h1>${htmlText(title)}</h1><p class="muted">${plural(result.summary.findings, "finding")} (${result.summary.suppressed} suppressed) · harness-audit ${htmlText(result.tool.version)}</p></header>`,
    summarySection(result, t),
  ].join("\n");

  if (ctx.previous) {
    yield '\n<section id="newly-failing"><h2>Newly failing since the previous sweep</h2>\n<ul>';
    let any = false;
    for (const { run, index, passedBefore } of newlyFailing(result, ctx.previous)) {
      any = true;
      yield `\n<li><a href="#${sectionId(index)}">${code(run.id)}</a> — ${passedBefore ? "passed before" : "not in the previous sweep"}</li>`;
    }
    yield any ? "\n</ul></section>" : "\n<li>None.</li>\n</ul></section>";
  }

  yield `\n${runsTableHead(t)}`;
  let index = 0;
  for (const run of result.runs) yield runRow(run, index++);
  yield "\n</tbody></table>\n</section>";

  yield '\n<section id="findings"><h2>Findings</h2>';
  index = 0;
  let anyRun = false;
  for (const run of result.runs) {
    if (run.findings.length > 0) {
      anyRun = true;
      yield runSection(run, index);
    }
    index += 1;
  }
  if (!anyRun) yield "\n<p>No run has findings.</p>";
  let shared = 0;
  for (const group of sharedGroups(result)) {
    shared += 1;
    if (group.findings.length === 0) continue;
    const heading = `${GROUP_TITLES[group.kind]} ${code(group.path)}`;
    yield `\n<section class="shared" id="${group.kind}-${shared}">\n<h3>${heading}</h3>\n${findingTables(group.findings, WHOLE_LABELS[group.kind])}\n</section>`;
  }
  yield `\n</section>\n<script>${SCRIPT}</script>\n</body>\n</html>\n`;
};
