/**
 * The shared value judgement (rules/secrets/lib/judge-value.ts) and the context rules built on it:
 * code and templates under a secret-named key are never secrets; random values there always are.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import envSecret from "../rules/secrets/env-secret.js";
import genericAssignment from "../rules/secrets/generic-assignment.js";
import { looksLikeSecretValue } from "../rules/secrets/lib/judge-value.js";
import { isNameLike } from "../rules/secrets/lib/name-shape.js";
import { exampleDigest, isPublishedExample } from "../rules/secrets/lib/published-examples.js";
import { sequentialShare } from "../rules/secrets/lib/sequences.js";
import { createSecretEngine } from "../src/secrets/engine.js";
import { ALNUM, fake } from "./helpers/fake-value.js";

const engine = createSecretEngine({ rules: [genericAssignment, envSecret], includePreset: false });

// Deterministic runs: a failure names its seed and shrinks to a case a person can read.
const RUNS = { numRuns: 300, seed: 20261204 };

const WORDS = (
  "read only password hash field shared buffer question token identifier scan template value block char " +
  "pattern component result next last significant started first code point check suffix bridge cloud test " +
  "secret key string access cancellation private progress syntax kind find type keyword credentials container " +
  "match binary like equals greater request config parse stream queue handler session client server form clean " +
  "data user name account login auth mode default local remote cache store file path line column error retry"
).split(" ");

const SECRET_KEYS = [
  "password", "api_key", "apiKey", "API_KEY", "token", "auth_token", "client_secret", "clientSecret", "secret",
  "DB_PASSWORD", "OPENAI_API_KEY", "GITHUB_TOKEN", "access_token", "refresh_token", "private_key", "auth", "passwd", "X-Api-Key",
];

const word = fc.constantFrom(...WORDS);
const words = fc.array(word, { minLength: 1, maxLength: 4 });
const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
// A name in any of the cases code uses.
const name = fc.oneof(
  words.map((ws) => ws.join("_")),
  words.map((ws) => ws.join("-")),
  words.map((ws) => ws.map((w, i) => (i === 0 ? w : capital(w))).join("")),
  words.map((ws) => ws.map(capital).join("")),
  words.map((ws) => ws.join("_").toUpperCase()),
);
// Code's identifiers: any case but kebab (`a-b` is a subtraction there).
const identifier = fc.oneof(
  words.map((ws) => ws.join("_")),
  words.map((ws) => ws.map((w, i) => (i === 0 ? w : capital(w))).join("")),
  words.map((ws) => ws.map(capital).join("")),
  words.map((ws) => ws.join("_").toUpperCase()),
);
const path = fc.array(identifier, { minLength: 1, maxLength: 3 }).map((names) => names.join("."));
// Expressions and templates built from names: calls, indexing, member access, interpolation.
const codeOrTemplate = fc.oneof(
  fc.tuple(path, identifier).map(([p, n]) => `${p}.${n}`),
  fc.tuple(path, name).map(([p, a]) => `${p}(${a})`),
  path.map((p) => `${p}()`),
  fc.tuple(path, name).map(([p, n]) => `${p}.get('${n}')`),
  fc.tuple(path, name).map(([p, i]) => `${p}[${i}]`),
  fc.tuple(path, name).map(([p, i]) => `${p}["${i}"]`),
  fc.tuple(path, identifier).map(([p, n]) => `${p}?.${n}`),
  name.map((n) => `{${n}}`),
  name.map((n) => `\${${n.toUpperCase()}}`),
  name.map((n) => `{{ ${n} }}`),
  name.map((n) => `%(${n})s`),
  name.map((n) => `$${n.toUpperCase()}`),
  name.map((n) => `<${n}>`),
  name,
);

const BASE62 = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"];
const randomBase62 = fc.array(fc.constantFrom(...BASE62), { minLength: 20, maxLength: 64 }).map((chars) => chars.join(""));

// The ways a harness writes a key and its value.
const assignment = (key: string, value: string) =>
  fc.constantFrom(`${key}=${value}`, `${key}: ${value}`, `${key} = "${value}"`, `"${key}": "${value}"`, `  ${key}: '${value}'`);

describe("value judgement", () => {
  it("never takes a name, an expression or a template under a secret-named key for a secret", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SECRET_KEYS), codeOrTemplate, async (key, value) => {
        expect(looksLikeSecretValue(value, "password")).toBe(false);
        expect(looksLikeSecretValue(value, "secret")).toBe(false);
        for (const line of fc.sample(assignment(key, value), { numRuns: 5, seed: value.length })) {
          expect(await engine.lint(line, "evidence.log"), line).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it("always takes a random base62 value of 20 characters or more under a secret-named key for a secret", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SECRET_KEYS), randomBase62, async (key, value) => {
        expect(looksLikeSecretValue(value, "password")).toBe(true);
        expect(looksLikeSecretValue(value, "secret")).toBe(true);
        for (const line of fc.sample(assignment(key, value), { numRuns: 5, seed: value.length })) {
          const found = await engine.lint(line, "evidence.log");
          expect(found.map((match) => line.slice(match.start, match.end)), line).toContain(value);
        }
      }),
      RUNS,
    );
  });

  it("reads names as names and random letters as random", () => {
    for (const value of ["ReadOnlyPasswordHashField", "oauth-bridge", "new_password", "TOKEN_STRING", "django.contrib.auth", "XMLHttpRequest", "getIdToken"]) {
      expect(isNameLike(value), value).toBe(true);
    }
    for (const value of ["yqDVtkqPECriaLRi", "c28wlsosanujy2z", "su9OL59biWiJu7", "AKIAMORTADEAXGGVA5CK", "qXpRmZkLwTbNvGhJ"]) {
      expect(isNameLike(value), value).toBe(false);
    }
  });

  it("counts typed runs, not drawn characters", () => {
    expect(sequentialShare("12345678-ABCD-ABCD-ABCD-1234567890AB")).toBeGreaterThan(0.9);
    expect(sequentialShare("AbCeFG123")).toBe(1);
    expect(sequentialShare("7Hq2xLp9Zr4Kv8Nw")).toBe(0);
  });
});

describe("published example credentials", () => {
  it("are recognised by digest alone, never by a value kept in the project", () => {
    const example = `AIza${fake(35, 4242, `${ALNUM}_-`)}`;
    const digests = new Set([exampleDigest(example)]);
    expect(isPublishedExample(example, digests)).toBe(true);
    expect(isPublishedExample(`${example.slice(0, -1)}x`, digests)).toBe(false);
    expect(isPublishedExample(example)).toBe(false);
    expect(exampleDigest(example)).toMatch(/^[0-9a-f]{16}$/);
  });
});
