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
}

export interface SecretEngine {
  lint(text: string, filePath: string): Promise<EngineMatch[]>;
}

export function createSecretEngine(options: SecretEngineOptions = {}): SecretEngine {
  const preset = options.includePreset === false ? [] : presetRules.filter((rule) => rule.meta.id !== FILTER_COMMENTS_RULE_ID);
  const all = [...(preset as readonly SecretLintRuleCreator[]), ...(options.rules ?? [])];
  const config: SecretLintCoreConfig = { rules: all.map((rule) => ({ id: rule.meta.id, rule })) };
  return {
    async lint(text, filePath) {
      const result = await lintSource({
        source: { content: text, filePath, contentType: "text", ext: extensionOf(filePath) },
        options: { config, maskSecrets: true, noPhysicFilePath: true },
      });
      return result.messages.map((message) => ({
        ruleId: message.ruleId,
        messageId: message.messageId,
        start: message.range[0],
        end: message.range[1],
      }));
    },
  };
}

function extensionOf(filePath: string): string {
  const base = filePath.slice(filePath.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot) : "";
}
