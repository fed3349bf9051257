import { harnessAuditRules, RULE_SPECIFICITY } from "../../rules/secrets/index.js";
import { compiledGateKey, ruleGateKeys, ruleKeywords } from "../../rules/secrets/lib/define-rule.js";
import { decodedViews, type DecodedView } from "./decode.js";
import { createSecretEngine, extensionOf, hasWholeFileRules, PRESET_RULE_IDS, WHOLE_FILE_RULE_IDS, type EngineMatch } from "./engine.js";
import { KeywordMatcher, type Keyword } from "../../rules/secrets/lib/keyword-matcher.js";
import { secretMessage, toScreamingSnake } from "./messages.js";
import { isFalseAlarm } from "./post-filter.js";
import { combineInBatches, mapRange, selectRanges } from "./prefilter.js";
import { PRESET_RULE_KEYWORDS } from "./preset-keywords.js";
import { selectMostSpecific, type Candidate } from "./select.js";

export interface SecretMatch {
  /** e.g. `@secretlint/secretlint-rule-openai` or `harness-audit/url-credentials`. */
  rule: string;
  /** SCREAMING_SNAKE message id, e.g. `OPENAI_TOKEN`. */
  code: string;
  /** Human text without the secret, e.g. `OpenAI API key`. */
  message: string;
  /** UTF-16 offset, in the text passed to scan(), of the secret (or of the encoded segment that hid it). */
  start: number;
  end: number;
  /** The secret itself: for hashing a fingerprint only; never printed. */
  value: string;
  /** null when found in plain text; else how it was revealed, e.g. `json-string>base64`. */
  decoding: string | null;
}

export interface SecretScanner {
  scan(text: string, filePath: string): Promise<SecretMatch[]>;
}

export interface SecretScannerOptions {
  /** Look inside JSON escapes, base64, hex and percent-encoding. Default: true. */
  decode?: boolean;
  /** Levels of encoding inside encoding to follow. Default: 3. */
  maxDecodeDepth?: number;
  /**
   * Lint only the lines around the rules' keywords (the results are the same, see prefilter.ts).
   * Internal: turned off only by tests that compare both ways. Default: true.
   */
  prefilter?: boolean;
  /**
   * What to do when a match leaves its excerpt (the prefilter's reasoning failed): lint the whole
   * text again, or throw so that a test sees it. Internal. Default: "whole".
   */
  onExcerptOverflow?: "whole" | "throw";
  /** Characters of excerpt per lint call (see `combineInBatches`). Internal: tests make it small. Default: 1 Mi. */
  lintBatchChars?: number;
}

const LINT_BATCH_CHARS = 1024 * 1024;

const PRESET_SPECIFICITY = 3;

/** Every rule the engine runs on excerpts, with its keywords; throws when a rule has none. */
function excerptRuleKeywords(): Array<{ ruleId: string; keywords: readonly Keyword[] }> {
  const rules: Array<{ ruleId: string; keywords: readonly Keyword[] }> = [];
  for (const id of PRESET_RULE_IDS) {
    if (WHOLE_FILE_RULE_IDS.has(id)) continue;
    const list = PRESET_RULE_KEYWORDS[id];
    if (!list) throw new Error(`no keywords for preset rule ${id} (src/secrets/preset-keywords.ts)`);
    rules.push({ ruleId: id, keywords: list });
  }
  for (const rule of harnessAuditRules) {
    const list = ruleKeywords(rule.meta.id);
    if (!list) throw new Error(`no keywords for rule ${rule.meta.id}`);
    rules.push({ ruleId: rule.meta.id, keywords: list });
  }
  return rules;
}

/** What a text's keyword hits tell: the rules they wake and the gate keys they hold. */
interface KeywordFacts {
  /** Rules that own each keyword of the matcher (by index). */
  ownersOf: ReadonlyArray<readonly string[]>;
  /** Gate key (define-rule's compiledGateKey) of each keyword of the matcher. */
  gateKeyOf: readonly string[];
  /**
   * Whether the gate keys of a text's hits can stand in for our rules' own look at the text (one
   * more pass over it): only when every keyword of every pattern is one the matcher looks for.
   */
  gateFromHits: boolean;
}

function keywordFacts(rules: ReturnType<typeof excerptRuleKeywords>, matcher: KeywordMatcher): KeywordFacts {
  // The matcher holds the rules' keywords in this order (see createSecretScanner).
  const ownersOf = rules.flatMap(({ ruleId, keywords }) => keywords.map(() => [ruleId]));
  const gateKeyOf = matcher.keywords.map(compiledGateKey);
  const known = new Set(gateKeyOf);
  const gateFromHits = rules.every(({ ruleId }) => [...(ruleGateKeys(ruleId) ?? [])].every((key) => known.has(key)));
  return { ownersOf, gateKeyOf, gateFromHits };
}

