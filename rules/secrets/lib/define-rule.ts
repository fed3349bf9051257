import type { SecretLintRuleCreator, SecretLintRuleLocalizeMessages } from "@secretlint/types";

/** One way a rule finds a secret: a global regex and a judge of each match. */
export interface SecretPattern {
  /** Message id reported for this pattern, SCREAMING_SNAKE. */
  code: string;
  /** Must carry the `g` and `d` flags; the secret is the group named `secret` (or `bare`, its unquoted twin), else the whole match. */
  pattern: RegExp;
  /** Return false to drop a match (placeholder, low entropy…). Default: keep every match. */
  accept?: (secret: string, match: RegExpExecArray) => boolean;
}

export interface RegexRuleDefinition {
  /** `harness-audit/<name>`; must not clash with the preset's ids. */
  id: string;
  /** Human label of each code, without the secret. */
  labels: Record<string, string>;
  patterns: readonly SecretPattern[];
}

/**
 * Builds a secretlint scanner rule from regex patterns. The secret is passed to the report as
 * message `data`, so secretlint's own masking hides it in the engine's message; our callers
 * never read that message anyway.
 */
const labels = new Map<string, string>();

/** Human label (no secret) of a code reported by a rule built here; undefined for other rules. */
export function ruleLabel(ruleId: string, code: string): string | undefined {
  return labels.get(`${ruleId}\u0000${code}`);
}

export function defineRegexRule(definition: RegexRuleDefinition): SecretLintRuleCreator {
  for (const { pattern, code } of definition.patterns) {
    if (!pattern.global || !pattern.hasIndices) throw new Error(`${definition.id}/${code}: pattern needs the g and d flags`);
    if (!(code in definition.labels)) throw new Error(`${definition.id}: no label for ${code}`);
  }
  const messages: SecretLintRuleLocalizeMessages = {};
  for (const [code, label] of Object.entries(definition.labels)) {
    labels.set(`${definition.id}\u0000${code}`, label);
    messages[code] = { en: (props: { SECRET: string }) => `found ${label}: ${props.SECRET}` };
  }
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
          for (const { code, pattern, accept } of definition.patterns) {
            const regex = new RegExp(pattern.source, pattern.flags);
            for (const match of source.content.matchAll(regex)) {
              const span = match.indices?.groups?.["secret"] ?? match.indices?.groups?.["bare"] ?? match.indices?.[0];
              if (!span) continue;
              const secret = source.content.slice(span[0], span[1]);
              if (secret.length === 0) continue;
              if (accept && !accept(secret, match)) continue;
              context.report({ message: t(code, { SECRET: secret }), range: [span[0], span[1]] });
            }
          }
        },
      };
    },
  };
}
