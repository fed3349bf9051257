import type { SecretLintRuleCreator } from "@secretlint/types";
import authorizationHeader from "./authorization-header.js";
import envSecret from "./env-secret.js";
import genericAssignment from "./generic-assignment.js";
import googleCredentials from "./google-credentials.js";
import jwt from "./jwt.js";
import providerKeys from "./provider-keys.js";
import registryCredentials from "./registry-credentials.js";
import urlCredentials from "./url-credentials.js";
import userPasswordFlag from "./user-password-flag.js";

/** harness-audit's own secretlint rules, most specific first. */
export const harnessAuditRules: readonly SecretLintRuleCreator[] = [
  providerKeys,
  googleCredentials,
  jwt,
  registryCredentials,
  urlCredentials,
  userPasswordFlag,
  authorizationHeader,
  envSecret,
  genericAssignment,
];

/**
 * How specific each rule is: when spans overlap the higher wins. Provider formats (ours and the
 * preset's) are 3; structural contexts 2; name-based guesses 1.
 */
export const RULE_SPECIFICITY: Readonly<Record<string, number>> = {
  "harness-audit/provider-keys": 3,
  "harness-audit/google-credentials": 3,
  "harness-audit/jwt": 3,
  "harness-audit/registry-credentials": 2,
  "harness-audit/url-credentials": 2,
  "harness-audit/user-password-flag": 2,
  "harness-audit/authorization-header": 2,
  "harness-audit/env-secret": 1,
  "harness-audit/generic-assignment": 1,
  "@secretlint/secretlint-rule-basicauth": 2,
  "@secretlint/secretlint-rule-database-connection-string": 2,
};