// What JSON.parse needs to return an object, after the BOM the core strips.
const JSON_OBJECT_START = /^\uFEFF?[ \t\n\r]*\{/;

/**
 * Whether the GCP rule, which parses a whole `.json` file, can find a service-account key in it:
 * it reports only an object with a `private_key_id` key, which the text spells out or escapes
 * with `\u` (no other JSON escape gives a letter or `_`). A trajectory of megabytes is then not
 * parsed for nothing.
 */
function mayHoldServiceAccountKey(source: string): boolean {
  return source.includes("private_key") || source.includes("\\u");
}

export function createSecretScanner(options: SecretScannerOptions = {}): SecretScanner {
  const decode = options.decode ?? true;
  const lintBatchChars = options.lintBatchChars ?? LINT_BATCH_CHARS;
  const maxDepth = options.maxDecodeDepth ?? 3;
  const engine = createSecretEngine({ rules: harnessAuditRules });
  const excerptEngine = createSecretEngine({ rules: harnessAuditRules, ruleFilter: (id) => !WHOLE_FILE_RULE_IDS.has(id) });
  const wholeFileEngine = createSecretEngine({ ruleFilter: (id) => WHOLE_FILE_RULE_IDS.has(id) });
  const excerptRules = excerptRuleKeywords();
  const matcher = new KeywordMatcher(excerptRules.flatMap((rule) => rule.keywords));
  const facts = keywordFacts(excerptRules, matcher);
  const isTellingKey = tellingKeyTest(matcher);

  /** Lints each source as if alone, in one engine call over their keyword excerpts; null when a match left its excerpt. */
  async function lintExcerpts(sources: readonly string[], filePath: string): Promise<Candidate[][] | null> {
    const hit = new Uint8Array(matcher.keywords.length);
    const ranges = sources.map((source) => selectRanges(source, matcher, hit));
    // Like gitleaks, a rule runs only where one of its own keywords is: a trace full of
    // `prompt_tokens` wakes the generic rules, not forty provider formats.
    const ruleIds = new Set<string>();
    const present = new Set<string>();
    hit.forEach((flag, index) => {
      if (flag === 0) return;
      for (const ruleId of facts.ownersOf[index] ?? []) ruleIds.add(ruleId);
      present.add(facts.gateKeyOf[index] as string);
    });
    const bySource: EngineMatch[][] = sources.map(() => []);
    for (const combined of combineInBatches(sources, ranges, lintBatchChars)) {
      for (const match of await excerptEngine.lint(combined.text, filePath, ruleIds, facts.gateFromHits ? present : undefined)) {
        const mapped = mapRange(combined, match.start, match.end);
        if (!mapped) return null;
        bySource[mapped.source]?.push({ ...match, start: mapped.start, end: mapped.end });
      }
    }
    if (hasWholeFileRules(filePath)) {
      for (const [index, source] of sources.entries()) {
        if (JSON_OBJECT_START.test(source) && mayHoldServiceAccountKey(source)) bySource[index]?.push(...(await wholeFileEngine.lint(source, filePath)));
      }
    }
    return bySource.map((matches, index) => selectCandidates(matches, sources[index] ?? ""));
  }

  async function scanPrefiltered(text: string, filePath: string): Promise<SecretMatch[] | null> {
    const plain = await lintExcerpts([text], filePath);
    if (plain === null) return null;
    const found = (plain[0] ?? []).map((candidate) => toMatch(candidate, text, null, null));
    if (!decode) return found;
    const views = decodedViews(text, { maxDepth, isTellingKey });
    const perView = await lintExcerpts(views.map((view) => view.text), filePath);
    if (perView === null) return null;
    const seen = new SeenSecrets(found, maxDepth);
    views.forEach((view, index) => addViewMatches(seen, view, perView[index] ?? []));
    return sortMatches(found);
  }

  async function scanWhole(text: string, filePath: string): Promise<SecretMatch[]> {
    const found = selectCandidates(await engine.lint(text, filePath), text).map((candidate) => toMatch(candidate, text, null, null));
    if (!decode) return found;
    const seen = new SeenSecrets(found, maxDepth);
    for (const view of decodedViews(text, { maxDepth, isTellingKey })) {
      addViewMatches(seen, view, selectCandidates(await engine.lint(view.text, filePath), view.text));
    }
    return sortMatches(found);
  }

  return {
    async scan(text, filePath) {
      // A .p12 file is judged by reading it from disk, once per view: only the plain path does that.
      const prefilter = (options.prefilter ?? true) && extensionOf(filePath) !== ".p12";
      const found = prefilter ? await scanPrefiltered(text, filePath) : null;
      if (found === null && prefilter && options.onExcerptOverflow === "throw") throw new Error("a match left its keyword excerpt");
      return found ?? scanWhole(text, filePath);
    },
  };
}

/**
 * A JSON key can make its value a secret when some rule's keyword is in it (`api_key`,
 * `Authorization`, `OPENAI_API_KEY`): every rule that reads a key finds one there. Cached: a trace
 * repeats its keys.
 */
function tellingKeyTest(matcher: KeywordMatcher): (key: string) => boolean {
  const cache = new Map<string, boolean>();
  return (key) => {
    let telling = cache.get(key);
    if (telling === undefined) {
      telling = false;
      matcher.forEachHit(`${key}: `, () => (telling = true));
      if (cache.size >= 10_000) cache.clear();
      cache.set(key, telling);
    }
    return telling;
  };
}

/**
 * The matches found so far, and whether a decoded match is one of them seen again. A decoded
 * match is a duplicate when its encoded segment overlaps a match that holds the same secret:
 * the same value, one inside the other, or, for a plain match, inside what the plain match's own
 * value decodes to (`postgres://u:p%40ss@db` is found plain by the connection-string rule and,
 * percent-decoded, as the URL password `p@ss`: one secret). The plain match is kept. Overlap
 * alone is not enough: a JSON line's view spans the whole line, which may hold other secrets.
 */
class SeenSecrets {
  private readonly revealed = new Map<SecretMatch, string[]>();
  private readonly spans = new SpanGrid<SecretMatch>();

  constructor(
    found: SecretMatch[],
    private readonly maxDepth: number,
  ) {
    this.found = found;
    for (const match of found) this.spans.add(match);
  }

  readonly found: SecretMatch[];

  /** Adds `match` unless the same secret was found at an overlapping span. */
  add(match: SecretMatch): void {
    if (this.spans.someOverlapping(match.start, match.end, (other) => this.same(other, match))) return;
    this.found.push(match);
    this.spans.add(match);
  }

  private same(other: SecretMatch, match: SecretMatch): boolean {
    if (other.value.includes(match.value) || match.value.includes(other.value)) return true;
    if (other.decoding !== null) return false;
    let texts = this.revealed.get(other);
    if (!texts) {
      texts = decodedViews(other.value, { maxDepth: this.maxDepth }).map((view) => view.text);
      this.revealed.set(other, texts);
    }
    return texts.some((text) => text.includes(match.value));
  }
}

const GRID_SHIFT = 12;

/**
 * Spans filed under every 4 Ki-character cell they cover, so that the spans overlapping a given
 * one are found by looking at its cells only: a window with thousands of decoded secrets asked,
 * for each, every secret found before (the square of them). Each span is tested once per query,
 * in the cell where it and the query first meet.
 */
class SpanGrid<T extends { start: number; end: number }> {
  private readonly cells: T[][] = [];

  add(span: T): void {
    for (let cell = span.start >> GRID_SHIFT; cell <= (span.end - 1) >> GRID_SHIFT; cell++) (this.cells[cell] ??= []).push(span);
  }

  someOverlapping(start: number, end: number, test: (span: T) => boolean): boolean {
    for (let cell = start >> GRID_SHIFT; cell <= (end - 1) >> GRID_SHIFT; cell++) {
      for (const span of this.cells[cell] ?? []) {
        if (span.start >= end || span.end <= start) continue;
        if (Math.max(start, span.start) >> GRID_SHIFT !== cell) continue;
        if (test(span)) return true;
      }
    }
    return false;
  }
}

/** Adds a view's matches unless the same secret was already found at an overlapping span. */
function addViewMatches(seen: SeenSecrets, view: DecodedView, candidates: readonly Candidate[]): void {
  for (const candidate of candidates) seen.add(toMatch(candidate, view.text, view.decoding, view));
}

function sortMatches(found: SecretMatch[]): SecretMatch[] {
  return found.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
}

function selectCandidates(matches: readonly EngineMatch[], text: string): Candidate[] {
  return selectMostSpecific(
    matches.filter((match) => !isFalseAlarm(match.ruleId, match.messageId, text.slice(match.start, match.end))).map((match) => ({
      rule: match.ruleId,
      messageId: match.messageId,
      start: match.start,
      end: match.end,
      specificity: RULE_SPECIFICITY[match.ruleId] ?? PRESET_SPECIFICITY,
    })),
  );
}

// Code and message of each (rule, message id): a log with a key on every line reports the same few.
const describedAs = new Map<string, { code: string; message: string }>();

function describe(rule: string, messageId: string): { code: string; message: string } {
  const key = `${rule}\u0000${messageId}`;
  let described = describedAs.get(key);
  if (!described) {
    described = { code: toScreamingSnake(messageId), message: secretMessage(rule, messageId) };
    describedAs.set(key, described);
  }
  return described;
}

function toMatch(candidate: Candidate, source: string, decoding: string | null, span: { start: number; end: number } | null): SecretMatch {
  const { code, message } = describe(candidate.rule, candidate.messageId);
  return {
    rule: candidate.rule,
    code,
    message,
    start: span ? span.start : candidate.start,
    end: span ? span.end : candidate.end,
    value: source.slice(candidate.start, candidate.end),
    decoding,
  };
}

/**
 * First 4 characters and the length, e.g. `sk-p…(51 chars)`; 8 characters or fewer show none.
 * `length`: the whole value's, when `value` holds only its first characters.
 */
export function maskSecret(value: string, length = value.length): string {
  const shown = length > 8 ? value.slice(0, 4) : "";
  return `${shown}…(${length} chars)`;
}
