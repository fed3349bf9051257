import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeywordMatcher } from "../rules/secrets/lib/keyword-matcher.js";
import { PRIVATE_KEY_BLOCK_KEYWORD } from "../rules/secrets/lib/keyword.js";
import { combine, mapRange, selectRanges } from "../src/secrets/prefilter.js";
import { createSecretScanner } from "../src/secrets/index.js";
import { fake } from "./helpers/fake-value.js";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const HEX = "0123456789abcdef";

const FIXTURES = path.resolve("rules/secrets/fixtures");
const fixtureLines: string[] = [];
for (const rule of readdirSync(FIXTURES)) {
  for (const kind of ["ok", "ng"]) {
    for (const file of readdirSync(path.join(FIXTURES, rule, kind))) {
      if (file.endsWith(".expected.json")) continue;
      fixtureLines.push(...readFileSync(path.join(FIXTURES, rule, kind, file), "utf8").split("\n"));
    }
  }
}

const awsSecret = fake(40, 7, B64);
const pemBody = ["MII" + fake(61, 8, B64), ...Array.from({ length: 5 }, (_, i) => fake(64, 20 + i, B64)), fake(20, 9, B64) + "=="];
const secretLines = [
  `GITHUB_TOKEN=ghp_${fake(36, 1)}`,
  `openai: sk-proj-${fake(74, 2)}T3BlbkFJ${fake(74, 3)}`,
  `slack: xoxb-${fake(11, 4, HEX)}-${fake(12, 5, HEX)}-${fake(24, 6)}`,
  `https://hooks.slack.com/services/T${fake(8, 10)}/B${fake(8, 11)}/${fake(24, 12)}`,
  `postgres://agent:${fake(16, 13)}@db.internal:5432/runs`,
  `mongodb+srv://svc:${fake(14, 14)}@cluster0.example.net/x`,
  `https://deploy:${fake(12, 15)}@git.example.com/repo.git`,
  `//registry.npmjs.org/:_authToken=npm_${fake(36, 16)}`,
  `AWS_SECRET_ACCESS_KEY=${awsSecret}`,
  `Authorization: Bearer ${fake(40, 17)}`,
  "Authorization: 3f8e2a4c-9b1d-4e6f-8a2b-7c5d9e0f1a3b",
  `hf_${fake(34, 18, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")}`,
  `vault: s.${fake(24, 19)}`,
  `OPENSHIFT_TOKEN=sha256~${fake(43, 21)}`,
];
const multiLine = [
  // the AWS rule's `\s*` crosses lines: key, separator and value on three lines, blank lines between
  ["aws_secret_access_key", "", "=", "  ", `"${awsSecret}"`],
  ["-----BEGIN RSA PRIVATE KEY-----", ...pemBody, "-----END RSA PRIVATE KEY-----"],
  ["-----BEGIN OPENSSH PRIVATE KEY-----", ...pemBody.slice(0, 3)],
  ["-----END PRIVATE KEY-----"],
  ["//registry.npmjs.org/:_authToken=", "next-line-value"],
  [JSON.stringify({ type: "service_account", private_key_id: fake(40, 22, HEX), private_key: `-----BEGIN PRIVATE KEY-----\n${pemBody.join("\n")}\n-----END PRIVATE KEY-----\n` })],
];
const decoys = [
  "2026-06-01T01:39:18.123Z INFO  http 10.0.4.17 - - \"GET /api/v1/runs?page=2 HTTP/1.1\" 200 512 \"-\" \"python-requests/2.32.3\"",
  `commit=${fake(40, 30, HEX)} image=sha256:${fake(64, 31, HEX)}`,
  "    at Runner.step (/srv/app/node_modules/runner/lib/step.js:120:17)",
  '{"model": "qwen3.6-35b-a3b", "usage": {"input_tokens": 1200, "output_tokens": 88}}',
  "this.items.s.length = monkey.keys; // tokens passed",
  "\uFEFFbom line with key=value",
  "",
  "\r",
  "   ",
];
const encodedLines = [...secretLines, ...decoys.slice(0, 4)].flatMap((line) => [
  Buffer.from(line).toString("base64"),
  Buffer.from(line).toString("hex"),
  encodeURIComponent(line),
  JSON.stringify({ payload: JSON.stringify({ output: `${line}\n` }) }),
]);
const POOL = [...fixtureLines, ...secretLines, ...decoys, ...encodedLines];

const lineArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...POOL) },
  { weight: 1, arbitrary: fc.constantFrom(...multiLine).map((lines) => lines.join("\n")) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(..."ak_=: \"'{}-.sK/T3+\\n".split("")), maxLength: 40 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("token", "id", "msg", "key", "payload"), fc.string({ maxLength: 20 })).map((o) => JSON.stringify(o)) },
);

