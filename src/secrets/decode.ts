/**
 * Decoded views of a text: the places where a secret can hide encoded — JSON with escapes,
 * base64/base64url, hex and percent-encoded runs — decoded, recursively. Pure.
 * Only candidate segments are decoded, never the whole text.
 *
 * JSON keeps its keys: a line holding a JSON object (or a pretty-printed `"key": value` member)
 * with escapes is parsed, and its view is `key: value` lines for the string values that the
 * escapes hid, so the key that makes a value a secret (`"VLLM_TOKEN": "\u0041bc…"`) is still
 * beside it. JSON inside a JSON string is followed the same way (up to `maxDepth` levels).
 * Escaped strings on lines that are not JSON are decoded one by one.
 *
 * Work is bounded by the text's size, not by a count or a segment length (no segment is silently
 * skipped): every view is at most twice as long as the substring it decodes, each decoder's
 * segments are disjoint, and nesting stops at `maxDepth`, so the views of one text total at most
 * 8^maxDepth times its length (in practice about its length: segments of different decoders
 * rarely overlap), and each scanner below is linear.
 */

/** One decoded segment. `start`/`end` are the encoded segment's span in the original text. */
export interface DecodedView {
  text: string;
  start: number;
  end: number;
  /** How it was revealed, outermost first: `json-string`, `base64`, `json-string>base64`. */
  decoding: string;
}

export interface DecodeOptions {
  /** Levels of encoding inside encoding to follow. Default: 3. */
  maxDepth?: number;
  /**
   * Whether a JSON key can make its value a secret (`api_key`, `Authorization`). A value of JSON
   * inside a JSON string that the text already shows as it is lost only its key: it is put in a
   * view only beside such a key. Default: every key can.
   */
  isTellingKey?: (key: string) => boolean;
}

const MIN_BASE64_RUN = 24;
const MIN_HEX_RUN = 24;

interface Segment {
  start: number;
  end: number;
  text: string;
  decoding: string;
  /** Levels of encoding the segment went through (`json-string>json-string` is 2). */
  levels: number;
}

/** Every decoded view of `text`, nested views after their parent. */
export function decodedViews(text: string, options: DecodeOptions = {}): DecodedView[] {
  const maxDepth = options.maxDepth ?? 3;
  const isTellingKey = options.isTellingKey ?? (() => true);
  const views: DecodedView[] = [];
  const visit = (source: string, depth: number, outer: { start: number; end: number; decoding: string } | null): void => {
    if (depth >= maxDepth) return;
    for (const segment of candidateSegments(source, maxDepth - depth, isTellingKey)) {
      const view: DecodedView = outer
        ? { text: segment.text, start: outer.start, end: outer.end, decoding: `${outer.decoding}>${segment.decoding}` }
        : { text: segment.text, start: segment.start, end: segment.end, decoding: segment.decoding };
      views.push(view);
      visit(segment.text, depth + segment.levels, view);
    }
  };
  visit(text, 0, null);
  return views;
}

/**
 * Segments of one text that decode to something different and readable: JSON, base64, hex,
 * percent, in that order. `maxLevels` bounds how deep JSON inside JSON strings is followed.
 */
export function candidateSegments(text: string, maxLevels = 3, isTellingKey: (key: string) => boolean = () => true): Segment[] {
  const segments: Segment[] = [];
  if (text.includes("\\")) escapedJsonSegments(text, Math.max(1, maxLevels), isTellingKey, segments);
  const runs = base64AndHexRuns(text);
  for (let i = 0; i < runs.base64.length; i += 2) {
    const start = runs.base64[i] as number;
    const end = runs.base64[i + 1] as number;
    const run = text.slice(start, end);
    if (isHexOnly(run)) continue;
    const decoded = decodeBase64Text(run);
    if (decoded !== null) segments.push({ start, end, text: decoded, decoding: /[-_]/.test(run) ? "base64url" : "base64", levels: 1 });
  }
  for (let i = 0; i < runs.hex.length; i += 2) {
    const start = runs.hex[i] as number;
    const end = runs.hex[i + 1] as number;
    const run = text.slice(start, end);
    const decoded = hexStartsUnreadable(run) ? null : readableText(Buffer.from(run, "hex"));
    if (decoded !== null) segments.push({ start, end, text: decoded, decoding: "hex", levels: 1 });
  }
  for (const [start, end] of percentRuns(text)) {
    const run = text.slice(start, end);
    const decoded = decodePercent(run);
    if (decoded !== null && decoded !== run) segments.push({ start, end, text: decoded, decoding: "percent", levels: 1 });
  }
  return segments;
}

