/**
 * The facts report.md states (contract §5): bullets of the form "- <label>: `<value>`." whose
 * label is one of `REPORT_MD_FACTS`. Pure: takes the text, never throws.
 */
import { REPORT_MD_FACTS } from "./vocabulary.js";

export type ReportMdField = (typeof REPORT_MD_FACTS)[number]["field"];

/** One fact bullet of report.md. */
export interface ReportMdFact {
  /** The label as the contract spells it, e.g. `Case model`. */
  label: string;
  /** The report.json field the label states. */
  field: ReportMdField;
  /** The stated value: inside the backticks, or the bare text without a trailing period. */
  value: string;
  /** 1-based line of the bullet. */
  line: number;
}

const FACT_BY_LABEL = new Map(REPORT_MD_FACTS.map((fact) => [normalizeLabel(fact.label), fact]));

/** The value in backticks, then at most one period. Linear: no nested quantifiers. */
const QUOTED = /^`([^`]*)`[ \t]*(?:\.[ \t]*)?$/;
/** A fence line opens or closes a code block; bullets inside one are not facts. */
const FENCE = /^ {0,3}(```|~~~)/;
const BULLET_MARKS = new Set(["-", "*", "+"]);

function normalizeLabel(label: string): string {
  return label.replace(/\s+/g, " ").trim().toLowerCase();
}

export function parseReportMdFacts(text: string): ReportMdFact[] {
  const facts: ReportMdFact[] = [];
  let fence: string | null = null;
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? "").replace(/\r$/, "");
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1] ?? "";
      if (fence === null) fence = marker;
      else if (fence === marker) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const bullet = splitBullet(line);
    if (!bullet) continue;
    const fact = FACT_BY_LABEL.get(normalizeLabel(bullet.label));
    if (!fact) continue;
    const value = factValue(bullet.rest.trim());
    if (value === null) continue;
    facts.push({ label: fact.label, field: fact.field, value, line: index + 1 });
  }
  return facts;
}

/**
 * "- label: rest" (or `*`, `+`, indented) split at the first colon; null for any other line.
 * Hand-written rather than one regex: report.md is untrusted and a backtracking pattern over
 * a long line of spaces takes cubic time.
 */
function splitBullet(line: string): { label: string; rest: string } | null {
  const body = line.trimStart();
  if (!BULLET_MARKS.has(body[0] ?? "") || (body[1] !== " " && body[1] !== "\t")) return null;
  const item = body.slice(2);
  const colon = item.indexOf(":");
  if (colon === -1) return null;
  const label = item.slice(0, colon);
  if (label.includes("`")) return null;
  return { label, rest: item.slice(colon + 1) };
}

/** The value of a bullet's text after the colon; null when it is not a single value. */
function factValue(rest: string): string | null {
  const quoted = QUOTED.exec(rest);
  if (quoted) return (quoted[1] ?? "").trim();
  if (rest.includes("`")) return null;
  const bare = rest.replace(/\.$/, "").trim();
  return bare === "" ? null : bare;
}
