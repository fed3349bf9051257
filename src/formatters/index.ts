import type { AuditView } from "../types.js";
import type { FormatContext, Formatter } from "./context.js";
import { formatGithub } from "./github.js";
import { formatHtml } from "./html.js";
import { formatJson } from "./json.js";
import { formatJunit } from "./junit.js";
import { formatMarkdown } from "./markdown.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";

/** Output formats by their `--format` name; the first is the default. */
export const FORMAT_NAMES = ["text", "json", "sarif", "junit", "markdown", "github", "html"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export const FORMATTERS: Readonly<Record<FormatName, Formatter>> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  markdown: formatMarkdown,
  github: formatGithub,
  html: formatHtml,
};

/** Renders the result in the named format. Pure: the caller writes the string. */
export function formatResult(name: FormatName, result: AuditView, ctx: FormatContext): string {
  let text = "";
  for (const piece of FORMATTERS[name](result, ctx)) text += piece;
  return text;
}

/** The same output in pieces, for results too large to hold as one string (a sweep). */
export function formatPieces(name: FormatName, result: AuditView, ctx: FormatContext): Iterable<string> {
  return FORMATTERS[name](result, ctx);
}

export type { FormatContext, Formatter, RuleDescriptor } from "./context.js";
export { auditResultSchema, findingSchema } from "./json-schema.js";
export { summaryLine } from "./text.js";
