/**
 * The masking gate: every string harness-audit prints — finding messages, report values quoted
 * by gates, run ids, paths, file and entry names, model IDs, registry file names, values users
 * supplied, error messages — goes through `mask` on its way out, and any secret the scanner finds
 * in it is replaced by its preview (first 4 characters and the length, as `maskSecret`). It is
 * the only maker of `Masked` text, so a result cannot carry an unmasked string by construction.
 */
import type { Masked } from "../types.js";
import { createSecretScanner, maskSecret, type SecretScanner } from "./index.js";

export interface TextMasker {
  mask(text: string): Promise<Masked>;
  /** The same for a text that may be null. */
  maskNullable(text: string | null): Promise<Masked | null>;
}

// Results repeat the same few messages and names thousands of times.
const CACHE_LIMIT = 20_000;

// No extension: the rules that judge a whole file by its name (a .json service-account key) do not apply to a line of text.
const GATE_FILE_NAME = "printed-text";

export function createTextMasker(scanner: SecretScanner = createSecretScanner()): TextMasker {
  const cache = new Map<string, Masked>();
  const mask = async (text: string): Promise<Masked> => {
    const cached = cache.get(text);
    if (cached !== undefined) return cached;
    const masked = maskSpans(text, await scanner.scan(text, GATE_FILE_NAME)) as Masked;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, masked);
    return masked;
  };
  return {
    mask,
    maskNullable: (text) => (text === null ? Promise.resolve(null) : mask(text)),
  };
}

/**
 * `text` with every span replaced by its preview; overlapping spans are masked as one. A span of
 * a decoded match is the encoded segment that hid the secret, so that segment is what is hidden.
 */
export function maskSpans(text: string, spans: ReadonlyArray<{ start: number; end: number }>): string {
  if (spans.length === 0) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Array<{ start: number; end: number }> = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ start: span.start, end: span.end });
  }
  let out = "";
  let at = 0;
  for (const { start, end } of merged) {
    out += text.slice(at, start) + maskSecret(text.slice(start, end));
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Text of our own output read back (the sweep's authenticated state and record files): it went
 * through `mask` before it was written, so it is Masked again without a second scan.
 */
export function fromMaskedStore(text: string): Masked {
  return text as Masked;
}
