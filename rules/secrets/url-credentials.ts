import { defineRegexRule } from "./lib/define-rule.js";
import { wordEndKeyword } from "./lib/keyword.js";
import { shannonEntropy } from "./lib/entropy.js";
import { isNameLike } from "./lib/name-shape.js";
import { isUrlCredential } from "./lib/url-userinfo.js";
import { isPlaceholder } from "./lib/value-filters.js";

// `value%23still-query`: words joined by URL punctuation, once percent-escapes are decoded.
function isWords(value: string): boolean {
  const words = value.replace(/%[0-9A-Fa-f]{2}/g, "-").split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.length > 0 && words.every((word) => isNameLike(word));
}

/**
 * Credentials inside URLs, any scheme and any host (`localhost`, bare names): the password of
 * `scheme://user:password@host`, and secret query parameters (`?token=`, `&api_key=`, `?password=`).
 * RFC 3986 §3.2.1 userinfo; query names after gitleaks generic.go keywords. Documentation URLs
 * with an obvious pair (`https://abc:xyz@example.com`) are not credentials (lib/url-userinfo.ts).
 */
export default defineRegexRule({
  id: "harness-audit/url-credentials",
  labels: { URL_PASSWORD: "password in a URL", URL_SECRET_PARAMETER: "secret in a URL query parameter" },
  // "://"; the parameter names: …token, …key, passw(or)d, pwd, …secret, auth, sig
  // parameter names end at `=`, so `token`, `key`, `auth` are never followed by a lower-case letter
  keywords: ["://", wordEndKeyword("token"), wordEndKeyword("key"), "passw", "pwd", "secret", wordEndKeyword("auth"), "sig="],
  patterns: [
    {
      code: "URL_PASSWORD",
      // greedy password up to the last @ that is followed by a host
      pattern: /\b[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/(?<user>[^\s:@/"'<>]*):(?<secret>[^\s/"'<>]+)@(?<host>[A-Za-z0-9._~\[\]-]+)/dg,
      accept: (secret, match) => isUrlCredential(match.groups?.["user"] ?? "", secret, match.groups?.["host"] ?? ""),
    },
    {
      code: "URL_SECRET_PARAMETER",
      pattern:
        /[?&;](?:access_token|refresh_token|id_token|token|api_key|apikey|api-key|key|password|passwd|pwd|secret|client_secret|auth|sig)=(?<secret>[^&#\s"'<>]{8,})/dgi,
      accept: (secret) => !isPlaceholder(secret) && !isWords(secret) && shannonEntropy(secret) >= 3 && /[0-9]/.test(secret),
    },
  ],
});
