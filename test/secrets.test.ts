import { readFileSync } from "node:fs";
import { secretLintProfiler } from "@secretlint/profiler";
import { describe, expect, it } from "vitest";
import { createSecretEngine, secretSpan } from "../src/secrets/engine.js";
import { createSecretScanner, maskSecret } from "../src/secrets/index.js";
import { harnessAuditRules } from "../rules/secrets/index.js";
import { fake } from "./helpers/fake-value.js";

const githubToken = `ghp_${fake(36, 1)}`;
const openRouterKey = `sk-or-v1-${fake(64, 2, "0123456789abcdef")}`;
const genericValue = fake(32, 3);
const awsKeyId = `AKIA${fake(16, 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;
const escapeFirst = (value: string) => `\\u${value.charCodeAt(0).toString(16).padStart(4, "0")}${value.slice(1)}`;

describe("maskSecret", () => {
  it("shows the first 4 characters and the length", () => {
    expect(maskSecret("sk-p" + "x".repeat(47))).toBe("sk-p…(51 chars)");
  });
  it("shows nothing of values of 8 characters or fewer", () => {
    expect(maskSecret("hunter22")).toBe("…(8 chars)");
    expect(maskSecret("")).toBe("…(0 chars)");
  });
});

describe("createSecretScanner", () => {
  const scanner = createSecretScanner();

  it("finds a plain secret with its span, rule and code, and a message without it", async () => {
    const text = `config:\n  token: ${githubToken}\n`;
    const [match, ...rest] = await scanner.scan(text, "config.yaml");
    expect(rest).toEqual([]);
    expect(match?.rule).toBe("@secretlint/secretlint-rule-github");
    expect(match?.code).toBe("GITHUB_TOKEN");
    expect(match?.decoding).toBeNull();
    expect(text.slice(match?.start, match?.end)).toBe(githubToken);
    expect(match?.value).toBe(githubToken);
    expect(match?.message).not.toContain(githubToken.slice(4));
  });

  it("reports offsets in the text given, a leading byte-order mark included", async () => {
    const text = `\uFEFFtoken: ${githubToken}\n`;
    const [match] = await scanner.scan(text, "notes.txt");
    expect(match?.value).toBe(githubToken);
    expect(text.slice(match?.start, match?.end)).toBe(githubToken);
  });

  it("keeps the provider rule when a context rule flags the same span", async () => {
    const matches = await scanner.scan(`OPENROUTER_API_KEY=${openRouterKey}\n`, ".env");
    expect(matches.map((m) => [m.rule, m.code])).toEqual([["harness-audit/provider-keys", "OPENROUTER_API_KEY"]]);
  });

  it("ignores secretlint-disable comments inside evidence", async () => {
    const text = `// secretlint-disable\nconst token = "${githubToken}";\n// secretlint-enable\n`;
    expect((await scanner.scan(text, "notes.ts")).map((m) => m.code)).toEqual(["GITHUB_TOKEN"]);
  });

  it("reports a secret hidden by JSON escapes at the encoded segment", async () => {
    const escaped = openRouterKey.replace(/-/g, "\\u002d");
    const text = `{"payload":"{\\"key\\": \\"${escaped}\\"}"}\n`;
    const matches = await scanner.scan(text, "trace.jsonl");
    expect(matches).toHaveLength(1);
    expect(matches[0]?.value).toBe(openRouterKey);
    expect(matches[0]?.decoding).toMatch(/^json-string/);
    expect(text.slice(matches[0]?.start, matches[0]?.end)).toContain(escaped);
  });

  it("finds secrets in base64, hex and percent-encoded segments", async () => {
    const line = `api_key=${genericValue}`;
    const b64 = Buffer.from(`{"${line.replace("=", '":"')}"}`).toString("base64");
    const hex = Buffer.from(`token: ${githubToken}`).toString("hex");
    const pct = encodeURIComponent(`https://agent:${genericValue}@localhost/x`);
    const text = `blob ${b64}\nraw ${hex}\nnext=${pct}\n`;
    const decodings = (await scanner.scan(text, "mixed.txt")).map((m) => m.decoding);
    expect(decodings).toEqual(["base64", "hex", "percent"]);
  });

  it("follows two levels: a JSON string holding base64", async () => {
    const inner = Buffer.from(`password: ${genericValue}!`).toString("base64");
    const text = `{"blob":"prefix\\n${inner}"}`;
    const [match] = await scanner.scan(text, "trace.jsonl");
    expect(match?.decoding).toBe("json-string>base64");
  });

  it("decodes past the 5,000th view of a window: a secret in the last of 6,000 trace events is found", async () => {
    const events = Array.from({ length: 6000 }, (_, i) => JSON.stringify({ seq: i, payload: JSON.stringify({ output: `step ${i} ok\n` }) }));
    events.push(JSON.stringify({ seq: 6000, payload: JSON.stringify({ env: { GITHUB_TOKEN: githubToken } }) }));
    const matches = await scanner.scan(events.join("\n"), "trace.jsonl");
    expect(matches.map((m) => [m.code, m.value, m.decoding])).toEqual([["GITHUB_TOKEN", githubToken, null]]);
    const escaped = events.join("\n").replace(githubToken, githubToken.replace("_", "\\u005f"));
    expect((await scanner.scan(escaped, "trace.jsonl")).map((m) => [m.code, m.value, m.decoding])).toEqual([["GITHUB_TOKEN", githubToken, "json-string"]]);
  });

  it("flags nothing in placeholders, hashes, UUIDs and model ids", async () => {
    const text = [
      "OPENAI_API_KEY=sk-REDACTED",
      "api_key: ${OPENAI_API_KEY}",
      "token: <your-api-key>",
      "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "password: ********",
      `commit: ${fake(40, 4, "0123456789abcdef")}`,
      `image: busybox@sha256:${fake(64, 5, "0123456789abcdef")}`,
      "run_id: 3f8e2a4c-9b1d-4e6f-8a2b-7c5d9e0f1a3b",
      '{"model": "qwen3.6-35b-a3b", "fallback": "gpt-5.5", "judge": "claude-sonnet-4-6"}',
    ].join("\n");
    expect(await scanner.scan(text, "report.json")).toEqual([]);
  });

  it("finds AWS access key IDs, not AWS's documented example", async () => {
    const matches = await scanner.scan(`aws_access_key_id = ${awsKeyId}\nexample: AKIAIOSFODNN7EXAMPLE\n`, "credentials");
    expect(matches.map((m) => [m.rule, m.code, m.value])).toEqual([["harness-audit/provider-keys", "AWS_ACCESS_KEY_ID", awsKeyId]]);
  });

  it("keeps the key of an escaped JSON value: the key is what makes it a secret", async () => {
    const text = [
      "{",
      `  "VLLM_TOKEN": "${escapeFirst(genericValue)}",`,
      `  "env": {"X-Api-Key": "${escapeFirst(genericValue.slice(2) + "Zq")}"}`,
      "}",
      `{"ts":"t","tool_result":${JSON.stringify(JSON.stringify({ note: "ok", password: `${genericValue.slice(0, 12)};#x9` }))}}`,
    ].join("\n");
    const matches = await scanner.scan(text, "trace.jsonl");
    const lineOf = (offset: number) => text.slice(0, offset).split("\n").length;
    expect(matches.map((m) => [lineOf(m.start), m.code, m.decoding])).toEqual([
      [2, "ENV_SECRET", "json-string"],
      [3, "SECRET_ASSIGNMENT", "json-string"],
      [5, "SECRET_ASSIGNMENT", "json-string"],
    ]);
    expect(matches[2]?.value).toBe(`${genericValue.slice(0, 12)};#x9`);
  });

  it("reports a plain and an escaped secret on the same JSON line both", async () => {
    const text = `{"GITHUB_TOKEN":"${githubToken}","OPENROUTER_API_KEY":"${escapeFirst(openRouterKey)}"}\n`;
    const matches = await scanner.scan(text, "trace.jsonl");
    // sorted by start: the escaped one is reported at the JSON object's span, from the line's start
    expect(matches.map((m) => [m.value, m.decoding])).toEqual([
      [openRouterKey, "json-string"],
      [githubToken, null],
    ]);
  });

  it("finds assignments after a log prefix that looks like one", async () => {
    const text = [
      `2026-06-01T10:00:00.000Z DEBUG adapter: X-Api-Key: ${genericValue}`,
      `[case] debug:   password: "${genericValue.slice(0, 14)}#;x"`,
      `form_body=%20%20api%5Fkey%3D${genericValue}`,
    ].join("\n");
    const matches = await scanner.scan(text, "harness.log");
    expect(matches.map((m) => [m.code, m.decoding])).toEqual([
      ["SECRET_ASSIGNMENT", null],
      ["SECRET_ASSIGNMENT", null],
      ["SECRET_ASSIGNMENT", "percent"],
    ]);
    expect(matches.map((m) => m.value)).toEqual([genericValue, `${genericValue.slice(0, 14)}#;x`, genericValue]);
  });

  it("reports a percent-encoded URL password once: the plain connection-string finding", async () => {
    const password = `${genericValue.slice(0, 6)}%40${genericValue.slice(6, 12)}!x`;
    const text = `result store: postgres://user:${password}@db:5432/x\n`;
    const matches = await scanner.scan(text, "harness.log");
    expect(matches.map((m) => [m.rule, m.decoding])).toEqual([["@secretlint/secretlint-rule-database-connection-string", null]]);
    const sample = readFileSync("sample-runs/harness-runs/20260602T103100Z-secret-harness-leaks-1310/backend/harness.log", "utf8");
    const line3 = sample.split("\n")[2] ?? "";
    expect((await scanner.scan(line3, "harness.log")).map((m) => m.decoding)).toEqual([null]);
  });

  it("reports the AWS secret access key itself, not the range the preset rule gives", async () => {
    const file = "sample-runs/harness-runs/20260602T103000Z-secret-preset-formats-1300/task.json";
    const text = readFileSync(file, "utf8");
    const line13 = text.split("\n")[12] ?? "";
    const secret = /"([A-Za-z0-9/+=]{40})"/.exec(line13)?.[1];
    expect(secret).toBeDefined();
    const aws = (await scanner.scan(text, file)).filter((m) => m.code === "AWS_SECRET_ACCESS_KEY");
    expect(aws.map((m) => [m.value, text.slice(m.start, m.end)])).toEqual([[secret, secret]]);
    expect(maskSecret(aws[0]?.value ?? "").slice(0, 4)).toBe(secret?.slice(0, 4));
  });

  it("finds a GCP service-account key in a .json file, its keys spelled with \\u escapes or not", async () => {
    const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const body = Array.from({ length: 6 }, (_, i) => fake(64, 60 + i, b64)).join("\n");
    const plain = JSON.stringify({ type: "service_account", private_key_id: fake(40, 70, "0123456789abcdef"), private_key: `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n` });
    const escaped = plain.replace('"private_key_id"', '"\\u0070rivate_key_id"').replace('"private_key"', '"\\u0070rivate_key"');
    for (const text of [plain, escaped]) {
      expect((await scanner.scan(text, "key.json")).map((m) => m.rule), text.slice(0, 40)).toContain("@secretlint/secretlint-rule-gcp");
    }
  });

  it("returns matches sorted by start", async () => {
    const text = `b=${githubToken}\na: Authorization: Bearer ${genericValue}\n`;
    const starts = (await scanner.scan(text, "x.txt")).map((m) => m.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts).toHaveLength(2);
  });
});

