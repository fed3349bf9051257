import { lengthWithoutTrailingSeparators } from "./lib/bare-value.js";
import { defineRegexRule } from "./lib/define-rule.js";
import { wordEndKeyword } from "./lib/keyword.js";
import { looksLikeSecretValue } from "./lib/judge-value.js";

/**
 * Environment dumps (`env`, `printenv`, `.env`, `docker inspect`): an upper-case variable whose
 * name ends like a secret, with a value. Lower bar than generic-assignment because an env
 * dump is where a low-entropy password shows up in clear.
 */
export default defineRegexRule({
  id: "harness-audit/env-secret",
  labels: { ENV_SECRET: "secret-named environment variable with a value" },
  // the name alternatives below: …KEY, TOKEN, SECRET, PASSWORD/PASSWD, PASSPHRASE, PWD, CREDENTIAL(S), AUTH
  // The name ends the match before `=`/`:`, so `key`, `token`, `auth` are never followed by a lower-case letter.
  keywords: [wordEndKeyword("key"), wordEndKeyword("token"), "secret", "passw", "passphrase", "pwd", "credential", wordEndKeyword("auth")],
  patterns: [
    {
      code: "ENV_SECRET",
      pattern:
        /(?<![\w$.{-])(?<key>(?:[A-Z][A-Z0-9_]*_)?(?:API_?KEY|TOKEN|SECRET|SECRET_KEY|ACCESS_KEY|ACCESSKEY|PASSWORD|PASSWD|PWD|PASSPHRASE|CREDENTIALS?|PRIVATE_KEY|AUTH))["']?[ \t]*[=:][ \t]*(?:(?<q>["'])(?<secret>[^"'\r\n\\]+)\k<q>|(?<bare>[^\s"'`\\]+))/dg,
      accept: (secret) => looksLikeSecretValue(secret, "password", { minLength: 8, minEntropy: 2.5, minClasses: 2 }),
      // Values run to the next blank or quote (passwords hold symbols), less a trailing separator.
      bareLength: lengthWithoutTrailingSeparators,
      valueAtEnd: true,
    },
  ],
});
