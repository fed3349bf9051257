import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatResult } from "../../src/formatters/index.js";
import { mdText } from "../../src/formatters/markdown-escape.js";
import type { AuditResult } from "../../src/types.js";
import { FIXTURE, MISSING_MARKER_RUN, ODD_PATHS_RUN, PASSING_RUN, PREVIOUS, RULES } from "./fixture.js";

const formatMarkdown = (result: Parameters<typeof formatResult>[1], ctx: Parameters<typeof formatResult>[2]) => formatResult("markdown", result, ctx);

const CTX = { color: false, rules: RULES };

function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`### ${title}`);
  if (start < 0) return "";
  const next = markdown.indexOf("\n### ", start + 4);
  return markdown.slice(start, next < 0 ? undefined : next);
}

describe("markdown formatter", () => {
  const md = formatMarkdown(FIXTURE, { ...CTX, previous: PREVIOUS });

  it("lists runs newly failing since the previous sweep: passed before or absent, not the ones still passing", () => {
    const newly = section(md, "Newly failing since the previous sweep");
    expect(newly).toContain(MISSING_MARKER_RUN);
    expect(newly).toContain(ODD_PATHS_RUN);
    expect(newly).not.toContain(PASSING_RUN);
  });

  it("a run that already failed is not newly failing; no section without a previous sweep", () => {
    const stillFailing = formatMarkdown(FIXTURE, { ...CTX, previous: FIXTURE });
    expect(section(stillFailing, "Newly failing since the previous sweep")).toContain("None.");
    expect(formatMarkdown(FIXTURE, CTX)).not.toContain("Newly failing");
  });

  it("counts by verdict, status and category", () => {
    expect(section(md, "Runs by verdict")).toContain("| fail | 2 |");
    expect(section(md, "Runs by report status")).toContain("| <code>blocked</code> | 1 |");
    expect(section(md, "Findings by category")).toContain("| secret | 2 | 1 |");
    expect(section(md, "Findings by category")).toContain("| schema | 5 | 0 |");
  });

  it("top rules are capped at 10, most findings first", () => {
    const many: AuditResult = {
      ...FIXTURE,
      runs: [{
        ...FIXTURE.runs[1]!,
        findings: Array.from({ length: 12 }, (_, i) =>
          Array.from({ length: i + 1 }, () => ({ ...FIXTURE.runs[1]!.findings[0]!, rule: `gate/r${String(i).padStart(2, "0")}` })),
        ).flat(),
      }],
    };
    const rows = section(formatMarkdown(many, CTX), "Top 10 rules").split("\n").filter((l) => l.startsWith("| <code>"));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toContain("gate/r11");
    expect(rows[9]).toContain("gate/r02");
  });

  it("a collapsible block per failing run, none for passing runs", () => {
    expect(md.match(/<details>/g)).toHaveLength(2);
    expect(md).not.toContain(`<summary><code>${PASSING_RUN}`);
  });

  it("evidence text cannot add table cells, tags or code spans", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = mdText(text);
        expect(escaped).not.toMatch(/[|<>`\n\r*[\]\\]/);
        const run = FIXTURE.runs[1]!;
        const result: AuditResult = { ...FIXTURE, runs: [{ ...run, id: text || "x", status: text, findings: [{ ...run.findings[0]!, message: text }] }] };
        const out = formatMarkdown(result, CTX);
        for (const line of out.split("\n").filter((l) => l.startsWith("| "))) {
          const header = out.split("\n").find((l) => l.startsWith("| ") && l.split("|").length === line.split("|").length);
          expect(header).toBeDefined();
        }
        const table = section(out, "Failing runs").split("\n").filter((l) => l.startsWith("| "));
        for (const line of table) expect(line.split("|")).toHaveLength(7);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps intraword underscores readable but escapes ones that could start emphasis", () => {
    expect(mdText("missing_admission")).toBe("missing_admission");
    expect(mdText("_x_")).toBe("&#95;x&#95;");
    expect(mdText("a|b`c<d>&")).toBe("a&#124;b&#96;c&#60;d&#62;&#38;");
  });
});
