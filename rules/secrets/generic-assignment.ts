import { defineRegexRule } from "./lib/define-rule.js";
import { wordEndKeyword } from "./lib/keyword.js";
import { lengthWithoutTrailingSeparators } from "./lib/bare-value.js";
import { isCodeExpression } from "./lib/code-shape.js";
import { looksLikeSecretValue } from "./lib/judge-value.js";
import { namesApiCredential, secretNameKind } from "./lib/secret-names.js";

// Every name secretNameKind accepts holds one of these parts (lib/secret-names.ts): a lookahead on
// the key lets the regex skip the ordinary `"ts": …` pairs of a trace instead of building a
// match (with indices) for each and rejecting it afterwards. Case-insensitive by hand: Node 20
// has no inline (?i:) groups.
const SECRET_PART = String.raw`(?:[sS][eE][cC][rR][eE][tT]|[tT][oO][kK][eE][nN]|[pP][aA][sS][sS]|[pP][wW][dD]|[cC][rR][eE][dD]|[kK][eE][yY]|[aA][uU][tT][hH])`;

// key, optional closing quote, one of = := => : , then a quoted or bare value. A key inside a
// path or a colon-separated name (`tests/test_password.py`, `arn:…:secret:name`) is not one, and
// `::` is a scope (`test_password.py::TestCase`), not an assignment.
export const SECRET_ASSIGNMENT = new RegExp(
  String.raw`(?<![\w.$/:-])["']?(?=[\w.-]{0,80}?${SECRET_PART})(?<key>[A-Za-z_][\w.-]{0,80})["']?[ \t]*(?::=|=>|=|:(?!:))[ \t]*(?:(?<q>["'\`])(?<secret>[^"'\`\r\n\\]+)\k<q>|(?<bare>[^\s"'\`\\]+))`,
  "dg",
);

const SECRET_PART_ANYCASE = /secret|token|pass|pwd|cred|key|auth/gi;
const LONGEST_SECRET_PART = 6;
const MAX_KEYWORD_OFFSET = 80;
// `[\w.-]`, by UTF-16 code unit.
const KEY_CHARS = new Uint8Array(65536);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") KEY_CHARS[char.charCodeAt(0)] = 1;
const isKeyChar = (text: string, at: number): boolean => KEY_CHARS[text.charCodeAt(at)] === 1;

/**
 * Where SECRET_ASSIGNMENT can match: its key starts a run of `[\w.-]` (the lookbehind) and holds
 * a SECRET_PART at most 80 characters in (the lookahead), so each SECRET_PART gives one key
 * start, and a match starts there or at a quote right before it. Searching the literals and
 * trying the regex there is several times faster than trying the lookahead at every word.
 * (`test` rather than `exec`: no match object for each of a trace's many `token`s.)
 */
export function assignmentStarts(text: string): number[] {
  const starts: number[] = [];
  let lastKeyStart = -1;
  SECRET_PART_ANYCASE.lastIndex = 0;
  while (SECRET_PART_ANYCASE.test(text)) {
    const partEnd = SECRET_PART_ANYCASE.lastIndex;
    // The part started at most LONGEST_SECRET_PART before its end: a key start found this far
    // back may lie a little past the lookahead's reach (a start too many is harmless).
    const limit = Math.max(lastKeyStart + 1, partEnd - LONGEST_SECRET_PART - MAX_KEYWORD_OFFSET);
    let keyStart = partEnd - 1;
    while (keyStart > limit && isKeyChar(text, keyStart - 1)) keyStart--;
    // Still inside a run: the run's start was taken already, or lies too far back for the lookahead.
    if (keyStart > 0 && isKeyChar(text, keyStart - 1)) continue;
    const quote = text.charCodeAt(keyStart - 1);
    if (quote === 0x22 || quote === 0x27) starts.push(keyStart - 1);
    starts.push(keyStart);
    lastKeyStart = keyStart;
  }
  return starts;
}

function accept(secret: string, match: RegExpExecArray): boolean {
  const kind = secretNameKind(match.groups?.["key"] ?? "");
  if (kind === null) return false;
  // A bare value cut where a call, an index or type arguments begin (`scanJsxToken(…)`) is code.
  const bare = match.groups?.["bare"];
  if (bare !== undefined && bare.length > secret.length && "([<".includes(bare.charAt(secret.length)) && isCodeExpression(bare)) return false;
  // A UUID is an identifier almost everywhere, but many vendors issue API keys as UUIDs.
  return looksLikeSecretValue(secret, kind, undefined, { uuidIsData: namesApiCredential(match.groups?.["key"] ?? "") });
}

// A password may hold any symbol (`gQV8;7I#lPV7?hZ`): for a password name a bare value runs to
// the next blank or quote, less a trailing separator; other values stop at the first separator.
const VALUE_SEPARATOR = /[,;&|}{)(\][<>]/;

function bareLength(value: string, match: RegExpExecArray): number {
  if (secretNameKind(match.groups?.["key"] ?? "") === "password") return lengthWithoutTrailingSeparators(value);
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
      pattern: SECRET_ASSIGNMENT,
      accept,
      bareLength,
      starts: assignmentStarts,
      valueAtEnd: true,
    },
    {
      // `getenv("api_token", "…")`, `headers.set("X-Api-Key", "…")`: a quoted name, a comma, a quoted value.
      code: "SECRET_ASSIGNMENT",
      pattern: new RegExp(
        String.raw`(?<kq>["'])(?=[\w.-]{0,80}?${SECRET_PART})(?<key>[A-Za-z_][\w.-]{0,80})\k<kq>[ \t]*,[ \t]*(?<q>["'])(?<secret>[^"'\r\n\\]+)\k<q>`,
        "dg",
      ),
      accept,
      valueAtEnd: true,
    },
    {
      code: "SECRET_FLAG",
      // --api-key=VALUE, --token VALUE, -p 'VALUE' is too ambiguous and left out
      pattern: new RegExp(
        String.raw`(?<![\w-])--(?=[\w-]{0,60}?${SECRET_PART})(?<key>[A-Za-z][\w-]{0,60})(?:=|[ \t]+)(?:(?<q>["'])(?<secret>[^"'\r\n\\]+)\k<q>|(?<bare>[^\s"'\`\\]+))`,
        "dg",
      ),
      accept,
      bareLength: lengthWithoutTrailingSeparators,
      valueAtEnd: true,
    },
  ],
});
