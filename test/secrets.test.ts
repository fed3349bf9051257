import { secretLintProfiler } from "@secretlint/profiler";
import { describe, expect, it } from "vitest";
import { createSecretEngine } from "../src/secrets/engine.js";
import { createSecretScanner, maskSecret } from "../src/secrets/index.js";

// Fake secrets in real formats, built at run time so no literal token sits in the test source.
const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function fake(length: number, seed: number, chars = alnum): string {
  let state = seed;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += chars[(state >>> 16) % chars.length];
  }
  return out;
}
const githubToken = `ghp_${fake(36, 1)}`;
const openRouterKey = `sk-or-v1-${fake(64, 2, "0123456789abcdef")}`;
const genericValue = fake(32, 3);

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

  it("returns matches sorted by start", async () => {
    const text = `b=${githubToken}\na: Authorization: Bearer ${genericValue}\n`;
    const starts = (await scanner.scan(text, "x.txt")).map((m) => m.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts).toHaveLength(2);
  });
});

describe("engine profiler", () => {
  it("records nothing while linting 2,000 small sources", async () => {
    const engine = createSecretEngine();
    const started = Date.now();
    for (let i = 0; i < 2000; i++) await engine.lint(`line ${i}\nvalue=${i}\n`, `file-${i}.txt`);
    expect(await secretLintProfiler.getEntries()).toEqual([]);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
