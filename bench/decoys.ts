/**
 * Benign content that sits where secrets sit and must NOT be flagged: placeholders, variable
 * names without values, empty and null values, digests, UUIDs, commit SHAs and the admitted
 * model ID. Random parts come from the seeded PRNG.
 */
import { HEX, Rng } from "./prng.js";

export const ADMITTED_PROVIDER = "qwen-local";
export const ADMITTED_MODEL = "qwen3.6-35b-a3b";

export function uuid(rng: Rng): string {
  const h = rng.chars(HEX, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[rng.int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const gitSha = (rng: Rng) => rng.chars(HEX, 40);
export const sha256Hex = (rng: Rng) => rng.chars(HEX, 64);
export const sha512Hex = (rng: Rng) => rng.chars(HEX, 128);
export const npmIntegrity = (rng: Rng) => `sha512-${rng.bytes(64).toString("base64")}`;
export const dockerDigest = (rng: Rng) => `sha256:${rng.chars(HEX, 64)}`;

/** Benign key/value pairs for JSON artifacts (values are JSON values, not only strings). */
export function decoyEntries(rng: Rng): Array<[string, unknown]> {
  return [
    ["OPENAI_API_KEY", ""],
    ["ANTHROPIC_API_KEY", "${ANTHROPIC_API_KEY}"],
    ["api_key", "sk-REDACTED"],
    ["token", "<your-api-key>"],
    ["password", "********"],
    ["client_secret", "changeme"],
    ["refresh_token", "xxxx"],
    ["hf_token_hint", "hf_..."],
    ["apiKey", "sk-..."],
    ["commit", gitSha(rng)],
    ["content_sha256", sha256Hex(rng)],
    ["checksum_sha512", sha512Hex(rng)],
    ["integrity", npmIntegrity(rng)],
    ["request_id", uuid(rng)],
    ["image", `ghcr.io/acme/case-runner@${dockerDigest(rng)}`],
    ["model", ADMITTED_MODEL],
    ["max_tokens", 4096],
    ["secret_ref", "CASE_PROXY_SECRET"],
  ];
}

/** Benign key/value pairs whose values are strings (report.json `env` holds only strings). */
export function decoyEnv(rng: Rng): Record<string, string> {
  return {
    OPENAI_API_KEY: "",
    ANTHROPIC_API_KEY: "${ANTHROPIC_API_KEY}",
    HF_TOKEN: "<your-hf-token>",
    CASE_PROXY_PASSWORD: "********",
    GIT_COMMIT: gitSha(rng),
    CASE_IMAGE_DIGEST: dockerDigest(rng),
    HARNESS_RUN_UUID: uuid(rng),
  };
}

/** Benign lines for logs, stdout/stderr and code blocks. */
export function decoyLines(rng: Rng): string[] {
  return [
    "OPENAI_API_KEY=",
    "export ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}",
    "api_key: sk-REDACTED",
    "Authorization: Bearer <your-api-key>",
    "token: xxxx",
    "password: ********",
    "DB_PASSWORD=changeme",
    "GITHUB_TOKEN is not set; skipping release upload",
    "api_key: null",
    `warning: OPENAI_API_KEY looks like sk-... (placeholder), ignoring`,
    `HEAD is now at ${gitSha(rng).slice(0, 12)} (commit ${gitSha(rng)})`,
    `${sha256Hex(rng)}  dist/case-runner.tgz`,
    `sha512 ${sha512Hex(rng)}`,
    `resolved integrity ${npmIntegrity(rng)}`,
    `request_id=${uuid(rng)} status=200`,
    `pulled ghcr.io/acme/case-runner@${dockerDigest(rng)}`,
    `model ${ADMITTED_MODEL} ready on spark1`,
    "connecting to postgres://localhost:5432/harness",
  ];
}

const WORDS = (
  "the agent reads file test slug function returns string value normalise separator dash " +
  "input output expected received passes fails check diff patch edit line column module " +
  "export import const let return if else for while async await promise result error retry " +
  "workspace sandbox fixture task harness backend report trace event step plan tool call"
).split(" ");

/** A line of plausible agent prose. */
export function proseLine(rng: Rng, words = rng.between(6, 18)): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(rng.pick(WORDS));
  return out.join(" ");
}

/** A line of plausible TypeScript. */
export function codeLine(rng: Rng): string {
  return rng.pick([
    () => `  const ${rng.pick(WORDS)}${rng.between(1, 9)} = ${rng.pick(WORDS)}.replace(/[^a-z0-9]+/g, "-");`,
    () => `  expect(slugify("${proseLine(rng, 3)}")).toBe("${proseLine(rng, 3).replace(/ /g, "-")}");`,
    () => `export function ${rng.pick(WORDS)}${rng.pick(["Text", "Slug", "Line"])}(input: string): string {`,
    () => `  return input.normalize("NFKD").replace(/[\\u0300-\\u036f]/g, "");`,
    () => "}",
  ])();
}
