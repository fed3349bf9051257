/**
 * Finds model IDs in any text (contract §6 gate 6). Pure and synchronous.
 *
 * A match is a whole token: it does not start or end inside a longer identifier, a hex hash,
 * a UUID or a base64 blob. Provider prefixes (`anthropic/claude-sonnet-4-6`, `Qwen/Qwen3-8B`,
 * Bedrock's `us.anthropic.claude-…`) are allowed before an ID and are not part of the reported
 * ID. An Ollama-style tag (`qwen3:8b`) is part of it.
 *
 * Speed: one combined regex of every family's stems finds candidate positions (V8 scans that
 * at ~150 MB/s); the combined regex of every family's full patterns then runs sticky at each
 * candidate only. The result is the same as running the full regex alone (tested).
 *
 * Chunked callers: a match is a few hundred characters at most and looks at most ~30
 * characters before it, so windows that overlap by 1 KiB see every match whole.
 */
import { MODEL_FAMILIES, type ModelFamily } from "./catalogue.js";

/** One model ID found in a text. `text.slice(start, end) === id`. */
export interface ModelIdMatch {
  /** The model ID as written (case kept, provider prefix removed). */
  id: string;
  /** Catalogue family, e.g. `claude`, `gpt`, `qwen`. */
  family: string;
  /** UTF-16 offsets into the searched text. */
  start: number;
  end: number;
}

const TOKEN_CHAR = String.raw`[a-z0-9_.@+\-]`;
const BEDROCK_VENDORS = "anthropic|meta|mistral|cohere|amazon|ai21|deepseek|qwen|openai|writer";
const BEDROCK_PREFIX = String.raw`(?:(?:us|eu|apac|global)[.])?(?:${BEDROCK_VENDORS})[.]`;
// An ID starts where no token character precedes it ('/' may: `openai/gpt-5.5`), after a
// JSON/C escape (`"…\ngpt-4o"` in raw JSON text), or after a Bedrock prefix that itself
// starts a token. (Written flat: V8 runs nested lookbehind alternations noticeably slower.)
const LEFT = String.raw`(?:(?<!${TOKEN_CHAR})|(?<=\\[nrt])|(?<=(?<!${TOKEN_CHAR})${BEDROCK_PREFIX})|(?<=\\[nrt]${BEDROCK_PREFIX}))`;
// A cheap superset of LEFT for the stem prefilter: it lets through 'n', 'r', 't' (escapes)
// and '.' (Bedrock prefixes), which LEFT then decides on.
const STEM_LEFT = String.raw`(?<![a-mo-qsu-z0-9_@+\-])`;
// Ollama-style tag; it never ends in punctuation, so "… qwen3:8b." keeps its full stop.
const TAG = String.raw`(?::[a-z0-9](?:[a-z0-9_.\-]{0,30}[a-z0-9])?)?`;
// An ID ends where no token character follows, nor a dot or colon that continues the token.
const RIGHT = String.raw`(?![a-z0-9_@+\-]|[.:][a-z0-9])`;

const BARE_ID = /^[a-z0-9]+$/i;

const BASE64_AFTER = new Set(["/", "+", "=", "\n", "\r"].map((c) => c.charCodeAt(0)));

/** The full combined regex for a list of families; capture group i+1 is family i. */
export function buildModelIdRegex(families: readonly ModelFamily[], flags = "gi"): RegExp {
  const alternatives = families.map((f) => `(${f.source})`).join("|");
  return new RegExp(`${LEFT}(?:${alternatives})${TAG}${RIGHT}`, flags);
}

function buildStemRegex(families: readonly ModelFamily[]): RegExp {
  return new RegExp(`${STEM_LEFT}(?:${families.map((f) => f.stemSource).join("|")})`, "gi");
}

export interface ModelIdFinderOptions {
  /** Find candidate positions by stems first. Default: true. False runs the full regex alone. */
  prefilter?: boolean;
}

/** A finder over a given family list (tests build one per family, or one without prefilter). */
export function createModelIdFinder(
  families: readonly ModelFamily[],
  options: ModelIdFinderOptions = {},
): (text: string) => ModelIdMatch[] {
  const toMatch = (m: RegExpExecArray, text: string): ModelIdMatch | null => {
    let index = 0;
    while (index < families.length && m[index + 1] === undefined) index++;
    const family = families[index];
    if (family === undefined) return null;
    const id = m[0];
    if (family.caseSensitive && id !== id.toLowerCase()) return null;
    // A short letters-and-digits ID (`qwen3`, `phi4`) after '/' and before '/', '+', '=' or a
    // line break is far more often a piece of a base64 blob than a model named in a path.
    if (BARE_ID.test(id) && text.charCodeAt(m.index - 1) === 0x2f && BASE64_AFTER.has(text.charCodeAt(m.index + id.length))) {
      return null;
    }
    return { id, family: family.family, start: m.index, end: m.index + id.length };
  };

  if (options.prefilter === false) {
    const full = buildModelIdRegex(families, "gi");
    return (text) => {
      const found: ModelIdMatch[] = [];
      if (typeof text !== "string") return found;
      full.lastIndex = 0;
      for (let m = full.exec(text); m !== null; m = full.exec(text)) {
        const match = toMatch(m, text);
        if (match) found.push(match);
      }
      return found;
    };
  }

  const stems = buildStemRegex(families);
  const sticky = buildModelIdRegex(families, "iy");
  return (text) => {
    const found: ModelIdMatch[] = [];
    if (typeof text !== "string") return found;
    stems.lastIndex = 0;
    for (let s = stems.exec(text); s !== null; s = stems.exec(text)) {
      sticky.lastIndex = s.index;
      const m = sticky.exec(text);
      if (m === null) {
        stems.lastIndex = s.index + 1;
        continue;
      }
      // The next search starts after this ID, as a single global regex would.
      stems.lastIndex = s.index + m[0].length;
      const match = toMatch(m, text);
      if (match) found.push(match);
    }
    return found;
  };
}

/**
 * Every model ID in `text`, in order of appearance, not overlapping. Never throws; an empty or
 * non-string input gives `[]`.
 */
export const findModelIds: (text: string) => ModelIdMatch[] = createModelIdFinder(MODEL_FAMILIES);

const BEDROCK_PREFIX_AT_START = new RegExp(`^${BEDROCK_PREFIX}`, "i");

/**
 * The form two model IDs are compared in: trimmed, lower case, without a provider prefix
 * (`openai/`, `Qwen/`, `us.anthropic.`) and without an Ollama `:latest` tag.
 */
export function normalizeModelId(id: string): string {
  let value = id.trim().toLowerCase();
  value = value.slice(value.lastIndexOf("/") + 1);
  value = value.replace(BEDROCK_PREFIX_AT_START, "");
  if (value.endsWith(":latest")) value = value.slice(0, -":latest".length);
  return value;
}

/** True when two model IDs name the same model (compared by `normalizeModelId`). */
export function modelIdsEqual(a: string, b: string): boolean {
  return normalizeModelId(a) === normalizeModelId(b);
}
