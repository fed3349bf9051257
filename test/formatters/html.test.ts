import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { htmlText } from "../../src/formatters/html.js";
import { formatResult } from "../../src/formatters/index.js";
import type { AuditResult, Finding } from "../../src/types.js";
import { FIXTURE, MISSING_MARKER_RUN, ODD_FILE, ODD_PATHS_RUN, PASSING_RUN, PREVIOUS, RULES } from "./fixture.js";

const CTX = { color: false, rules: RULES };
const html = (result: AuditResult, previous?: AuditResult) => formatResult("html", result, previous ? { ...CTX, previous } : CTX);

/**
 * The page's structure with its text taken out: every tag with its attribute names, in order.
 * Text that could add an element or an attribute changes it; escaped text cannot.
 */
function skeleton(page: string): string[] {
  const tags = page.match(/<[^>]*>/g) ?? [];
  return tags.map((tag) => tag.replace(/="[^"]*"/g, "").replace(/\s+/g, " "));
}

function between(page: string, open: string, close: string): string[] {
  const found: string[] = [];
  let at = page.indexOf(open);
  while (at >= 0) {
    const end = page.indexOf(close, at);
    found.push(page.slice(at + open.length, end));
    at = page.indexOf(open, end);
  }
  return found;
}

function runRows(page: string): string[] {
  const body = between(page, '<table id="runs-table"', "</tbody></table>")[0] ?? "";
  return body.match(/<tr data-verdict[^>]*>/g) ?? [];
}

const base = (): Finding => structuredClone(FIXTURE.runs[1]!.findings[3]!);

describe("html formatter", () => {
  const page = html(FIXTURE, PREVIOUS);

  it("is one document whose only style and script are inline and admitted by hash, loading nothing", () => {
    expect(page.startsWith("<!DOCTYPE html>\n<html lang=\"en\">")).toBe(true);
    expect(page.endsWith("</html>\n")).toBe(true);
    const styles = between(page, "<style>", "</style>");
    const scripts = between(page, "<script>", "</script>");
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    const hash = (text: string) => createHash("sha256").update(text).digest("base64");
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1];
    expect(csp?.split("; ")).toEqual([
      "default-src 'none'",
      `style-src 'sha256-${hash(styles[0]!)}'`,
      `script-src 'sha256-${hash(scripts[0]!)}'`,
      "base-uri 'none'",
      "form-action 'none'",
    ]);
    // Nothing that could fetch: no src, no external href, no @import or url() in the style.
    expect(page).not.toMatch(/\ssrc=|href="(?!#)|@import|url\(/);
  });

  it("summary counts", () => {
    const cards = page.match(/<div class="card[^"]*"><b>\d+<\/b>[a-z]+<\/div>/g);
    expect(cards).toEqual([
      '<div class="card"><b>3</b>runs</div>',
      '<div class="card pass"><b>1</b>passed</div>',
      '<div class="card fail"><b>2</b>failed</div>',
      '<div class="card"><b>11</b>findings</div>',
      '<div class="card"><b>1</b>suppressed</div>',
    ]);
    expect(page).toContain("<tr><td>secret</td><td class=\"n\">2</td><td class=\"n\">1</td></tr>");
  });

  it("one table row per run, with the verdict, status and categories the filters read", () => {
    expect(runRows(page)).toEqual([
      '<tr data-verdict="pass" data-status="s:pass" data-categories="secret schema" data-section="run-1">',
      '<tr data-verdict="fail" data-status="s:blocked" data-categories="secret model gate integrity" data-section="run-2">',
      '<tr data-verdict="fail" data-status="none" data-categories="secret schema integrity" data-section="run-3">',
    ]);
    const statusOptions = between(page, '<select data-filter="status">', "</select>")[0];
    expect(statusOptions).toBe('<option value="">all</option><option value="none">(no readable report)</option><option value="s:blocked">blocked</option><option value="s:pass">pass</option>');
  });

  it("a run without findings has a row and no findings section", () => {
    const clean: AuditResult = { ...FIXTURE, runs: [{ ...FIXTURE.runs[0]!, findings: [] }] };
    const out = html(clean);
    expect(runRows(out)).toEqual(['<tr data-verdict="pass" data-status="s:pass" data-categories="">']);
    expect(out).not.toContain('<section class="run"');
    expect(out).toContain("<p>No run has findings.</p>");
  });

  it("each run's findings grouped by file, with line, rule, message and the masked preview", () => {
    const section = between(page, '<section class="run" id="run-3">', "</section>")[0]!;
    expect(between(section, "<h4>", "</h4>")).toEqual(["<code>report.json</code>", `<code>${htmlText(ODD_FILE)}</code>`, "<code>trace.jsonl</code>"]);
    expect(section).toContain('<tr class="error"><td class="n">3</td><td class="n">1</td><td class="sev">error</td><td>secret</td><td><code>@secretlint/secretlint-rule-aws</code></td><td>AWS access key ID</td><td><code>AKIA…(20 chars)</code> <span class="muted">base64</span></td></tr>');
    const wholeRun = between(page, '<section class="run" id="run-2">', "</section>")[0]!;
    expect(wholeRun).toContain('<h4><span class="muted">whole run</span></h4>');
    expect(page).toContain("suppressed until 2026-12-31: revoked test token, see ticket OPS-12");
    expect(page).toContain('<section class="shared" id="registry-1">\n<h3>Admission registry <code>sample-runs/admissions</code></h3>');
    expect(page).toContain('<section class="shared" id="allowlist-2">\n<h3>Allowlist <code>.harness-audit-allowlist.json</code></h3>');
    const roots: AuditResult = { ...FIXTURE, roots: [{ path: "harness-runs", findings: [{ ...base(), file: "stray.log" }] }, { path: "more", findings: [{ ...base(), file: null }] }] };
    const withRoots = html(roots);
    expect(withRoots).toContain('<section class="shared" id="root-3">\n<h3>Under no run directory in <code>harness-runs</code></h3>\n<h4><code>stray.log</code></h4>');
    expect(withRoots).toContain('<section class="shared" id="root-4">\n<h3>Under no run directory in <code>more</code></h3>\n<h4><span class="muted">whole folder</span></h4>');
  });

  it("lists the runs that newly fail, linked to their findings, only for a sweep", () => {
    const newly = between(page, '<section id="newly-failing">', "</section>")[0]!;
    expect(newly).toContain(`<li><a href="#run-2"><code>${MISSING_MARKER_RUN}</code></a> — passed before</li>`);
    expect(newly).toContain(`<li><a href="#run-3"><code>${ODD_PATHS_RUN}</code></a> — not in the previous sweep</li>`);
    expect(newly).not.toContain(PASSING_RUN);
    expect(between(html(FIXTURE, FIXTURE), '<section id="newly-failing">', "</section>")[0]).toContain("<li>None.</li>");
    expect(html(FIXTURE)).not.toContain("newly-failing");
  });

  it("escapes markup, quotes and control characters", () => {
    expect(htmlText(`<script>"it's" & \u001b[31m`)).toBe("&lt;script&gt;&quot;it&#39;s&quot; &amp; \\x1b[31m");
  });

  it("no text from the evidence can add an element or an attribute, wherever it lands", () => {
    const base = FIXTURE.runs[2]!;
    const place = (text: string): AuditResult => {
      const finding: Finding = { ...base.findings[1]!, rule: text, message: text, file: text, preview: text, decoding: text, suppressed: { reason: text, expires: text } };
      return {
        ...FIXTURE,
        tool: { ...FIXTURE.tool, version: text },
        runs: [{ ...base, id: text, path: text, status: text, findings: [finding, { ...base.findings[0]!, file: null }] }],
        registry: { path: text, findings: [finding] },
      };
    };
    const reference = skeleton(html(place("x"), PREVIOUS));
    const hostile = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", "</code></td></tr></table><script>", "<!--", "]]>", "&lt;script&gt;"),
    );
    fc.assert(
      fc.property(hostile, (text) => {
        // (An empty id, or the status key of "no readable report", would change the page's words, not its safety.)
        const placed = text === "" || text === "\u0000" ? "x" : text;
        expect(skeleton(html(place(placed), PREVIOUS))).toEqual(reference);
      }),
      { numRuns: 200 },
    );
  });
});