/** The JSON segments of every line that holds a backslash: one JSON view per parsed line, else each escaped string. */
function escapedJsonSegments(text: string, maxLevels: number, isTellingKey: (key: string) => boolean, segments: Segment[]): void {
  for (let slash = text.indexOf("\\"); slash !== -1; ) {
    const lineStart = text.lastIndexOf("\n", slash) + 1;
    const newline = text.indexOf("\n", slash);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const parsed = parseJsonLine(line);
    if (parsed === null) {
      escapedStringSegments(line, lineStart, segments);
    } else {
      const start = lineStart + parsed.start;
      const end = lineStart + parsed.end;
      for (const [levels, lines] of jsonLineViews(parsed.value, parsed.source, maxLevels, isTellingKey)) {
        segments.push({ start, end, text: lines.join("\n"), decoding: Array<string>(levels).fill("json-string").join(">"), levels });
      }
      // Escaped strings around the JSON (`msg "a\u0041" {…}`) are still decoded one by one.
      if (line.lastIndexOf("\\", parsed.start) !== -1) escapedStringSegments(line.slice(0, parsed.start), lineStart, segments);
      if (line.indexOf("\\", parsed.end) !== -1) escapedStringSegments(line.slice(parsed.end), end, segments);
    }
    if (newline === -1) break;
    slash = text.indexOf("\\", newline + 1);
  }
}

/** Each escaped JSON string literal of `line` (at `offset` in the text), decoded alone. */
function escapedStringSegments(line: string, offset: number, segments: Segment[]): void {
  forEachStringLiteral(line, (bodyStart, bodyEnd, escaped) => {
    if (!escaped) return;
    const body = line.slice(bodyStart, bodyEnd);
    const decoded = decodeJsonString(body);
    const start = offset + bodyStart;
    if (decoded !== null && decoded !== body) segments.push({ start, end: start + body.length, text: decoded, decoding: "json-string", levels: 1 });
  });
}

/**
 * The matches of `/"((?:[^"\\\r\n]|\\.){2,})"/g` in `line`, without the regex: tried at every
 * quote, the regex ran each time to the end of the body (a line `"` + `\"` × n was quadratic).
 * A body is read once: a start that fails fails for every quote inside its body too, since those
 * quotes are escaped and their bodies end where it ended. Calls `visit` with each body's span
 * and whether it holds an escape.
 */
