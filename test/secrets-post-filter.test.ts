import { describe, expect, it } from "vitest";
import { isFalseAlarm } from "../src/secrets/post-filter.js";
import { fake } from "./helpers/fake-value.js";

const SLACK = "@secretlint/secretlint-rule-slack";
const BASIC_AUTH = "@secretlint/secretlint-rule-basicauth";
const DIGITS = "0123456789";
const HEX = "0123456789abcdef";

describe("post-filter of the engine's findings", () => {
  it("keeps the preset's Slack matches that have a shape Slack documents, and only those", () => {
    for (const lookalike of ["xoxb-12345-abcd234", "xoxb-xoxb-my-bot-token", "xoxb-abcdef-abcdef", "xoxo-indieweb-1", "xoxp-1-initial", `xoxp-1234-1234-1234-${fake(32, 3, HEX)}`]) {
      expect(isFalseAlarm(SLACK, "SLACK_TOKEN", lookalike), lookalike).toBe(true);
    }
    const bot = `xoxb-${fake(12, 1, DIGITS)}-${fake(13, 2, DIGITS)}-${fake(24, 4)}`;
    const user = `xoxp-${fake(12, 5, DIGITS)}-${fake(12, 6, DIGITS)}-${fake(12, 7, DIGITS)}-${fake(32, 8, HEX)}`;
    expect(isFalseAlarm(SLACK, "SLACK_TOKEN", bot)).toBe(false);
    expect(isFalseAlarm(SLACK, "SLACK_TOKEN", user)).toBe(false);
  });

  it("drops documentation URLs with an obvious pair and anonymous logins, not real-looking passwords", () => {
    for (const url of ["http://user:pass@example.com", "https://abc:xyz@example.com", "http://User:Pass@example.com", "http://user:pass@evil.com", "https://anonymous:flabada@developer.mozilla.org"]) {
      expect(isFalseAlarm(BASIC_AUTH, "BasicAuth", url), url).toBe(true);
    }
    for (const url of [`postgres://admin:${fake(18, 9)}@db.internal.example`, `https://svc-case:${fake(16, 10)}@localhost`, `https://deploy:hunter2x@registry.acme.io`]) {
      expect(isFalseAlarm(BASIC_AUTH, "BasicAuth", url), url).toBe(false);
    }
  });

  it("drops published examples and stand-ins the preset's formats take, whatever the rule", () => {
    expect(isFalseAlarm("@secretlint/secretlint-rule-aws", "AWSAccessKeyID", "AKIAIOSFODNN7EXAMPLE")).toBe(true);
    expect(isFalseAlarm("@secretlint/secretlint-rule-github", "GITHUB_TOKEN", "ghp_1234567890abcdefghijklmnopqrstuvwxyz")).toBe(true);
    expect(isFalseAlarm("@secretlint/secretlint-rule-github", "GITHUB_TOKEN", `ghp_${fake(36, 11)}`)).toBe(false);
  });

  it("leaves private key blocks and harness-audit's own rules to their own judgement", () => {
    expect(isFalseAlarm("@secretlint/secretlint-rule-privatekey", "PrivateKey", "-----BEGIN RSA PRIVATE KEY-----\nAAAAAAAAAAAA\n-----END RSA PRIVATE KEY-----")).toBe(false);
    expect(isFalseAlarm("harness-audit/provider-keys", "ANTHROPIC_API_KEY", "sk-ant-api03-abc123xyz")).toBe(false);
  });
});
