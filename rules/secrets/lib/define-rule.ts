import type { SecretLintRuleCreator, SecretLintRuleLocalizeMessages } from "@secretlint/types";
import type { Keyword } from "./keyword.js";
import { compileKeyword, KeywordMatcher, type CompiledKeyword } from "./keyword-matcher.js";

/** One way a rule finds a secret: a global regex and a judge of each match. */
export interface SecretPattern {
  /** Message id reported for this pattern, SCREAMING_SNAKE. */
  code: string;
  /** Must carry the `g` and `d` flags; the secret is the group named `secret` (or `bare`, its unquoted twin), else the whole match. */
  pattern: RegExp;
  /** Return false to drop a match (placeholder, low entropy…). Default: keep every match. */
  accept?: (secret: string, match: RegExpExecArray) => boolean;
  /** Literals every match of this pattern holds: the pattern is skipped on a text without any. Default: always run. */
  keywords?: readonly Keyword[];
  /**
   * How many characters of a bare (unquoted) value belong to it: one wide regex pass can then
   * serve values that stop at separators and passwords that may hold them. Matching resumes
   * right after the kept part. Default: all of it.
   */
  bareLength?: (value: string, match: RegExpExecArray) => number;
  /**
   * Every position where a match may start, ascending (more is allowed, none may be missing):
   * for a pattern that is slow to try at every position of a text, it is then tried only at
   * these, and finds what the search would. Default: the regex searches the text.
   */
  starts?: (text: string) => number[];
  /**
   * The secret ends the match: it is the `bare` group, or the `secret` group closed by one
   * quote character that ends the match, or the whole match. Spans then follow from the match's
   * length and the regex runs without indices, which halves what a match allocates (decoy-dense
   * evidence makes hundreds of thousands of matches). Checked against the indices by
   * test/secret-rule-spans.test.ts. Default: false.
   */
  valueAtEnd?: boolean;
}

export interface RegexRuleDefinition {
  /** `harness-audit/<name>`; must not clash with the preset's ids. */
  id: string;
  /** Human label of each code, without the secret. */
  labels: Record<string, string>;
  patterns: readonly SecretPattern[];
  /**
   * Literals every match of every pattern holds on its first line (gitleaks' `keywords`): the
   * scanner lints only the lines around them. A keyword of a pattern that can cross lines says
   * how far (`linesAfter`, `through`). Matched case-insensitively.
   */
  keywords: readonly Keyword[];
}

/**
 * Builds a secretlint scanner rule from regex patterns. The secret is passed to the report as
 * message `data`, so secretlint's own masking hides it in the engine's message; our callers
 * never read that message anyway.
 */
const labels = new Map<string, string>();

const keywords = new Map<string, readonly Keyword[]>();

const patterns = new Map<string, readonly SecretPattern[]>();

/**
 * Reports each accepted match of a rule in a text: its code and the secret's span. `present`: the
 * gate keys (see gateKey) of the keywords the text may hold, when the caller knows them (a
 * superset is fine); else they are looked for in the text.
 */
export type RegexRuleScanner = (text: string, report: (code: string, start: number, end: number) => void, present?: ReadonlySet<string>) => void;

const scanners = new Map<string, RegexRuleScanner>();

/**
 * The scanner of a rule built here, to run it without secretlint's core (same matches as the
 * rule's `file` handler reports); undefined for other rules.
 */
export function regexRuleScanner(ruleId: string): RegexRuleScanner | undefined {
  return scanners.get(ruleId);
}

/** Patterns of a rule built here; undefined for other rules. */
export function rulePatterns(ruleId: string): readonly SecretPattern[] | undefined {
  return patterns.get(ruleId);
}

/** Keywords of a rule built here; undefined for other rules. */
export function ruleKeywords(ruleId: string): readonly Keyword[] | undefined {
  return keywords.get(ruleId);
}

/** The engine's message for a match: what secretlint's core compares to tell duplicates apart. */
function messageText(label: string, secret: string): string {
  return `found ${label}: ${secret}`;
}

