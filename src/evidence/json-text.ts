/** Parsing JSON artifacts so that problems point at a line. Pure. */
import { jsonErrorOffset } from "./json-error-offset.js";

export type JsonParse =
  | { ok: true; value: unknown; keyLines: Map<string, number> }
  | { ok: false; line: number | null; column: number | null };

export function parseJsonText(text: string): JsonParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    const value: unknown = JSON.parse(body);
    return { ok: true, value, keyLines: topLevelKeyLines(body) };
  } catch {
    // Never read V8's message: it quotes the text around the error.
    const offset = jsonErrorOffset(body);
    return offset === null ? { ok: false, line: null, column: null } : { ok: false, ...lineAndColumn(body, offset) };
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The 1-based line of each key of the top-level object, found by walking the text once with
 * a string-aware depth counter (a nested key of the same name does not count).
 */
export function topLevelKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let depth = 0;
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") line++;
    else if (c === "{" || c === "[") {
      depth++;
      expectKey = depth === 1 && c === "{";
    } else if (c === "}" || c === "]") depth--;
    else if (c === "," && depth === 1) expectKey = true;
    else if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      if (depth === 1 && expectKey) {
        try {
          const key = JSON.parse(text.slice(start, i + 1)) as string;
          if (!lines.has(key)) lines.set(key, line);
        } catch {
          /* not a key after all */
        }
        expectKey = false;
      }
    }
  }
  return lines;
}
