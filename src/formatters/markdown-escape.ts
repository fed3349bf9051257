// Characters that Markdown or HTML would interpret, as numeric character references. Entities
// are decoded inside table cells, list items, <summary> and <code> alike, and unlike
// backslash escapes a `&#124;` never splits a GFM table cell. An underscore inside a word
// (`missing_admission`) cannot start emphasis in CommonMark, so it stays readable.
const SPECIAL = /[&<>"'|`*[\]\\~#!]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Plain text safe to insert anywhere in a Markdown line: one line, nothing interpreted. */
export function mdText(text: string): string {
  return text
    .replace(LINE_BREAK, " ")
    .replace(CONTROL, "\uFFFD")
    .replace(SPECIAL, (char) => `&#${char.charCodeAt(0)};`);
}

/** Inline code built from HTML so that backticks in the text cannot end it. */
export function mdCode(text: string): string {
  return `<code>${mdText(text)}</code>`;
}

/** A GitHub-flavoured Markdown table; every cell must already be escaped. */
export function mdTable(headers: readonly string[], rows: readonly (readonly string[])[], alignRight: readonly boolean[] = []): string {
  const rule = headers.map((_, i) => (alignRight[i] ? "---:" : "---"));
  return [headers, rule, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
