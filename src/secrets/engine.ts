/**
 * The only module that imports @secretlint/core. It runs the recommended preset plus our rules
 * on one piece of text and returns bare spans; nothing of the engine's result (which carries the
 * whole raw file in `sourceContent`, and unmasked messages) leaves this module.
 */
import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { rules as presetRules } from "@secretlint/secretlint-rule-preset-recommend";
import type { SecretLintCoreConfig, SecretLintRuleCreator } from "@secretlint/types";

// The profiler singleton records every mark and looks each one up linearly: linting many files
// becomes O(n²) (secretlint #1633, #1653). We never read its measures, so marks do nothing.
secretLintProfiler.mark = () => {};

/**
 * Honours `secretlint-disable` comments. Evidence is not code a developer edits, so inline
 * suppression must not work inside it. `disabled: true` on a rule inside a preset is ignored by
 * core 12.0.0 (RunningEvents.registerRule never reads it), so the preset's rules are registered
 * one by one without this one.
 */
export const FILTER_COMMENTS_RULE_ID = "@secretlint/secretlint-rule-filter-comments";

/** A span some rule flagged, in UTF-16 offsets of the linted text. */
export interface EngineMatch {
  ruleId: string;
  messageId: string;
  start: number;
  end: number;
}

export interface SecretEngineOptions {
  /** Our own rules, registered after the preset's. Default: none. */
  rules?: readonly SecretLintRuleCreator[];
  /** Run the recommended preset's rules (without filter-comments). Default: true. */
  includePreset?: boolean;
  /** Keep only the rules (preset's and ours) this returns true for. Default: all. */
  ruleFilter?: (ruleId: string) => boolean;
}

/**
 * Preset rules that judge a whole file rather than spans in it: the GCP rule parses a `.json`
 * file as a service-account key (and reads a `.p12` file from disk), and reports the whole file.
 * They cannot run on the keyword prefilter's excerpts.
 */
export const WHOLE_FILE_RULE_IDS: ReadonlySet<string> = new Set(["@secretlint/secretlint-rule-gcp"]);

/** Extensions for which a whole-file rule does anything (see WHOLE_FILE_RULE_IDS). */
const WHOLE_FILE_EXTENSIONS: ReadonlySet<string> = new Set([".json", ".p12"]);

/** True when a whole-file rule may report something in a file of this name. */
export function hasWholeFileRules(filePath: string): boolean {
  return WHOLE_FILE_EXTENSIONS.has(extensionOf(filePath));
}

/** Ids of the recommended preset's rules that the engine registers. */
export const PRESET_RULE_IDS: readonly string[] = presetRules.map((rule) => rule.meta.id).filter((id) => id !== FILTER_COMMENTS_RULE_ID);

export interface SecretEngine {
  /** `onlyRules`: run just these rules (by id). Default: every rule of the engine. */
  lint(text: string, filePath: string, onlyRules?: ReadonlySet<string>): Promise<EngineMatch[]>;
}

export function createSecretEngine(options: SecretEngineOptions = {}): SecretEngine {
  const preset = options.includePreset === false ? [] : presetRules.filter((rule) => rule.meta.id !== FILTER_COMMENTS_RULE_ID);
  const keep = options.ruleFilter ?? (() => true);
  const all = [...(preset as readonly SecretLintRuleCreator[]), ...(options.rules ?? [])].filter((rule) => keep(rule.meta.id));
  const config: SecretLintCoreConfig = { rules: all.map((rule) => ({ id: rule.meta.id, rule })) };
  const subsets = new Map<string, SecretLintCoreConfig>();
  const configFor = (onlyRules: ReadonlySet<string> | undefined): SecretLintCoreConfig => {
    if (!onlyRules) return config;
    const key = [...onlyRules].sort().join("\n");
    let subset = subsets.get(key);
    if (!subset) {
      subset = { rules: config.rules.filter((rule) => onlyRules.has(rule.id)) };
      subsets.set(key, subset);
    }
    return subset;
  };
  return {
    async lint(text, filePath, onlyRules) {
      const chosen = configFor(onlyRules);
      if (chosen.rules.length === 0) return [];
      // Unmasked, so that `data` holds the secret each rule reported (see secretSpan); nothing of
      // the result but the bare spans leaves this function.
      const result = await lintSource({
        source: { content: text, filePath, contentType: "text", ext: extensionOf(filePath) },
        options: { config: chosen, maskSecrets: false, noPhysicFilePath: true },
      });
      // The core drops a leading byte-order mark and reports offsets in the rest.
      const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
      return result.messages.map((message) => ({
        ruleId: message.ruleId,
        messageId: message.messageId,
        ...secretSpan(text, message.range[0] + shift, message.range[1] + shift, message.data),
      }));
    },
  };
}

/**
 * Where the reported secret really is. Some preset rules report a range that starts at the whole
 * match but has the length of the captured secret (the AWS secret-access-key rule: the range of
 * `"aws_secret_access_key": "8ME3…` cut to 40 characters; the package.json x-oauth-basic rule
 * likewise). The secret itself is in the message's `data`: when the range does not hold it, the
 * span moves to its first occurrence at or after the reported start. Ranges that hold their
 * secret (all of our rules', most of the preset's) and whole-file reports are kept.
 */
// Message data that names something beside the secret (the GCP rule's file, GitHub's token type).
const NOT_SECRET_DATA: ReadonlySet<string> = new Set(["FILE_NAME", "typeName"]);

export function secretSpan(text: string, start: number, end: number, data: unknown): { start: number; end: number } {
  if (typeof data !== "object" || data === null) return { start, end };
  const values = Object.entries(data)
    .filter(([name]) => !NOT_SECRET_DATA.has(name))
    .map(([, value]: [string, unknown]) => value)
    .filter((value): value is string => typeof value === "string" && value.length > 0);
  if (values.length === 0 || values.some((value) => text.slice(start, end).includes(value))) return { start, end };
  for (const value of values) {
    const at = text.indexOf(value, start);
    if (at !== -1) return { start: at, end: at + value.length };
  }
  return { start, end };
}

/** `.json` for `a/b/c.json`; "" when the base name has no extension (as secretlint's source `ext`). */
export function extensionOf(filePath: string): string {
  const base = filePath.slice(filePath.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot) : "";
}