describe("keyword prefilter", () => {
  const prefiltered = createSecretScanner({ onExcerptOverflow: "throw" });
  const whole = createSecretScanner({ prefilter: false });

  it("scan() finds exactly what the unfiltered scan finds, on texts built from rule fixtures, secrets, decoys and encodings", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { maxLength: 30 }),
        fc.constantFrom("\n", "\r\n"),
        fc.constantFrom("evidence.txt", "trace.jsonl", "report.json", ".npmrc", "package.json"),
        async (lines, eol, file) => {
          const text = lines.join(eol);
          expect(await prefiltered.scan(text, file)).toEqual(await whole.scan(text, file));
        },
      ),
      { numRuns: 250 },
    );
  });

  it("linted in small batches of pieces, finds exactly the same", async () => {
    const batched = createSecretScanner({ onExcerptOverflow: "throw", lintBatchChars: 64 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { maxLength: 30 }),
        fc.constantFrom("evidence.txt", "trace.jsonl", "report.json"),
        async (lines, file) => {
          const text = lines.join("\n");
          expect(await batched.scan(text, file)).toEqual(await whole.scan(text, file));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a key on every line (linted in many batches): each of 2,000 found once", async () => {
    const token = ["ghp", "_", "Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5"].join("");
    const text = Array.from({ length: 2000 }, (_, i) => `{"n":${i},"headers":{"Authorization":"token ${token}"}}`).join("\n");
    const found = await prefiltered.scan(text, "trace.jsonl");
    expect(found.filter((match) => match.decoding === null)).toHaveLength(2000);
    expect(new Set(found.map((match) => match.start)).size).toBe(found.length);
  });

  it("the property's texts do hold findings (the comparison is not vacuous)", async () => {
    const text = [...secretLines, ...multiLine.flat(), ...encodedLines].join("\n");
    const found = await prefiltered.scan(text, "report.json");
    expect(found.length).toBeGreaterThan(20);
    expect(found.some((match) => match.decoding !== null)).toBe(true);
    expect(found).toEqual(await whole.scan(text, "report.json"));
  });

  it("lints nothing of a text without keywords", () => {
    const matcher = new KeywordMatcher(["ghp_", "-----BEGIN"]);
    expect(selectRanges("plain log line\nanother one\n", matcher)).toEqual([]);
  });

  it("selects the keyword's line, a block through its END line, and maps offsets back", () => {
    const matcher = new KeywordMatcher(["ghp_", { text: "-----BEGIN", through: { text: "-----END", within: 1000 } }]);
    const text = "a\nx GHP_1\nb\n-----BEGIN K-----\nbody\n-----END K-----\nc";
    const ranges = selectRanges(text, matcher);
    expect(ranges.map(([start, end]) => text.slice(start, end))).toEqual(["x GHP_1", "-----BEGIN K-----\nbody\n-----END K-----"]);
    const combined = combine([text], [ranges]);
    expect(combined.text).toBe("\nx GHP_1\n\u0000\n-----BEGIN K-----\nbody\n-----END K-----\n");
    const at = combined.text.indexOf("body");
    expect(mapRange(combined, at, at + 4)).toEqual({ source: 0, start: text.indexOf("body"), end: text.indexOf("body") + 4 });
    expect(mapRange(combined, 1, combined.text.indexOf("body"))).toBeNull();
  });

  it("wakes the private-key rules only for a header that names a private key, through the first END after it", () => {
    const matcher = new KeywordMatcher([PRIVATE_KEY_BLOCK_KEYWORD]);
    const publicKey = ["-----BEGIN PUBLIC KEY-----", "MIIBIjAN", "-----END PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----", "MIID", "-----END CERTIFICATE-----"].join("\n");
    expect(selectRanges(publicKey, matcher)).toEqual([]);
    const text = ["x", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----", "body", "-----END RSA PRIVATE KEY-----", "after", "-----END X-----"].join("\n");
    expect(selectRanges(text, matcher).map(([start, end]) => text.slice(start, end))).toEqual([text.slice(2, text.indexOf("\nafter"))]);
  });

  it("a text of private-key headers, one END at the end, finds what the unfiltered scan finds", async () => {
    const body = pemBody.join("\n");
    let blocks = 0;
    for (const text of [
      `${"-----BEGIN PRIVATE KEY-----\n".repeat(300)}-----END PRIVATE KEY-----\n`,
      `${"-----BEGIN PRIVATE KEY-----\n".repeat(30)}${body}\n-----END PRIVATE KEY-----\n`,
      `${"-----BEGIN RSA PRIVATE KEY-----".repeat(50)}\n${body}\n-----END RSA PRIVATE KEY-----`,
      `-----BEGIN PRIVATE KEY-----${fake(64, 40)}-----END`.repeat(40),
    ]) {
      const found = await prefiltered.scan(text, "evidence.txt");
      expect(found).toEqual(await whole.scan(text, "evidence.txt"));
      blocks += found.filter((match) => match.value.startsWith("-----BEGIN")).length;
    }
    // The blocks with a body are found (one each), the others are not blocks.
    expect(blocks).toBe(2);
  });

  it("finds keywords case-insensitively, overlapping ones included, and honours confirm", () => {
    const matcher = new KeywordMatcher(["key", "apikey", { text: "s.", confirm: /s\.[a-z0-9]{4}/i }]);
    const hits: Array<[number, string]> = [];
    matcher.forEachHit("API_KEY apiKEY this.x S.ab12", (start, keyword) => hits.push([start, keyword.text]));
    expect(hits).toEqual([
      [4, "key"],
      [8, "apikey"],
      [11, "key"],
      [22, "s."],
    ]);
  });
});
