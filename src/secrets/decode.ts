/**
 * Decoded views of a text: the places where a secret can hide encoded — JSON string values with
 * escapes, base64/base64url, hex and percent-encoded runs — decoded, recursively. Pure.
 * Only candidate segments are decoded, never the whole text.
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
  /** Stop after this many views (a guard against pathological input). Default: 5000. */
  maxViews?: number;
}

const JSON_STRING = /"((?:[^"\\\r\n]|\\.){2,})"/g;
const BASE64_RUN = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX_RUN = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){12,}(?![0-9A-Fa-f])/g;
const PERCENT_RUN = /[^\s"'<>%]*(?:%[0-9A-Fa-f]{2}[^\s"'<>%]*)+/g;
const MAX_SEGMENT = 1 << 20;

interface Segment {
  start: number;
  end: number;
  text: string;
  decoding: string;
}

/** Every decoded view of `text`, nested views after their parent. */
export function decodedViews(text: string, options: DecodeOptions = {}): DecodedView[] {
  const maxDepth = options.maxDepth ?? 3;
  const maxViews = options.maxViews ?? 5000;
  const views: DecodedView[] = [];
  const visit = (source: string, depth: number, outer: { start: number; end: number; decoding: string } | null): void => {
    if (depth >= maxDepth) return;
    for (const segment of candidateSegments(source)) {
      if (views.length >= maxViews) return;
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

/** Segments of one text that decode to something different and readable. */
export function candidateSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  for (const match of text.matchAll(JSON_STRING)) {
    const body = match[1] ?? "";
    if (!body.includes("\\") || body.length > MAX_SEGMENT) continue;
    const decoded = decodeJsonString(body);
    const start = (match.index ?? 0) + 1;
    if (decoded !== null && decoded !== body) segments.push({ start, end: start + body.length, text: decoded, decoding: "json-string" });
  }
  for (const match of text.matchAll(BASE64_RUN)) {
    const run = match[0];
    if (run.length > MAX_SEGMENT || /^[0-9A-Fa-f]+$/.test(run)) continue;
    const decoded = decodeBase64Text(run);
    if (decoded !== null) {
      const start = match.index ?? 0;
      segments.push({ start, end: start + run.length, text: decoded, decoding: /[-_]/.test(run) ? "base64url" : "base64" });
    }
  }
  for (const match of text.matchAll(HEX_RUN)) {
    const run = match[0];
    if (run.length > MAX_SEGMENT) continue;
    const decoded = readableText(Buffer.from(run, "hex"));
    if (decoded !== null) {
      const start = match.index ?? 0;
      segments.push({ start, end: start + run.length, text: decoded, decoding: "hex" });
    }
  }
  for (const match of text.matchAll(PERCENT_RUN)) {
    const run = match[0];
    if (run.length > MAX_SEGMENT) continue;
    const decoded = decodePercent(run);
    if (decoded !== null && decoded !== run) {
      const start = match.index ?? 0;
      segments.push({ start, end: start + run.length, text: decoded, decoding: "percent" });
    }
  }
  return segments;
}

function decodeJsonString(body: string): string | null {
  try {
    const value: unknown = JSON.parse(`"${body}"`);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

function decodeBase64Text(run: string): string | null {
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

/** UTF-8 text made of printable characters (tabs and newlines allowed), else null. */
function readableText(bytes: Buffer): string | null {
  const text = bytes.toString("utf8");
  if (text.includes("\uFFFD")) return null;
  let printable = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 9 || code === 10 || code === 13 || (code >= 32 && code !== 127)) printable++;
  }
  return printable === [...text].length ? text : null;
}
