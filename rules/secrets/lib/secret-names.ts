import { ownCopy } from "./own-copy.js";

/** Words of an identifier: `clientSecret`, `CLIENT_SECRET`, `x-client-secret` → client, secret; digits stay on their word (`token1`). */
export function identifierWords(name: string): string[] {
  return name.match(IDENTIFIER_WORD)?.map((word) => word.toLowerCase()) ?? [];
}

// An acronym (an upper-case run not followed by lower case), or a capitalised or lower-case word, with the digits after it.
const IDENTIFIER_WORD = /[A-Z]+(?![a-z])[0-9]*|[A-Z]?[a-z]+[0-9]*|[0-9]+/g;

const SECRET_LAST_WORDS = new Set([
  "secret", "secrets", "token", "password", "passwd", "pwd", "passphrase", "credential", "credentials",
  "creds", "apikey", "secretkey", "accesskey", "privatekey", "authtoken", "auth",
]);
const SECRET_LAST_PAIRS = new Set([
  "api key", "access key", "private key", "secret key", "signing key", "encryption key", "master key",
  "auth key", "account key", "session key", "client secret", "app secret", "app key", "license key",
]);
const PASSWORD_WORDS = new Set(["password", "passwd", "pwd", "passphrase"]);
// Names that hold something next to a secret, never the secret itself.
const NOT_SECRET_WORDS = new Set(["public", "publishable", "csrf", "xsrf", "next", "page", "cursor", "pagination", "continuation"]);
// Trailing words that do not change what a name holds: `secret_value`, `api_key_str`.
const NEUTRAL_SUFFIXES = new Set(["value", "str", "string", "raw", "plain"]);

/** What a name says its value is: a password, another secret, or nothing secret. */
export type SecretNameKind = "password" | "secret" | null;

// Every word the sets above accept holds one of these: a name without any is never secret (fast path).
const SECRET_WORD_PARTS = /secret|token|pass|pwd|cred|key|auth/i;

// Evidence repeats the same few names (a trace's keys) millions of times: remember the verdicts.
const kindCache = new Map<string, SecretNameKind>();
const KIND_CACHE_LIMIT = 50_000;

export function secretNameKind(name: string): SecretNameKind {
  let kind = kindCache.get(name);
  if (kind === undefined) {
    kind = judgeName(name);
    if (kindCache.size >= KIND_CACHE_LIMIT) kindCache.clear();
    kindCache.set(ownCopy(name), kind);
  }
  return kind;
}

function judgeName(name: string): SecretNameKind {
  if (!SECRET_WORD_PARTS.test(name)) return null;
  const words = identifierWords(name);
  // `secret_value`, `PASSWORD_2`, `token1`'s trailing `1` after a split: the name still says secret.
  while (words.length > 1 && (NEUTRAL_SUFFIXES.has(words[words.length - 1] ?? "") || /^\d+$/.test(words[words.length - 1] ?? ""))) words.pop();
  if (words.length === 0 || words.some((word) => NOT_SECRET_WORDS.has(word))) return null;
  const last = words[words.length - 1] ?? "";
  const pair = words.slice(-2).join(" ");
  if (PASSWORD_WORDS.has(last)) return "password";
  if (SECRET_LAST_WORDS.has(last) || SECRET_LAST_PAIRS.has(pair)) return "secret";
  return null;
}

/** True when a name says it holds an API credential (`api_token`, `X-Octopus-ApiKey`, `apikey`). */
export function namesApiCredential(name: string): boolean {
  const words = identifierWords(name);
  return secretNameKind(name) === "secret" && words.some((word) => word === "api" || word === "apikey");
}
