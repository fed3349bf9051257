/**
 * Decoded views of a text: the places where a secret can hide encoded — JSON string values with
 * escapes, base64/base64url, hex and percent-encoded runs — decoded, recursively. Pure.
 * Only candidate segments are decoded, never the whole text.
 *
 * Work is bounded by the text's size, not by a count or a segment length (no segment is silently
 * skipped): every view is the decoding of a substring (never longer than it), each decoder's
 * segments are disjoint, and nesting stops at `maxDepth`, so the views of one text total at most
 * 4^maxDepth times its length (in practice about its length: segments of different decoders
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
}

const JSON_STRING = /"((?:[^"\\\r\n]|\\.){2,})"/g;
const MIN_BASE64_RUN = 24;
const MIN_HEX_RUN = 24;

interface Segment {
  start: number;
  end: number;
  text: string;
  decoding: string;
}

/** Every decoded view of `text`, nested views after their parent. */
export function decodedViews(text: string, options: DecodeOptions = {}): DecodedView[] {
  const maxDepth = options.maxDepth ?? 3;
  const views: DecodedView[] = [];
  const visit = (source: string, depth: number, outer: { start: number; end: number; decoding: string } | null): void => {
    if (depth >= maxDepth) return;
    for (const segment of candidateSegments(source)) {
      const view: DecodedView = outer
        ? { text: segment.text, start: outer.start, end: outer.end, decoding: `${outer.decoding}>${segment.decoding}` }
        : { text: segment.text, start: segment.start, end: segment.end, decoding: segment.decoding };
      views.push(view);
      visit(segment.text, depth + 1, view);
    }
  };
  visit(text, 0, null);
  return views;
}

/** Segments of one text that decode to something different and readable: JSON, base64, hex, percent, in that order. */
export function candidateSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  if (text.includes("\\")) {
    for (const match of text.matchAll(JSON_STRING)) {
      const body = match[1] ?? "";
      if (!body.includes("\\")) continue;
      const decoded = decodeJsonString(body);
      const start = (match.index ?? 0) + 1;
      if (decoded !== null && decoded !== body) segments.push({ start, end: start + body.length, text: decoded, decoding: "json-string" });
    }
  }
  const runs = base64AndHexRuns(text);
  for (const [start, end] of runs.base64) {
    const run = text.slice(start, end);
    if (isHexOnly(run)) continue;
    const decoded = decodeBase64Text(run);
    if (decoded !== null) segments.push({ start, end, text: decoded, decoding: /[-_]/.test(run) ? "base64url" : "base64" });
  }
  for (const [start, end] of runs.hex) {
    const run = text.slice(start, end);
    const decoded = hexStartsUnreadable(run) ? null : readableText(Buffer.from(run, "hex"));
    if (decoded !== null) segments.push({ start, end, text: decoded, decoding: "hex" });
  }
  for (const [start, end] of percentRuns(text)) {
    const run = text.slice(start, end);
    const decoded = decodePercent(run);
    if (decoded !== null && decoded !== run) segments.push({ start, end, text: decoded, decoding: "percent" });
  }
  return segments;
}

// Character classes, one bit each, for the run scanners below.
const BASE64_CHAR = 1; // [A-Za-z0-9+/_-]
const HEX_CHAR = 2; // [0-9A-Fa-f]
const CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z0-9+/_-]/.test(char)) CLASS[code] = (CLASS[code] ?? 0) | BASE64_CHAR;
  if (/[0-9A-Fa-f]/.test(char)) CLASS[code] = (CLASS[code] ?? 0) | HEX_CHAR;
}
const EQUALS = 61;
const classOf = (code: number): number => (code < 128 ? (CLASS[code] ?? 0) : 0);

/**
 * Spans the regexes
 * `(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])` (base64) and
 * `(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){12,}(?![0-9A-Fa-f])` (hex) match, found in one linear pass:
 * V8 tries a lookbehind at every position, which made these scans the slowest part of a scan.
 * A base64 run matches when the maximal run of its alphabet is not preceded by `=`, is 24+ long
 * and is followed by at most two `=` that no alphabet character follows; a hex run when the maximal hex run has an even length of 24+
 * (hex runs lie inside base64 runs).
 */
function base64AndHexRuns(text: string): { base64: Array<[number, number]>; hex: Array<[number, number]> } {
  const base64: Array<[number, number]> = [];
  const hex: Array<[number, number]> = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code >= 128 || ((CLASS[code] as number) & BASE64_CHAR) === 0) {
      i++;
      continue;
    }
    const start = i;
    for (i++; i < length; i++) {
      const next = text.charCodeAt(i);
      if (next >= 128 || ((CLASS[next] as number) & BASE64_CHAR) === 0) break;
    }
    const end = i;
    if (end - start < MIN_BASE64_RUN) continue;
    let padded = end;
    while (padded < length && text.charCodeAt(padded) === EQUALS) padded++;
    const boundedAfter = padded === end || padded >= length || (classOf(text.charCodeAt(padded)) & BASE64_CHAR) === 0;
    if ((start === 0 || text.charCodeAt(start - 1) !== EQUALS) && padded - end <= 2 && boundedAfter) base64.push([start, padded]);
    for (let j = start; j < end; ) {
      if ((classOf(text.charCodeAt(j)) & HEX_CHAR) === 0) {
        j++;
        continue;
      }
      const hexStart = j;
      while (j < end && (classOf(text.charCodeAt(j)) & HEX_CHAR) !== 0) j++;
      const hexLength = j - hexStart;
      if (hexLength >= MIN_HEX_RUN && hexLength % 2 === 0) hex.push([hexStart, j]);
    }
  }
  return { base64, hex };
}

const PERCENT = 37;
// Stops of `[^\s"'<>%]`: JavaScript's \s, quotes, angle brackets and % itself.
const PERCENT_STOP = /[\s"'<>%]/;
const isHexCode = (code: number): boolean => code < 128 && ((CLASS[code] ?? 0) & HEX_CHAR) !== 0;
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
  const bare = run.replace(/=+$/, "");
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
