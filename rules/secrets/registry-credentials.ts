import { defineRegexRule } from "./lib/define-rule.js";
import { isPlaceholder } from "./lib/value-filters.js";

/**
 * Bundler host credentials `BUNDLE_<HOST>=user:password`, where the host's dots are written `__`
 * (bundler.io/man/bundle-config.1.html "CREDENTIALS FOR GEM SOURCES"); gitleaks sidekiq.go is
 * one instance of this format (BUNDLE_GEMS__CONTRIBSYS__COM).
 */
export default defineRegexRule({
  id: "harness-audit/registry-credentials",
  labels: { BUNDLER_CREDENTIALS: "Bundler gem source credentials" },
  keywords: ["BUNDLE_"],
  patterns: [
    {
      code: "BUNDLER_CREDENTIALS",
      // The host part is one run of `[A-Z0-9_]` holding a `__` (a lookahead checks it): split as
      // `[A-Z0-9_]*?[A-Z0-9]__[A-Z0-9_]+`, a long run was tried at every split, each to its end.
      // The user part stops at `=` too, so it never runs over the next `BUNDLE_…=` (recheck:
      // `BUNDLE_N__UB=` repeated read the rest of the line from each).
      pattern: /\bBUNDLE_(?=[A-Z0-9_]*[A-Z0-9]__[A-Z0-9_])[A-Z0-9_]+["']?[ \t]*[=:][ \t]*["']?(?<secret>[^\s"':;&=]+:[^\s"';&]+)/dg,
      accept: (secret) => !isPlaceholder(secret),
    },
  ],
});
