/**
 * Fake secrets in their real formats (prefix, length, alphabet), each with the context it is
 * written in. Every value comes from the seeded PRNG: none is a real credential.
 */
import { createHmac } from "node:crypto";
import { ALNUM, BASE32, DIGITS, HEX, LOWER, Rng, UPPER, URLSAFE } from "./prng.js";
import { base62, crc32 } from "../scripts/fake-data.js";

/** Every kind of secret the corpus plants. */
export const SECRET_KINDS = [
  "generic-json",
  "generic-yaml",
  "generic-dotenv",
  "generic-flag",
  "generic-header",
  "env-dump",
  "auth-bearer",
  "auth-basic",
  "jwt",
  "url-credentials",
  "url-token-param",
  "google-oauth",
  "google-api-key",
  "openai",
  "anthropic",
  "github",
  "aws-access-key-id",
  "tailscale",
  "openrouter",
  "groq",
  "huggingface",
  "slack",
  "pem-private-key",
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** One secret and the ways to write it. */
export interface SecretSample {
  kind: SecretKind;
  /** The secret itself (for PEM: the whole block). Never printed. */
  value: string;
  /** How it appears in plain text with its context; PEM blocks span several lines. */
  text: string;
  /** The key it sits under in a JSON object. */
  key: string;
  /** The JSON string value that holds it under `key` (contains `value`). */
  jsonValue: string;
}

const GENERIC_NAMES = ["api_key", "apiKey", "token", "secret", "password", "client_secret", "refresh_token", "access_token", "auth_token", "apiSecret"];
const DOTENV_NAMES = ["API_KEY", "SECRET_KEY", "AUTH_TOKEN", "DB_PASSWORD", "CLIENT_SECRET", "REFRESH_TOKEN", "ACCESS_TOKEN"];
const FLAG_NAMES = ["--api-key", "--token", "--password", "--client-secret", "--auth-token", "--secret"];
const HEADER_NAMES = ["X-Api-Key", "X-Auth-Token", "api-key", "X-Access-Token", "Private-Token"];
const SERVICES = ["VLLM", "SPARK1", "HERMES", "CASE_PROXY", "SENTRY", "DATADOG", "STRIPE", "PI_GATEWAY", "MINIO", "REGISTRY"];
const ENV_SUFFIXES = ["_API_KEY", "_TOKEN", "_SECRET", "_PASSWORD", "_AUTH_TOKEN", "_SECRET_KEY"];
const URL_SCHEMES = ["postgres", "postgresql", "mysql", "redis", "rediss", "amqp", "mongodb", "mongodb+srv", "https", "http", "ftp", "sftp", "smtp"];
const URL_HOSTS = ["localhost", "127.0.0.1", "db", "spark1", "cache", "db.internal.example", "queue.spark1.lan", "10.0.4.17"];
const USERS = ["admin", "case", "svc-case", "harness", "root", "deploy", "ci_bot", "spark"];

/** A high-entropy value: letters and digits, always at least one of each. */
function opaque(rng: Rng, length: number, alphabet = ALNUM): string {
  for (;;) {
    const value = rng.chars(alphabet, length);
    if (/[0-9]/.test(value) && /[A-Za-z]/.test(value)) return value;
  }
}

/** A password with symbols that are legal as they stand in config files. */
function password(rng: Rng): string {
  const symbols = "!#%&+,;=?@^~_-";
  let out = opaque(rng, rng.between(14, 22));
  for (let i = 0; i < 3; i++) {
    const at = 1 + rng.int(out.length - 1);
    out = out.slice(0, at) + rng.pick([...symbols]) + out.slice(at);
  }
  return out;
}

/** A password for a URL's userinfo: reserved characters percent-encoded, as real URLs carry them. */
function urlPassword(rng: Rng): string {
  let out = opaque(rng, rng.between(12, 20));
  for (let i = 0; i < 3; i++) {
    const at = 1 + rng.int(out.length - 1);
    out = out.slice(0, at) + rng.pick(["!", "~", "%40", "%23", "%2F", "%3A", "+", ";", "="]) + out.slice(at);
  }
  return out;
}

/** The bare token formats, each from its provider's documented shape. */
export const TOKEN_MAKERS = {
  /** `ya29.` OAuth access token (Google's are ~200 URL-safe characters). */
  "google-oauth": (rng: Rng) => `ya29.a0${opaque(rng, rng.between(140, 180), URLSAFE)}`,
  /** `AIza` + 35 characters of `[0-9A-Za-z_-]`. */
  "google-api-key": (rng: Rng) => `AIza${opaque(rng, 35, URLSAFE)}`,
  /** OpenAI project key: `sk-proj-` + 74 + `T3BlbkFJ` + 74 URL-safe, ending alphanumeric. */
  openai: (rng: Rng) => `sk-proj-${rng.chars(URLSAFE, 74)}T3BlbkFJ${rng.chars(URLSAFE, 73)}${rng.chars(ALNUM, 1)}`,
  /** Anthropic: `sk-ant-api03-` + 93 URL-safe + `AA`. */
  anthropic: (rng: Rng) => `sk-ant-api03-${rng.chars(URLSAFE, 93)}AA`,
  /** GitHub classic PAT: `ghp_` + 30 base62 + CRC32 of those in base62, padded to 6. */
  github: (rng: Rng) => {
    const body = opaque(rng, 30);
    return `ghp_${body}${base62(crc32(body)).padStart(6, "0")}`;
  },
  /** AWS access key id: `AKIA` + 16 of base32's upper-case alphabet. */
  "aws-access-key-id": (rng: Rng) => `AKIA${opaque(rng, 16, BASE32)}`,
  /** Tailscale auth key: `tskey-auth-` + key id + `CNTRL-` + secret. */
  tailscale: (rng: Rng) => `tskey-auth-k${opaque(rng, 11)}CNTRL-${opaque(rng, 33)}`,
  /** OpenRouter: `sk-or-v1-` + 64 hex. */
  openrouter: (rng: Rng) => `sk-or-v1-${opaque(rng, 64, HEX)}`,
  /** Groq: `gsk_` + 52 base62. */
  groq: (rng: Rng) => `gsk_${opaque(rng, 52)}`,
  /** Hugging Face user access token: `hf_` + 34 letters. */
  huggingface: (rng: Rng) => `hf_${rng.chars(UPPER + LOWER, 34)}`,
  /** Slack bot token: `xoxb-` + team digits + bot digits + 24 base62. */
  slack: (rng: Rng) => `xoxb-${rng.chars(DIGITS, 12)}-${rng.chars(DIGITS, 13)}-${opaque(rng, 24)}`,
} as const satisfies Record<string, (rng: Rng) => string>;

type TokenKind = keyof typeof TOKEN_MAKERS;

const TOKEN_ENV: Record<TokenKind, readonly string[]> = {
  "google-oauth": ["GOOGLE_OAUTH_ACCESS_TOKEN", "GCLOUD_ACCESS_TOKEN"],
  "google-api-key": ["GOOGLE_API_KEY", "GEMINI_API_KEY"],
  openai: ["OPENAI_API_KEY"],
  anthropic: ["ANTHROPIC_API_KEY"],
  github: ["GITHUB_TOKEN", "GH_TOKEN"],
  "aws-access-key-id": ["AWS_ACCESS_KEY_ID"],
  tailscale: ["TS_AUTHKEY", "TAILSCALE_AUTHKEY"],
  openrouter: ["OPENROUTER_API_KEY"],
  groq: ["GROQ_API_KEY"],
  huggingface: ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"],
  slack: ["SLACK_BOT_TOKEN"],
};

const PROSE = [
  (t: string) => `retrying upstream request with credential ${t} after 429`,
  (t: string) => `loaded key ${t} from the shell profile`,
  (t: string) => `provider fallback check used ${t}`,
  (t: string) => `echo ${t}`,
];

/** An HS256 JWT with a plausible payload, signed with a key drawn from the PRNG. */
export function fakeJwt(rng: Rng): string {
  const b64 = (value: string | Buffer) => Buffer.from(value).toString("base64url");
  const header = b64(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const iat = 1780000000 + rng.int(1000000);
  const payload = b64(JSON.stringify({ iss: "https://auth.spark1.internal", sub: `svc-${rng.chars(LOWER, 6)}`, aud: "vllm-gateway", iat, exp: iat + 3600, jti: rng.chars(HEX, 32) }));
  const signature = createHmac("sha256", rng.chars(ALNUM, 48)).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** A PEM private key block: a DER-looking body (SEQUENCE header, then random bytes). */
export function fakePrivateKey(rng: Rng): string {
  const label = rng.pick(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"]);
  const length = label === "EC PRIVATE KEY" ? 121 : label === "OPENSSH PRIVATE KEY" ? 400 : 1190;
  const der = Buffer.concat([Buffer.from([0x30, 0x82, (length >> 8) & 0xff, length & 0xff, 0x02, 0x01, 0x00]), rng.bytes(length)]);
  const body = der.toString("base64").match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join("\n");
}

/** One secret of `kind`, with its context. */
export function makeSecret(kind: SecretKind, rng: Rng): SecretSample {
  switch (kind) {
    case "generic-json": {
      const name = rng.pick(GENERIC_NAMES);
      const value = name.toLowerCase().includes("password") ? password(rng) : opaque(rng, rng.between(32, 48));
      return { kind, value, text: `{"${name}": "${value}", "timeout_s": 30}`, key: name, jsonValue: value };
    }
    case "generic-yaml": {
      const name = rng.pick(GENERIC_NAMES);
      const value = name.toLowerCase().includes("password") ? password(rng) : opaque(rng, rng.between(32, 48));
      const text = rng.next() < 0.5 ? `  ${name}: ${value}` : `  ${name}: "${value}"`;
      return { kind, value, text, key: "provider_yaml", jsonValue: `provider:\n  base_url: http://spark1:8000/v1\n${text}\n` };
    }
    case "generic-dotenv": {
      const name = rng.pick(DOTENV_NAMES);
      const value = name.includes("PASSWORD") ? password(rng) : opaque(rng, rng.between(32, 44));
      const text = rng.next() < 0.5 ? `${name}=${value}` : `${name}="${value}"`;
      return { kind, value, text, key: "dotenv", jsonValue: text };
    }
    case "generic-flag": {
      const name = rng.pick(FLAG_NAMES);
      const value = name === "--password" ? password(rng) : opaque(rng, rng.between(32, 44));
      const text = `case-proxy serve --port 8080 ${name}=${value} --log-level info`;
      return { kind, value, text, key: "command", jsonValue: text };
    }
    case "generic-header": {
      const name = rng.pick(HEADER_NAMES);
      const value = opaque(rng, rng.between(32, 44));
      return { kind, value, text: `${name}: ${value}`, key: name, jsonValue: value };
    }
    case "env-dump": {
      const name = `${rng.pick(SERVICES)}${rng.pick(ENV_SUFFIXES)}`;
      const value = name.endsWith("_PASSWORD") ? password(rng) : opaque(rng, rng.between(28, 44));
      return { kind, value, text: `${name}=${value}`, key: name, jsonValue: value };
    }
    case "auth-bearer": {
      const value = opaque(rng, rng.between(36, 48), `${ALNUM}._-`);
      return { kind, value, text: `Authorization: Bearer ${value}`, key: "Authorization", jsonValue: `Bearer ${value}` };
    }
    case "auth-basic": {
      const value = Buffer.from(`${rng.pick(USERS)}:${password(rng)}`).toString("base64");
      return { kind, value, text: `Authorization: Basic ${value}`, key: "Authorization", jsonValue: `Basic ${value}` };
    }
    case "jwt": {
      const value = fakeJwt(rng);
      const text = rng.next() < 0.5 ? `session id_token=${value}` : `gateway issued ${value} for svc-case`;
      return { kind, value, text, key: "id_token", jsonValue: value };
    }
    case "url-credentials": {
      const scheme = rng.pick(URL_SCHEMES);
      const port = rng.next() < 0.5 ? `:${rng.between(1024, 65000)}` : "";
      const value = `${scheme}://${rng.pick(USERS)}:${urlPassword(rng)}@${rng.pick(URL_HOSTS)}${port}/${rng.pick(["case", "harness", "0", "queue", "runs"])}`;
      return { kind, value, text: `connecting to ${value}`, key: "upstream_url", jsonValue: value };
    }
    case "url-token-param": {
      const param = rng.pick(["token", "key", "access_token", "api_key"]);
      const value = opaque(rng, rng.between(32, 44));
      const url = `https://${rng.pick(["hooks.spark1.lan", "localhost:8443", "api.internal.example", "spark1:9000"])}/v1/${rng.pick(["events", "notify", "ingest"])}?${param}=${value}&run=1`;
      return { kind, value, text: `POST ${url} 200 12ms`, key: "callback_url", jsonValue: url };
    }
    case "pem-private-key": {
      const value = fakePrivateKey(rng);
      return { kind, value, text: value, key: "private_key", jsonValue: `${value}\n` };
    }
    default: {
      const value = TOKEN_MAKERS[kind](rng);
      const env = rng.pick(TOKEN_ENV[kind]);
      if (rng.next() < 0.5) return { kind, value, text: rng.pick(PROSE)(value), key: "note", jsonValue: rng.pick(PROSE)(value) };
      return { kind, value, text: `${env}=${value}`, key: env, jsonValue: value };
    }
  }
}