export function forEachStringLiteral(line: string, visit: (bodyStart: number, bodyEnd: number, escaped: boolean) => void): void {
  const length = line.length;
  for (let quote = line.indexOf('"'); quote !== -1; ) {
    let at = quote + 1;
    let units = 0;
    let escaped = false;
    for (; at < length; units++) {
      const code = line.charCodeAt(at);
      if (code === QUOTE || code === LF || code === CR) break;
      if (code === BACKSLASH) {
        if (at + 1 >= length || isLineTerminator(line.charCodeAt(at + 1))) break;
        escaped = true;
        at += 2;
      } else at++;
    }
    const closed = at < length && line.charCodeAt(at) === QUOTE;
    if (closed && units >= 2) {
      visit(quote + 1, at, escaped);
      quote = line.indexOf('"', at + 1);
    } else quote = line.indexOf('"', at);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;
// What `.` does not match: the body's `\\.` cannot escape a line terminator.
const isLineTerminator = (code: number): boolean => code === LF || code === CR || code === 0x2028 || code === 0x2029;

/**
 * A pretty-printed member line: blanks, `"key"` (escapes allowed, no line terminator escaped),
 * blanks, `:`. One pass from the line's start, where a regex tried as a search would restart at
 * every quote.
 */
export function isMemberLine(line: string): boolean {
  let at = 0;
  while (line.charCodeAt(at) === 0x20 || line.charCodeAt(at) === 0x09) at++;
  if (line.charCodeAt(at) !== QUOTE) return false;
  for (at++; at < line.length; at++) {
    const code = line.charCodeAt(at);
    if (code === QUOTE) break;
    if (code === BACKSLASH) {
      at++;
      if (at >= line.length || isLineTerminator(line.charCodeAt(at))) return false;
    }
  }
  if (at >= line.length) return false;
  for (at++; line.charCodeAt(at) === 0x20 || line.charCodeAt(at) === 0x09; at++);
  return line.charCodeAt(at) === 0x3a;
}

/**
 * The JSON a line holds, parsed: the line as a `"key": value` member of pretty-printed JSON, or
 * from its first `{` to its last `}` (a JSON line, `request body {…}`), or its first `[` to its last
 * `]`. `start`/`end` are the span in the line; `source` is the text JSON.parse read. Null when none parses.
 */
function parseJsonLine(line: string): { value: unknown; source: string; start: number; end: number } | null {
  if (isMemberLine(line)) {
    const start = line.indexOf('"');
    const trimmed = line.trimEnd();
    const end = trimmed.endsWith(",") ? trimmed.length - 1 : trimmed.length;
    const source = `{${line.slice(start, end)}}`;
    const value = tryParse(source);
    if (value !== undefined) return { value, source, start, end };
  }
  for (const [open, close] of [["{", "}"], ["[", "]"]] as const) {
    const start = line.indexOf(open);
    const end = line.lastIndexOf(close) + 1;
    if (start === -1 || end <= start) continue;
    const source = line.slice(start, end);
    const value = tryParse(source);
    if (value !== undefined) return { value, source, start, end };
  }
  return null;
}

// A failed JSON.parse costs a thrown error whose message quotes the text (~10 µs), and most
// candidates that fail (`[\u0300-\u036f]` in code, `{ a }`) fail at their first token: those
// are refused before parsing. Only JSON's four whitespace characters may come first.
const CONTAINER_START = /^[ \t\n\r]*(?:\{[ \t\n\r]*["}]|\[[ \t\n\r]*[-"[{\]0-9tfn])/;

/** The JSON object or array `source` holds, or undefined. */
function tryParse(source: string): unknown {
  if (!CONTAINER_START.test(source)) return undefined;
  try {
    return JSON.parse(source) as unknown;
  } catch {
    return undefined;
  }
}

// Characters JSON.stringify escapes: a string holding one was written with an escape.
const ESCAPED_CHARACTER = /["\\\u0000-\u001f]/;
// Escapes JSON.stringify never writes for a printable character: `\u0041`, `\/`.
const UNUSUAL_ESCAPE = /\\[u/]/;
// Shorter values are no secret to any rule; they are left out of the views.
const MIN_LEAF_LENGTH = 6;
// Failed look-ups of a standard literal, each a search to the end of the raw text, allowed per
// parsed text; past them every string counts as hidden (more view, never less, and still linear).
const MAX_FAILED_LOOKUPS = 8;

/**
 * The `key: value` lines of a parsed JSON line, grouped by how many levels of escaping hid them.
 * Level 1 is the line's JSON: a string whose literal had an escape (or whose key had one) is shown.
 * Level 2 is JSON held in one of its strings, and so on up to `maxLevels`: there every string lost
 * its key in the raw text; it is shown when an escape hid its value too (its own, or an unusual
 * one in an enclosing string), else only beside a telling key. A string that is itself a JSON
 * object or array is followed instead of shown.
 */
function jsonLineViews(root: unknown, source: string, maxLevels: number, isTellingKey: (key: string) => boolean): Map<number, string[]> {
  const views = new Map<number, string[]>();
  const add = (levels: number, line: string) => {
    const list = views.get(levels);
    if (list) list.push(line);
    else views.set(levels, [line]);
  };
  const walkLevel = (value: unknown, raw: string, level: number, outerKey: string | null, enclosingHidden: boolean): void => {
    // A string's literal is standard unless the raw text has unusual escapes and does not hold the
    // string's standard literal (looked up in order, from after the previous one found).
    const unusual = UNUSUAL_ESCAPE.test(raw);
    let cursor = 0;
    let failures = 0;
    const standardLiteral = (text: string): boolean => {
      if (!unusual) return true;
      if (failures >= MAX_FAILED_LOOKUPS) return false;
      const literal = JSON.stringify(text);
      const at = raw.indexOf(literal, cursor);
      if (at === -1) {
        failures++;
        return false;
      }
      cursor = at + literal.length;
      return true;
    };
    const hidden = (text: string): boolean => !standardLiteral(text) || ESCAPED_CHARACTER.test(text);
    const leaf = (text: string, key: string | null, keyHidden: boolean, inArray: boolean): void => {
      const standard = standardLiteral(text);
      const escaped = !standard || ESCAPED_CHARACTER.test(text);
      if (escaped && level < maxLevels) {
        const inner = tryParse(text);
        if (inner !== undefined && inner !== null && typeof inner === "object") {
          walkLevel(inner, text, level + 1, key, enclosingHidden || !standard);
          return;
        }
      }
      const levels = level - 1 + (escaped || keyHidden ? 1 : 0);
      if (levels === 0 || text.length < MIN_LEAF_LENGTH) return;
      const shownAsIs = !escaped && !keyHidden && !enclosingHidden;
      if (shownAsIs && (key === null || !isTellingKey(key))) return;
      // An array repeats its key only beside items at least as long (views stay within twice the raw text).
      const shownKey = key !== null && (!inArray || text.length >= key.length) ? key : null;
      add(levels, shownKey === null ? text : `${shownKey}: ${quoteIfSingleLine(text)}`);
    };
    const walk = (node: unknown, key: string | null, keyHidden: boolean, inArray: boolean): void => {
      if (typeof node === "string") leaf(node, key, keyHidden, inArray);
      else if (Array.isArray(node)) for (const item of node) walk(item, key, keyHidden, true);
      else if (node !== null && typeof node === "object") {
        for (const [name, item] of Object.entries(node)) walk(item, name, hidden(name), false);
      }
    };
    walk(value, outerKey, false, false);
  };
  walkLevel(root, source, 1, null, false);
  return new Map([...views].sort((a, b) => a[0] - b[0]));
}

/** `"value"` when quotes can hold it on one line (so `;`, `,` or spaces stay in the value), else the value. */
function quoteIfSingleLine(text: string): string {
  return /^[^"'`\r\n\\]+$/.test(text) ? `"${text}"` : text;
}

// Character classes, one bit each, for the run scanners below.
const BASE64_CHAR = 1; // [A-Za-z0-9+/_-]
const HEX_CHAR = 2; // [0-9A-Fa-f]
// Every UTF-16 code unit has an entry, so lookups need no range check.
const CLASS = new Uint8Array(65536);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z0-9+/_-]/.test(char)) CLASS[code] = (CLASS[code] ?? 0) | BASE64_CHAR;
  if (/[0-9A-Fa-f]/.test(char)) CLASS[code] = (CLASS[code] ?? 0) | HEX_CHAR;
}
const EQUALS = 61;
const classOf = (code: number): number => CLASS[code] as number;

/**
 * Spans, as flat `[start, end, start, end, …]` lists, that the regexes
 * `(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])` (base64) and
 * `(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){12,}(?![0-9A-Fa-f])` (hex) match, without regexes: V8 tries
 * a lookbehind at every position, and without one the quantifier backtracks over every word.
 * A base64 run matches when the maximal run of its alphabet is 24+ long and is followed by at most
 * two `=` that no alphabet character follows; a run right after `=` counts (`context_b64=…`,
 * `--blob=…`, logfmt). A hex run matches when the maximal hex run has an even length of 24+
 * (hex runs lie inside base64 runs).
 */
export function base64AndHexRuns(text: string): { base64: number[]; hex: number[] } {
  const base64: number[] = [];
  const hex: number[] = [];
  const length = text.length;
  const runs = alphabetRuns(text, MIN_BASE64_RUN);
  for (let i = 0; i < runs.length; i += 2) {
    const start = runs[i] as number;
    const end = runs[i + 1] as number;
    let padded = end;
    while (padded < length && text.charCodeAt(padded) === EQUALS) padded++;
    const boundedAfter = padded === end || padded >= length || (classOf(text.charCodeAt(padded)) & BASE64_CHAR) === 0;
    if (padded - end <= 2 && boundedAfter) base64.push(start, padded);
    for (let j = start; j < end; ) {
      if ((classOf(text.charCodeAt(j)) & HEX_CHAR) === 0) {
        j++;
        continue;
      }
      const hexStart = j;
      while (j < end && (classOf(text.charCodeAt(j)) & HEX_CHAR) !== 0) j++;
      const hexLength = j - hexStart;
      if (hexLength >= MIN_HEX_RUN && hexLength % 2 === 0) hex.push(hexStart, j);
    }
  }
  return { base64, hex };
}

const isBase64Code = (text: string, at: number): boolean => (classOf(text.charCodeAt(at)) & BASE64_CHAR) !== 0;

/**
 * The maximal runs of base64-alphabet characters at least `min` long, as a flat `[start, end, …]` list. Only every `min`-th
 * character is looked at until one is in the alphabet (a long run cannot fit between two looks
 * without covering one); the run around it is then measured. Prose and code, whose words are
 * short, cost about a look per `min` characters plus a word's length: ~3× less than reading all.
 */
function alphabetRuns(text: string, min: number): number[] {
  const runs: number[] = [];
  const length = text.length;
  // Characters before `known` are settled: no run reaching `min` starts before it.
  let known = 0;
  let probe = min - 1;
  while (probe < length) {
    if (!isBase64Code(text, probe)) {
      known = probe + 1;
      probe += min;
      continue;
    }
    let start = probe;
    while (start > known && isBase64Code(text, start - 1)) start--;
    let end = probe + 1;
    while (end < length && isBase64Code(text, end)) end++;
    if (end - start >= min) runs.push(start, end);
    known = end + 1;
    probe = end + min;
  }
  return runs;
}

const PERCENT = 37;
// Stops of `[^\s"'<>%]`: JavaScript's \s, quotes, angle brackets and % itself.
const PERCENT_STOP = /[\s"'<>%]/;
const isHexCode = (code: number): boolean => (classOf(code) & HEX_CHAR) !== 0;
const isPercentEscape = (text: string, at: number): boolean =>
  text.charCodeAt(at) === PERCENT && isHexCode(text.charCodeAt(at + 1)) && isHexCode(text.charCodeAt(at + 2));
const isRunChar = (text: string, at: number): boolean => at < text.length && !PERCENT_STOP.test(text[at] ?? "%");

/**
 * Spans of `[^\s"'<>%]*(?:%[0-9A-Fa-f]{2}[^\s"'<>%]*)+`, without the regex's quadratic
 * backtracking over long runs that hold no escape: from each `%hh`, back to the start of its run,
 * then forward over run characters and escapes.
 */
function percentRuns(text: string): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let from = 0;
  for (;;) {
    let escape = text.indexOf("%", from);
    while (escape !== -1 && !isPercentEscape(text, escape)) escape = text.indexOf("%", escape + 1);
    if (escape === -1) return runs;
    let start = escape;
    while (start > from && isRunChar(text, start - 1)) start--;
    let end = escape;
    for (;;) {
      if (isPercentEscape(text, end)) end += 3;
      else if (isRunChar(text, end)) end++;
      else break;
    }
    runs.push([start, end]);
    from = end;
  }
}

function isHexOnly(run: string): boolean {
  for (let i = 0; i < run.length; i++) if (!isHexCode(run.charCodeAt(i))) return false;
  return true;
}

function decodeJsonString(body: string): string | null {
  try {
    const value: unknown = JSON.parse(`"${body}"`);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

// Bytes that make decoded text unreadable whatever follows: in UTF-8 a byte below 0x80 is always
// a character of its own, so one of these anywhere means `readableText` returns null.
const isControlByte = (byte: number): boolean => byte < 9 || byte === 11 || byte === 12 || (byte >= 14 && byte < 32) || byte === 127;
const SIXTETS = new Int8Array(128).fill(-1);
[..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].forEach((char, value) => (SIXTETS[char.charCodeAt(0)] = value));
SIXTETS["-".charCodeAt(0)] = 62;
SIXTETS["_".charCodeAt(0)] = 63;
const sixtet = (run: string, at: number): number => SIXTETS[run.charCodeAt(at)] ?? 0;

/** True when the first 18 bytes a base64 run (24+ characters) encodes hold a control byte: most runs of random bytes or of paths. */
function base64StartsUnreadable(run: string): boolean {
  for (let at = 0; at < 24; at += 4) {
    const bits = (sixtet(run, at) << 18) | (sixtet(run, at + 1) << 12) | (sixtet(run, at + 2) << 6) | sixtet(run, at + 3);
    if (isControlByte((bits >> 16) & 255) || isControlByte((bits >> 8) & 255) || isControlByte(bits & 255)) return true;
  }
  return false;
}

/** The same for the first 12 bytes of a hex run (24+ characters). */
function hexStartsUnreadable(run: string): boolean {
  for (let at = 0; at < 24; at += 2) if (isControlByte(parseInt(run.slice(at, at + 2), 16))) return true;
  return false;
}

function decodeBase64Text(run: string): string | null {
  if (base64StartsUnreadable(run)) return null;
  let padded = run.length;
  while (padded > 0 && run.charCodeAt(padded - 1) === EQUALS) padded--;
  const bare = run.slice(0, padded);
  if (bare.length % 4 === 1) return null;
  const bytes = Buffer.from(bare.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (bytes.length < 12) return null;
  return readableText(bytes);
}

function decodePercent(run: string): string | null {
  try {
    return decodeURIComponent(run);
  } catch {
    const bytes = run.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return bytes;
  }
}

// Not printable: C0 controls other than tab, LF and CR; DEL; and U+FFFD (what invalid UTF-8 becomes).
const UNREADABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]/;

/** UTF-8 text made of printable characters (tabs and newlines allowed), else null. */
function readableText(bytes: Buffer): string | null {
  const text = bytes.toString("utf8");
  return UNREADABLE.test(text) ? null : text;
}
