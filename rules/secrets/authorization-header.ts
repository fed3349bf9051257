import { defineRegexRule } from "./lib/define-rule.js";
import { shannonEntropy } from "./lib/entropy.js";
import { isPlaceholder, isUuid } from "./lib/value-filters.js";

// `user:password` in base64 (RFC 7617 §2): the user name has no `:` and is printable; the
// password may be empty or hold any byte but controls (a non-ASCII password).
function isBasicCredential(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const decoded = Buffer.from(value, "base64").toString("latin1");
  return decoded.length >= 3 && /^[\x20-\x39\x3b-\x7e]+:[^\x00-\x08\x0a-\x1f]*$/.test(decoded);
}

// auth-params (RFC 7235 §2.1: `Digest username=…`, `AWS4-HMAC-SHA256 Credential=…`) are signatures,
// not reusable credentials; a token68 credential may hold `=` elsewhere (`sha256~…@=-…`).
const AUTH_PARAM = /^[A-Za-z][\w-]*=[^=]/;

// A letters-only value is a credential only when it reads as random: long, high entropy, and
// upper and lower case mixed the way a generator mixes them (not `accessTokenFromEnv`).
function isRandomLetters(value: string): boolean {
  if (value.length < 20 || shannonEntropy(value) < 4) return false;
  const upper = value.replace(/[^A-Z]/g, "").length;
  const lower = value.replace(/[^a-z]/g, "").length;
  return upper >= value.length / 4 && lower >= value.length / 4;
}

/**
 * `Authorization:` / `Proxy-Authorization:` header values, with any scheme or none: `Bearer`,
 * `Token`, `Basic` (must decode to `user:password`), vendor schemes (`Splunk <HEC token>`,
 * `SSWS <Okta token>`, `Key <id:secret>`), or a bare credential. In harness evidence a real-looking
 * value there is a secret, a UUID-shaped one included. After gitleaks curl.go (curl-auth-header),
 * without requiring a curl command around it; the scheme is any RFC 7235 §2.1 auth-scheme token,
 * and a value with `=` inside is auth-params (`Digest username=…`, `AWS4-HMAC-SHA256 Credential=…`:
 * signatures, not reusable credentials), not a token68 credential.
 */
export default defineRegexRule({
  id: "harness-audit/authorization-header",
  labels: { AUTHORIZATION_HEADER: "credential in an Authorization header" },
  keywords: ["Authorization"],
  patterns: [
    {
      code: "AUTHORIZATION_HEADER",
      pattern:
        // The credential never holds the word `authorization`: a value run that did (`Authorization:`
        // repeated, then `$`) was scanned again from every header name in it, each time to its end.
        /(?<![\w-])(?:Proxy-)?Authorization["']?[ \t]*[:=][ \t]*["']?(?:(?<scheme>[A-Za-z][A-Za-z0-9_.+-]{0,40})[ \t]+)?(?<secret>(?:(?!authorization)[A-Za-z0-9._~+/=@:-]){8,})(?![A-Za-z0-9._~+/=@:-]|[$<{*])/dgi,
      accept: (secret, match) => {
        if (isPlaceholder(secret)) return false;
        if (AUTH_PARAM.test(secret)) return false;
        const scheme = match.groups?.["scheme"]?.toLowerCase();
        if (scheme === "basic") return isBasicCredential(secret);
        if (isUuid(secret)) return true;
        if (/^[A-Za-z]+$/.test(secret)) return isRandomLetters(secret);
        const minEntropy = scheme === undefined ? 3 : 2.5;
        return shannonEntropy(secret) >= minEntropy && /[0-9]/.test(secret) && /[A-Za-z]/.test(secret);
      },
    },
  ],
});
