import type { SecretLintRuleCreator, SecretLintRuleLocalizeMessages } from "@secretlint/types";
import type { Keyword } from "./keyword.js";
import { compileKeyword, KeywordMatcher } from "./keyword-matcher.js";

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

/** Keywords of a rule built here; undefined for other rules. */
export function ruleKeywords(ruleId: string): readonly Keyword[] | undefined {
  return keywords.get(ruleId);
}

/** Human label (no secret) of a code reported by a rule built here; undefined for other rules. */
export function ruleLabel(ruleId: string, code: string): string | undefined {
  return labels.get(`${ruleId}\u0000${code}`);
}

const MAX_RESCANNED_VALUE = 256;

export function defineRegexRule(definition: RegexRuleDefinition): SecretLintRuleCreator {
  for (const { pattern, code } of definition.patterns) {
    if (!pattern.global || !pattern.hasIndices) throw new Error(`${definition.id}/${code}: pattern needs the g and d flags`);
    if (!(code in definition.labels)) throw new Error(`${definition.id}: no label for ${code}`);
  }
  if (definition.keywords.length === 0) throw new Error(`${definition.id}: no keywords`);
  keywords.set(definition.id, definition.keywords);
  const messages: SecretLintRuleLocalizeMessages = {};
  for (const [code, label] of Object.entries(definition.labels)) {
    labels.set(`${definition.id}\u0000${code}`, label);
    messages[code] = { en: (props: { SECRET: string }) => `found ${label}: ${props.SECRET}` };
  }
  // One pass finds which patterns' keywords a text holds (gitleaks runs a rule only then).
  const patternKeywords = definition.patterns.flatMap((pattern) => pattern.keywords ?? []);
  const gate = patternKeywords.length > 0 ? new KeywordMatcher(patternKeywords) : null;
  const gateTexts = definition.patterns.map((pattern) => pattern.keywords?.map((keyword) => compileKeyword(keyword).text) ?? null);
  // One RegExp object per pattern for the rule's lifetime: V8 interprets a fresh RegExp's first
  // executions and compiles it to native code only once it is hot, so a new object per file
  // would stay interpreted (measured: most of the rules' time). Reset before each use.
  const regexes = definition.patterns.map(({ pattern }) => new RegExp(pattern.source, pattern.flags));
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
          const present = new Set<string>();
          gate?.forEachHit(source.content, (_, keyword) => present.add(keyword.text));
          for (const [index, { code, accept, bareLength }] of definition.patterns.entries()) {
            const texts = gateTexts[index];
            if (texts && !texts.some((text) => present.has(text))) continue;
            const regex = regexes[index] as RegExp;
            regex.lastIndex = 0;
            for (let match = regex.exec(source.content); match !== null; match = regex.exec(source.content)) {
              const bare = match.indices?.groups?.["bare"];
              let span = match.indices?.groups?.["secret"] ?? bare ?? match.indices?.[0];
              let cut = false;
              if (span && span === bare && bareLength) {
                const kept = bareLength(source.content.slice(span[0], span[1]), match);
                cut = kept < span[1] - span[0];
                span = [span[0], span[0] + kept];
              }
              const secret = span ? source.content.slice(span[0], span[1]) : "";
              if (span && secret.length > 0 && (!accept || accept(secret, match))) {
                context.report({ message: t(code, { SECRET: secret }), range: [span[0], span[1]] });
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
        },
      };
    },
  };
}