/** The message a rule built here gives a match of `code` (as its `file` handler reports it). */
export function ruleMessage(ruleId: string, code: string, secret: string): string {
  return messageText(ruleLabel(ruleId, code) ?? code, secret);
}

/** Human label (no secret) of a code reported by a rule built here; undefined for other rules. */
export function ruleLabel(ruleId: string, code: string): string | undefined {
  return labels.get(`${ruleId}\u0000${code}`);
}

const MAX_RESCANNED_VALUE = 256;

/** Identity of a keyword for gating: its text and its confirmation (`token` ≠ `token` at a word end). */
export function compiledGateKey(compiled: CompiledKeyword): string {
  return `${compiled.text}\u0000${compiled.confirm?.source ?? ""}`;
}

function gateKey(keyword: Keyword): string {
  return compiledGateKey(compileKeyword(keyword));
}

/** The gate keys of a rule built here: a pattern with keywords runs only on a text holding one. Undefined for other rules. */
export function ruleGateKeys(ruleId: string): ReadonlySet<string> | undefined {
  const list = patterns.get(ruleId);
  return list ? new Set(list.flatMap((pattern) => (pattern.keywords ?? []).map(gateKey))) : undefined;
}

/**
 * The pattern keywords of every rule built here, looked for in one pass per text: the engine
 * hands every rule the same text, so each rule asks, instead of each scanning it again.
 */
const gateKeywords = new Map<string, Keyword>();
let gate: { matcher: KeywordMatcher; keyOf: Map<CompiledKeyword, string> } | null = null;
let gatedText: string | null = null;
let gateHits = new Set<string>();

function gateKeysIn(text: string): ReadonlySet<string> {
  if (text !== gatedText) {
    if (!gate) {
      const keys = [...gateKeywords.keys()];
      const matcher = new KeywordMatcher([...gateKeywords.values()]);
      gate = { matcher, keyOf: new Map(matcher.keywords.map((keyword, index) => [keyword, keys[index] ?? ""])) };
    }
    const { keyOf } = gate;
    const hits = new Set<string>();
    gate.matcher.forEachHit(text, (_, keyword) => hits.add(keyOf.get(keyword) ?? ""));
    gateHits = hits;
    gatedText = text;
  }
  return gateHits;
}

