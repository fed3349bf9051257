import { defineRegexRule } from "./lib/define-rule.js";
import { wordEndKeyword } from "./lib/keyword.js";
import { looksLikeSecretValue } from "./lib/judge-value.js";
import { secretNameKind } from "./lib/secret-names.js";

// Every name secretNameKind accepts holds one of these parts (lib/secret-names.ts): a lookahead on
// the key lets the regex skip the ordinary `"ts": …` pairs of a trace instead of building a
// match (with indices) for each and rejecting it afterwards. Case-insensitive by hand: Node 20
// has no inline (?i:) groups.
const SECRET_PART = String.raw`(?:[sS][eE][cC][rR][eE][tT]|[tT][oO][kK][eE][nN]|[pP][aA][sS][sS]|[pP][wW][dD]|[cC][rR][eE][dD]|[kK][eE][yY]|[aA][uU][tT][hH])`;

function accept(secret: string, match: RegExpExecArray): boolean {
  const kind = secretNameKind(match.groups?.["key"] ?? "");
  return kind !== null && looksLikeSecretValue(secret, kind);
}

// A password may hold any symbol (`gQV8;7I#lPV7?hZ`): for a password name a bare value runs to
// the next blank or quote, less a trailing separator; other values stop at the first separator.
const VALUE_SEPARATOR = /[,;&|}{)(\][<>]/;
const TRAILING_SEPARATORS = /[,;&|)}\]]+$/;

function bareLength(value: string, match: RegExpExecArray): number {
  if (secretNameKind(match.groups?.["key"] ?? "") === "password") return value.length - (TRAILING_SEPARATORS.exec(value)?.[0].length ?? 0);
  const stop = VALUE_SEPARATOR.exec(value);
  return stop ? stop.index : value.length;
}

/**
 * A value assigned to a name that says "secret": JSON and YAML keys, `.env` and shell
 * `KEY=value`, code assignments, HTTP headers (`X-Api-Key: …`) and command-line flags.
 * The name decides (see lib/secret-names.ts); the value must pass the shared placeholder,
 * hash, UUID, model-id and entropy filters. Shaped after gitleaks' generic-api-key
 * (cmd/generate/config/rules/generic.go) but keyed on the last word of the name.
 */
export default defineRegexRule({
  id: "harness-audit/generic-assignment",
  labels: { SECRET_ASSIGNMENT: "secret assigned to a secret-named key", SECRET_FLAG: "secret passed as a command-line flag" },
  // secretNameKind accepts a name only when a word of it holds one of these (lib/secret-names.ts)
  // `token`, `key` and `auth` only where their word ends: a name whose last word is `tokens`,
  // `keyword` or `author` is never secret (secretNameKind), and traces are full of them.
  keywords: ["secret", wordEndKeyword("token"), "passw", "passphrase", "pwd", "cred", wordEndKeyword("key"), wordEndKeyword("auth")],
  patterns: [
    {
      code: "SECRET_ASSIGNMENT",
      // key, optional closing quote, one of = := => : , then a quoted or bare value
      pattern: new RegExp(
        String.raw`(?<![\w.$-])["']?(?=[\w.-]{0,80}?${SECRET_PART})(?<key>[A-Za-z_][\w.-]{0,80})["']?[ \t]*(?::=|=>|=|:)[ \t]*(?:(?<q>["'\`])(?<secret>[^"'\`\r\n\\]+)\k<q>|(?<bare>[^\s"'\`\\]+))`,
        "dg",
      ),
      accept,
      bareLength,
    },
    {
      code: "SECRET_FLAG",
      // --api-key=VALUE, --token VALUE, -p 'VALUE' is too ambiguous and left out
      pattern: new RegExp(
        String.raw`(?<![\w-])--(?=[\w-]{0,60}?${SECRET_PART})(?<key>[A-Za-z][\w-]{0,60})(?:=|[ \t]+)(?:(?<q>["'])(?<secret>[^"'\r\n\\]+)\k<q>|(?<bare>[^\s"'\`\\]+))`,
        "dg",
      ),
      accept,
      bareLength: (value) => value.length - (TRAILING_SEPARATORS.exec(value)?.[0].length ?? 0),
    },
  ],
});
