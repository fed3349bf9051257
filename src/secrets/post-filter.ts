import { isPublishedExample } from "../../rules/secrets/lib/published-examples.js";
import { urlHoldsCredential } from "../../rules/secrets/lib/url-userinfo.js";
import { isPlaceholder, isPlaceholderToken } from "../../rules/secrets/lib/value-filters.js";

/**
 * Judges what the engine found — above all the recommended preset's findings, which know formats,
 * not context — with the judgement harness-audit's own rules use: a placeholder, a published
 * example, a documentation URL with an obvious pair, or a Slack-looking string that is no Slack
 * token is a false alarm. The preset stays the engine; this only removes what it cannot tell.
 */

// The preset's Slack pattern takes any `xox?-` followed by dash-joined words (`xoxb-abcdef-abcdef`,
// `xoxo-indieweb-1`); real tokens have the shapes Slack documents (api.slack.com/authentication/
// token-types), as gitleaks' slack.go spells them out.
const SLACK_TOKEN_SHAPES = [
  /^xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*$/, // bot
  /^xoxb-[0-9]{8,14}-[a-zA-Z0-9]{18,26}$/, // legacy bot
  /^xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}$/, // user
  /^xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+$/i, // app-level
  /^xox[ar]-(?:\d-)?[0-9a-zA-Z]{8,48}(?:-[0-9a-zA-Z]+)*$/, // legacy workspace
  /^xox[os]-\d+-\d+-\d+-[a-fA-F\d]+$/, // legacy
];

const OWN_RULES = "harness-audit/";
const PRESET_SLACK = "@secretlint/secretlint-rule-slack";
const URL_RULES = new Set(["@secretlint/secretlint-rule-basicauth", "@secretlint/secretlint-rule-database-connection-string"]);

/** True when a match of `ruleId` holding `value` is a false alarm (see the module comment). */
export function isFalseAlarm(ruleId: string, messageId: string, value: string): boolean {
  // A private key block is judged by its own rule: its base64 may hold runs like AAAAAAAA.
  if (messageId.startsWith("PrivateKey") || messageId === "PRIVATE_KEY_BLOCK") return false;
  if (isPublishedExample(value)) return true;
  // harness-audit's own rules judged their values already, with the context they saw.
  if (ruleId.startsWith(OWN_RULES)) return false;
  // The preset's format rules: a stand-in only when typed almost wholly; its context rules, when mostly.
  if (URL_RULES.has(ruleId) ? isPlaceholder(value) : isPlaceholderToken(value)) return true;
  if (ruleId === PRESET_SLACK && messageId === "SLACK_TOKEN") return !SLACK_TOKEN_SHAPES.some((shape) => shape.test(value));
  if (URL_RULES.has(ruleId)) return !urlHoldsCredential(value);
  return false;
}