describe("createSecretEngine", () => {
  it("gives a span that two rules report with the same message once, the later rule's, as secretlint's core does", async () => {
    // The preset's Grafana rule and our provider-keys rule both report `found Grafana Cloud API token: …`.
    const token = `glc_${fake(120, 5, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}==`;
    const engine = createSecretEngine({ rules: harnessAuditRules });
    const matches = await engine.lint(`loki_key: ${token}\n`, "sample.log");
    expect(matches.map((m) => [m.ruleId, m.start, m.end])).toEqual([["harness-audit/provider-keys", 10, 10 + token.length]]);
  });

  it("reports each of thousands of matches in one lint call", async () => {
    const tokens = Array.from({ length: 5000 }, (_, i) => `ghp_${fake(36, 100 + i)}`);
    const matches = await createSecretEngine({ rules: harnessAuditRules }).lint(tokens.join("\n"), "case.log", new Set(["@secretlint/secretlint-rule-github"]));
    expect(matches).toHaveLength(5000);
  });
});

describe("secretSpan", () => {
  const text = `x "aws_secret_access_key": "${genericValue}" y`;
  const at = text.indexOf(genericValue);
  it("moves a range that does not hold its reported secret to the secret", () => {
    expect(secretSpan(text, 2, 2 + genericValue.length, { KEY: genericValue })).toEqual({ start: at, end: at + genericValue.length });
  });
  it("keeps a range that holds it, a whole-file report and a report without data", () => {
    expect(secretSpan(text, at, at + genericValue.length, { KEY: genericValue, typeName: "x" })).toEqual({ start: at, end: at + genericValue.length });
    expect(secretSpan(text, 0, text.length, { FILE_NAME: "y" })).toEqual({ start: 0, end: text.length });
    expect(secretSpan(text, 2, 5, undefined)).toEqual({ start: 2, end: 5 });
  });
});

describe("engine profiler", () => {
  it("records nothing while linting 2,000 small sources", async () => {
    const engine = createSecretEngine();
    for (let i = 0; i < 2000; i++) await engine.lint(`line ${i}\nvalue=${i}\n`, `file-${i}.txt`);
    expect(await secretLintProfiler.getEntries()).toEqual([]);
  });
});
