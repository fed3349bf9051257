import { defineRegexRule, type SecretPattern } from "./lib/define-rule.js";
import { looksLikeSecretValue } from "./lib/judge-value.js";
import { isPlaceholder } from "./lib/value-filters.js";

// The flag and its argument's start: `-u `, `--user `, `--user=` (curl, httpie's `-a` is too ambiguous).
const FLAG = String.raw`(?<![\w-])(?:-u|--user)(?:[ \t]+|=)`;

/** The password of `user:password` (or the user, when the password is empty: an API key as user name). */
function accept(secret: string, match: RegExpExecArray): boolean {
  const user = match.groups?.["user"] ?? "";
  // `<user:password>`, `$USER:$PASS`, `{{ .user }}:{{ .password }}`: a template of the pair.
  if (isPlaceholder(`${user}:${secret}`) || (user !== "" && isPlaceholder(user))) return false;
  return looksLikeSecretValue(secret, "password");
}

const pattern = (source: string): SecretPattern => ({ code: "USER_PASSWORD_FLAG", pattern: new RegExp(FLAG + source, "dg"), accept });

/**
 * A `user:password` pair passed on a command line with curl's `-u`/`--user` (curl.se/docs/manpage.html#-u):
 * bare, quoted as a whole, or with each half quoted. After gitleaks curl.go (curl-auth-user),
 * without requiring `curl` on the same line: a command continued with `\` puts the flag lines below.
 */
export default defineRegexRule({
  id: "harness-audit/user-password-flag",
  labels: { USER_PASSWORD_FLAG: "user:password passed as a command-line flag" },
  keywords: [
    // The flag with an argument; the patterns want the `:` (looking for it here would rescan the argument from each `-u`).
    { text: "-u", confirm: /-u(?:[ \t]+|=)\S/ },
    { text: "--user", confirm: /--user(?:[ \t]+|=)\S/ },
  ],
  patterns: [
    // -u user:password, -u user:'password'
    pattern(String.raw`(?<user>[^\s"':]*):(?:(?<q>["'])(?<secret>[^"'\r\n]+)\k<q>|(?<bare>[^\s"']+))`),
    // -u "user:password"
    pattern(String.raw`(?<q>["'])(?<user>[^"'\r\n:]*):(?<secret>[^"'\r\n]+)\k<q>`),
    // -u "api-key:" — the user name is the secret
    pattern(String.raw`(?<q>["'])(?<secret>[^"'\r\n:]+):\k<q>`),
    // -u "user":"password"
    pattern(String.raw`(?<q>["'])(?<user>[^"'\r\n]*)\k<q>:(?<p>["'])(?<secret>[^"'\r\n]+)\k<p>`),
  ],
});
