// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// Everything else (other C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot appear even escaped.
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Drops characters that XML 1.0 forbids (lone surrogates included). */
export function stripIllegalXml(text: string): string {
  return text.replace(ILLEGAL, "");
}

/** Escaped character data for element content. */
export function xmlText(text: string): string {
  return stripIllegalXml(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escaped attribute value; tabs and line breaks as references so parsers do not normalise them. */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

/** `name="value"` pairs, in the order given. */
export function xmlAttrs(attrs: ReadonlyArray<readonly [string, string | number]>): string {
  return attrs.map(([name, value]) => ` ${name}="${xmlAttr(String(value))}"`).join("");
}
