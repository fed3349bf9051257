import { defineRegexRule } from "./lib/define-rule.js";
import { shannonEntropy } from "./lib/entropy.js";
import { isPlaceholder } from "./lib/value-filters.js";

function isBasicCredential(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  return /^[\x20-\x7e]*:[\x20-\x7e]*$/.test(decoded) && decoded.length >= 3;
}

/**
 * `Authorization:` / `Proxy-Authorization:` header values: Bearer, Basic (must decode to
 * `user:password`), Token, or a bare credential. After gitleaks curl.go (curl-auth-header),
 * without requiring a curl command around it.
 */
export default defineRegexRule({
  id: "harness-audit/authorization-header",
  labels: { AUTHORIZATION_HEADER: "credential in an Authorization header" },
  patterns: [
    {
      code: "AUTHORIZATION_HEADER",
      pattern:
        /(?<![\w-])(?:Proxy-)?Authorization["']?[ \t]*[:=][ \t]*["']?(?:(?<scheme>Bearer|Basic|Token|Api-Token|Bot|OAuth)[ \t]+)?(?<secret>[A-Za-z0-9._~+/=@:-]{8,})(?![A-Za-z0-9._~+/=@:-]|[$<{*])/dgi,
      accept: (secret, match) => {
        if (isPlaceholder(secret)) return false;
        const scheme = match.groups?.["scheme"]?.toLowerCase();
        if (scheme === "basic") return isBasicCredential(secret);
        const minEntropy = scheme === undefined ? 3 : 2.5;
        return shannonEntropy(secret) >= minEntropy && /[0-9]/.test(secret) && /[A-Za-z]/.test(secret);
      },
    },
  ],
});