export function defineRegexRule(definition: RegexRuleDefinition): SecretLintRuleCreator {
  for (const { pattern, code } of definition.patterns) {
    if (!pattern.global || !pattern.hasIndices) throw new Error(`${definition.id}/${code}: pattern needs the g and d flags`);
    if (!(code in definition.labels)) throw new Error(`${definition.id}: no label for ${code}`);
  }
  if (definition.keywords.length === 0) throw new Error(`${definition.id}: no keywords`);
  keywords.set(definition.id, definition.keywords);
  patterns.set(definition.id, definition.patterns);
  const messages: SecretLintRuleLocalizeMessages = {};
  for (const [code, label] of Object.entries(definition.labels)) {
    labels.set(`${definition.id}\u0000${code}`, label);
    messages[code] = { en: (props: { SECRET: string }) => messageText(label, props.SECRET) };
  }
  // Which patterns' keywords a text holds (gitleaks runs a rule only then), found once per text for all rules.
  for (const keyword of definition.patterns.flatMap((pattern) => pattern.keywords ?? [])) {
    const key = gateKey(keyword);
    if (!gateKeywords.has(key)) {
      gateKeywords.set(key, keyword);
      gate = null;
      gatedText = null;
    }
  }
  const gateKeysOf = definition.patterns.map((pattern) => pattern.keywords?.map(gateKey) ?? null);
  const gated = gateKeysOf.some((keys) => keys !== null);
  // One RegExp object per pattern for the rule's lifetime: V8 interprets a fresh RegExp's first
  // executions and compiles it to native code only once it is hot, so a new object per file
  // would stay interpreted (measured: most of the rules' time). Reset before each use.
  const regexes = definition.patterns.map(({ pattern, starts, valueAtEnd }) => {
    const flags = valueAtEnd ? pattern.flags.replace("d", "") : pattern.flags;
    return new RegExp(pattern.source, starts ? `${flags}y` : flags);
  });
  /** Every accepted match of the rule in `text`, in the order found. */
  const scan: RegexRuleScanner = (text, report, known) => {
    const present = gated ? (known ?? gateKeysIn(text)) : null;
    for (const [index, { code, accept, bareLength, starts, valueAtEnd }] of definition.patterns.entries()) {
      const keys = gateKeysOf[index];
      if (keys && present && !keys.some((key) => present.has(key))) continue;
      const regex = regexes[index] as RegExp;
      regex.lastIndex = 0;
      const next = starts ? stickyAt(regex, text, starts(text)) : () => regex.exec(text);
      for (let match = next(); match !== null; match = next()) {
        const { span: found, bare } = valueAtEnd ? spanAtEnd(match) : spanByIndices(match);
        let span = found;
        let cut = false;
        if (span && bare && bareLength) {
          const kept = bareLength(text.slice(span[0], span[1]), match);
          cut = kept < span[1] - span[0];
          span = [span[0], span[0] + kept];
        }
        const secret = span ? text.slice(span[0], span[1]) : "";
        if (span && secret.length > 0 && (!accept || accept(secret, match))) {
          report(code, span[0], span[1]);
          // What was cut off a value may hold the next assignment (`token=abc;password=xyz`).
          if (cut) regex.lastIndex = span[1];
          continue;
        }
        // A rejected value may begin a match of its own: `adapter: X-Api-Key: …`, `form_body=api_key=…`.
        // Only a short one is searched again, so a line like `a=a=a=…` stays linear.
        if (span && span[0] > match.index && span[1] - span[0] <= MAX_RESCANNED_VALUE) regex.lastIndex = span[0];
        else if (match[0].length === 0) regex.lastIndex++;
      }
    }
  };
  scanners.set(definition.id, scan);
  return {
    messages,
    meta: {
      id: definition.id,
      recommended: true,
      type: "scanner",
      supportedContentTypes: ["text"],
    },
    create(context) {
      const t = context.createTranslator(messages);
      return {
        file(source) {
          const text = source.content;
          scan(text, (code, start, end) => context.report({ message: t(code, { SECRET: text.slice(start, end) }), range: [start, end] }));
        },
      };
    },
  };
}

/**
 * `exec` of a sticky regex tried at each start from its `lastIndex` on, in order: the first that
 * matches is the match a search from `lastIndex` would find, when every match starts at one.
 */
function stickyAt(regex: RegExp, text: string, starts: readonly number[]): () => RegExpExecArray | null {
  let next = 0;
  return () => {
    const from = regex.lastIndex;
    while (next < starts.length && (starts[next] as number) < from) next++;
    for (; next < starts.length; next++) {
      regex.lastIndex = starts[next] as number;
      const match = regex.exec(text);
      if (match !== null) return match;
    }
    return null;
  };
}

type Span = readonly [number, number];

/** The secret's span from the match's indices: `secret`, else `bare`, else the whole match. */
export function spanByIndices(match: RegExpExecArray): { span: Span | undefined; bare: boolean } {
  const bare = match.indices?.groups?.["bare"];
  const span = match.indices?.groups?.["secret"] ?? bare ?? match.indices?.[0];
  return { span, bare: span !== undefined && span === bare };
}

/** The same for a pattern whose secret ends the match (SecretPattern.valueAtEnd), without indices. */
export function spanAtEnd(match: RegExpExecArray): { span: Span; bare: boolean } {
  const end = match.index + match[0].length;
  const secret = match.groups?.["secret"];
  if (secret !== undefined) return { span: [end - 1 - secret.length, end - 1], bare: false };
  const bare = match.groups?.["bare"];
  if (bare !== undefined) return { span: [end - bare.length, end], bare: true };
  return { span: [match.index, end], bare: false };
}
