import { defineRegexRule } from "./lib/define-rule.js";
import { looksLikeToken } from "./lib/judge-value.js";

/** A signed JSON Web Token: header and payload both base64url JSON objects (`eyJ`). */
export default defineRegexRule({
  id: "harness-audit/jwt",
  labels: { JWT: "JSON Web Token" },
  keywords: ["eyJ"],
  patterns: [
    {
      code: "JWT",
      // gitleaks cmd/generate/config/rules/jwt.go: ey…{17,}.ey…{17,}.signature{10,}
      pattern: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{15,}\.eyJ[A-Za-z0-9_-]{15,}\.[A-Za-z0-9_-]{10,})(?![A-Za-z0-9_-])/dg,
      accept: (secret) => looksLikeToken(secret, 0),
    },
  ],
});
