/**
 * The only module that imports @secretlint/core. It runs the recommended preset plus our rules
 * on one piece of text and returns bare spans; nothing of the engine's result (which carries the
 * whole raw file in `sourceContent`, and unmasked messages) leaves this module.
 */
import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { rules as presetRules } from "@secretlint/secretlint-rule-preset-recommend";
import type { SecretLintCoreConfig, SecretLintRuleCreator } from "@secretlint/types";
import { regexRuleScanner, ruleMessage } from "../../rules/secrets/lib/define-rule.js";

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
  /**
   * `onlyRules`: run just these rules (by id). Default: every rule of the engine. `present`: the
   * gate keys of the keywords the text may hold (see define-rule's RegexRuleScanner), when known.
   */
  lint(text: string, filePath: string, onlyRules?: ReadonlySet<string>, present?: ReadonlySet<string>): Promise<EngineMatch[]>;
}

export function createSecretEngine(options: SecretEngineOptions = {}): SecretEngine {
  const preset = options.includePreset === false ? [] : presetRules.filter((rule) => rule.meta.id !== FILTER_COMMENTS_RULE_ID);
  const keep = options.ruleFilter ?? (() => true);
  const all = [...(preset as readonly SecretLintRuleCreator[]), ...(options.rules ?? [])].filter((rule) => keep(rule.meta.id));
  // Our regex rules run directly (define-rule.ts): the core would only add its per-call set-up and
  // its per-message work. The preset's rules run in the core.
  const direct = all.flatMap((rule) => {
    const scan = regexRuleScanner(rule.meta.id);
    return scan ? [{ id: rule.meta.id, scan }] : [];
  });
  const inCore = all.filter((rule) => !regexRuleScanner(rule.meta.id));
  const subsets = new Map<string, { inCore: readonly SecretLintRuleCreator[]; direct: typeof direct }>();
  const chosenFor = (onlyRules: ReadonlySet<string> | undefined) => {
    if (!onlyRules) return { inCore, direct };
    const key = [...onlyRules].sort().join("\n");
    let subset = subsets.get(key);
    if (!subset) {
      subset = { inCore: inCore.filter((rule) => onlyRules.has(rule.meta.id)), direct: direct.filter((rule) => onlyRules.has(rule.id)) };
      if (subsets.size >= 1000) subsets.clear();
      subsets.set(key, subset);
    }
    return subset;
  };
  return {
    async lint(text, filePath, onlyRules, present) {
      const chosen = chosenFor(onlyRules);
      const reports: Report[] = [];
      if (chosen.inCore.length > 0) {
        // The core's own message handling compares every message of a call with every other
        // (filterDuplicatedMessages) and locates each: a text with thousands of matches cost the
        // square of them. Reports are taken before they reach it (see `withoutDuplicates`).
        const config: SecretLintCoreConfig = {
          rules: chosen.inCore.map((rule) => ({ id: rule.meta.id, rule: reportingTo(rule, reports) })),
        };
        // Unmasked, so that `data` holds the secret each rule reported (see secretSpan); nothing of
        // the result but the bare spans leaves this function.
        await lintSource({
          source: { content: text, filePath, contentType: "text", ext: extensionOf(filePath) },
          options: { config, maskSecrets: false, noPhysicFilePath: true },
        });
      }
      // The core drops a leading byte-order mark and its rules see the rest, as ours do here.
      const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
      const content = shift === 0 ? text : text.slice(1);
      for (const rule of chosen.direct) {
        rule.scan(
          content,
          (code, start, end) => reports.push({ ruleId: rule.id, messageId: code, start, end, message: null, data: undefined, core: false }),
          present,
        );
      }
      return withoutDuplicates(reports, content).map((report) => ({
        ruleId: report.ruleId,
        messageId: report.messageId,
        ...(report.core ? secretSpan(text, report.start + shift, report.end + shift, report.data) : { start: report.start + shift, end: report.end + shift }),
      }));
    },
  };
}

/** A rule's report, in offsets of the text without its byte-order mark (as the core reports them). */
interface Report {
  ruleId: string;
  messageId: string;
  start: number;
  end: number;
  /** The message text; null for our rules, whose message follows from the span (see ruleMessage). */
  message: string | null;
  data: unknown;
  core: boolean;
}

/**
 * The reports as the core's own result gives them: sorted by range, and of reports with the same
 * range and message (two rules, or one rule twice, reporting the same text the same way) only
 * the last. Only reports sharing a range are compared, so this is linear in the reports.
 */
function withoutDuplicates(reports: Report[], content: string): Report[] {
  reports.sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: Report[] = [];
  for (let first = 0; first < reports.length; ) {
    let last = first + 1;
    const { start, end } = reports[first] as Report;
    while (last < reports.length && (reports[last] as Report).start === start && (reports[last] as Report).end === end) last++;
    if (last - first === 1) kept.push(reports[first] as Report);
    else {
      const group = reports.slice(first, last);
      const messages = group.map((report) => report.message ?? ruleMessage(report.ruleId, report.messageId, content.slice(start, end)));
      group.forEach((report, index) => {
        if (!messages.includes(messages[index] as string, index + 1)) kept.push(report);
      });
    }
    first = last;
  }
  return kept;
}

/** `rule`, with its reports collected into `reports` instead of the core's message list. */
function reportingTo(rule: SecretLintRuleCreator, reports: Report[]): SecretLintRuleCreator {
  const ruleId = rule.meta.id;
  return {
    ...rule,
    create: (context, ruleOptions) =>
      rule.create(
        {
          ...context,
          report: ({ message, range }) =>
            reports.push({ ruleId, messageId: message.messageId, start: range[0], end: range[1], message: message.message, data: message.data, core: true }),
        },
        ruleOptions,
      ),
  } as SecretLintRuleCreator;
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
