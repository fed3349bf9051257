import { defineRegexRule } from "./lib/define-rule.js";
import { looksLikeToken } from "./lib/judge-value.js";

/** Google API keys (Maps, Gemini/AI Studio, Firebase…) and OAuth access tokens. */
export default defineRegexRule({
  id: "harness-audit/google-credentials",
  labels: { GOOGLE_API_KEY: "Google API key", GOOGLE_OAUTH_ACCESS_TOKEN: "Google OAuth access token" },
  keywords: ["AIza", "ya29."],
  patterns: [
    {
      code: "GOOGLE_API_KEY",
      // gitleaks cmd/generate/config/rules/gcp.go: AIza + 35 of [\w-]
      pattern: /(?<![A-Za-z0-9_-])(?<secret>AIza[\w-]{35})(?![A-Za-z0-9_-])/dg,
      accept: (secret) => looksLikeToken(secret, 3.5),
    },
    {
      code: "GOOGLE_OAUTH_ACCESS_TOKEN",
      // ya29. access tokens (developers.google.com/identity/protocols/oauth2; trufflehog detectors/gcpoauth)
      pattern: /(?<![A-Za-z0-9_-])(?<secret>ya29\.[0-9A-Za-z_-]{30,})(?![A-Za-z0-9_-])/dg,
      accept: (secret) => looksLikeToken(secret, 3.5),
    },
  ],
});
