import { harnessAuditRules, RULE_SPECIFICITY } from "../../rules/secrets/index.js";
import { isPlaceholder } from "../../rules/secrets/lib/value-filters.js";
import { decodedViews } from "./decode.js";
import { createSecretEngine, type EngineMatch, type SecretEngine } from "./engine.js";
import { secretMessage, toScreamingSnake } from "./messages.js";
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
}

const PRESET_SPECIFICITY = 3;

export function createSecretScanner(options: SecretScannerOptions = {}): SecretScanner {
  const engine = createSecretEngine({ rules: harnessAuditRules });
  const decode = options.decode ?? true;
  const maxDepth = options.maxDecodeDepth ?? 3;
  return {
    async scan(text, filePath) {
      const found = (await lintSelected(engine, text, filePath)).map((candidate) => toMatch(candidate, text, null, null));
      if (!decode) return found;
      for (const view of decodedViews(text, { maxDepth })) {
        for (const candidate of await lintSelected(engine, view.text, filePath)) {
          const match = toMatch(candidate, view.text, view.decoding, view);
          const duplicate = found.some(
            (other) => other.start < match.end && match.start < other.end && (other.value.includes(match.value) || match.value.includes(other.value)),
          );
          if (!duplicate) found.push(match);
        }
      }
      return found.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
    },
  };
}

async function lintSelected(engine: SecretEngine, text: string, filePath: string): Promise<Candidate[]> {
  const matches: EngineMatch[] = await engine.lint(text, filePath);
  return selectMostSpecific(
    matches.filter((match) => !isPlaceholderMatch(match, text)).map((match) => ({
      rule: match.ruleId,
      messageId: match.messageId,
      start: match.start,
      end: match.end,
      specificity: RULE_SPECIFICITY[match.ruleId] ?? PRESET_SPECIFICITY,
    })),
  );
}

// The preset's rules know formats, not placeholders: `ghp_xxxx…` matches GitHub's format.
// Our rules filter already; a private key block is judged by its own rule (its base64 may
// legitimately hold runs like AAAAAAAA).
function isPlaceholderMatch(match: EngineMatch, text: string): boolean {
  if (match.messageId.startsWith("PrivateKey")) return false;
  return isPlaceholder(text.slice(match.start, match.end));
}

function toMatch(candidate: Candidate, source: string, decoding: string | null, span: { start: number; end: number } | null): SecretMatch {
  return {
    rule: candidate.rule,
    code: toScreamingSnake(candidate.messageId),
    message: secretMessage(candidate.rule, candidate.messageId),
    start: span ? span.start : candidate.start,
    end: span ? span.end : candidate.end,
    value: source.slice(candidate.start, candidate.end),
    decoding,
  };
}

/** First 4 characters and the length, e.g. `sk-p…(51 chars)`; 8 characters or fewer show none. */
export function maskSecret(value: string): string {
  const shown = value.length > 8 ? value.slice(0, 4) : "";
  return `${shown}…(${value.length} chars)`;
}
