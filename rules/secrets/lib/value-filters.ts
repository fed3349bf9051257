/**
 * Shared tests that tell a real-looking secret from the things that sit where secrets sit:
 * placeholders, templates, variable references, hashes, UUIDs, model ids, code and names.
 * Every rule that judges a value by context uses these, so a false alarm is fixed once.
 */
import { isCodeExpression, isTemplate } from "./code-shape.js";
import { isTyped } from "./sequences.js";

// Markers that only a template, a redaction or documentation puts in a value.
const PLACEHOLDER_MARKERS: readonly RegExp[] = [
  /x{5,}/i, // ghp_xxxxxxxx…, XXXXXXXX
  /\*{3,}/, // ********
  /\.{3}|…/, // sk-..., eyJ…
  /\[[A-Z_ -]{3,}\]/, // [PASSWORD]
  /`/,
  /EXAMPLE/, // AWS's documented keys: AKIA…EXAMPLE, …EXAMPLEKEY
  /\.\.$/, // a value cut short: ops_eyJzaWdu…..
  /redacted|placeholder|changeme|change_me|change-me|replace[_-]?me|your[_-]?(?:own[_-]?)?(?:api|secret|access|auth|private|client)?[_-]?(?:key|token|secret|password)|insert[_-]?(?:your|key|token)|\bdummy\b|\bnot[_-]?set\b|\bhidden\b|\bmasked\b|\bremoved\b/i,
  /(?:goes|token|key|string|secret)[_-]?here$/i, // TokenHere, RANDOMSTRINGHERE
  /(.)\1{7,}/, // 8+ times the same character: 00000000, aaaaaaaa
];

// Whole values that mean "no secret here".
const PLACEHOLDER_VALUES = new Set([
  "null", "nil", "none", "undefined", "true", "false", "empty", "secret", "password", "passwd",
  "token", "apikey", "api_key", "api-key", "key", "changeit", "default", "example", "sample", "test",
  "testing", "string", "value", "required", "optional", "todo", "tbd", "unset", "unknown", "env",
]);

/**
 * True when a value is a template (`${VAR}`, `{{ x }}`, `<your-key>`, `%(x)s`), a redaction, a
 * well-known dummy, or made mostly of typed runs (`12345678-ABCD-…`, lib/sequences.ts).
 */
export function isPlaceholder(value: string): boolean {
  return isStandIn(value, CONTEXT_TYPED_SHARE);
}

/**
 * The same for a value that matched a vendor's token format (`xoxa-2-5111…`, `sk-ant-api03-abc123…`):
 * the format is evidence of its own, so only a value typed almost wholly is a stand-in.
 */
export function isPlaceholderToken(value: string): boolean {
  return isStandIn(value, FORMAT_TYPED_SHARE);
}

// Shares of typed runs (lib/sequences.ts) from which a value is a stand-in.
const CONTEXT_TYPED_SHARE = 0.5;
const FORMAT_TYPED_SHARE = 0.9;

const QUOTES = new Set(["\"", "'", "`"]);

function withoutQuotes(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && QUOTES.has(value.charAt(start))) start++;
  while (end > start && QUOTES.has(value.charAt(end - 1))) end--;
  return value.slice(start, end);
}

function isStandIn(value: string, typedShare: number): boolean {
  const bare = withoutQuotes(value);
  if (bare.length === 0) return true;
  if (PLACEHOLDER_VALUES.has(bare.toLowerCase())) return true;
  return PLACEHOLDER_MARKERS.some((marker) => marker.test(bare)) || isTemplate(bare) || isTyped(bare, typedShare);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for an RFC 4122-shaped UUID (identifiers, not credentials, in almost every config). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

// Digests announced as such: docker `sha256:…`, npm integrity `sha512-…`, `md5=…`.
const PREFIXED_DIGEST = /^(?:sha1|sha224|sha256|sha384|sha512|md5|blake2b|xxh64)[:=-][A-Za-z0-9+/=_-]{16,}$/i;
const BARE_HEX_DIGEST = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/i;

/**
 * True for a value that is a content digest. A bare hex string of a digest's length counts only
 * when `bareHexIsDigest` is set: under a key named `client_secret` the same 64 hex characters
 * are a secret.
 */
export function isDigest(value: string, bareHexIsDigest = true): boolean {
  if (PREFIXED_DIGEST.test(value)) return true;
  return bareHexIsDigest && BARE_HEX_DIGEST.test(value);
}

// A model id: lower-case name segments joined by - . : / with a version number somewhere,
// e.g. `gpt-5.5`, `claude-sonnet-4-6`, `qwen3.6-35b-a3b`, `meta-llama/llama-3.1-8b-instruct`.
const MODEL_ID = /^[a-z][a-z0-9]*(?:[-.:/_][a-z0-9]+)+$/;

/** True for a lower-case, short-segmented model identifier (no credential looks like this). */
export function isModelId(value: string): boolean {
  if (!MODEL_ID.test(value) || !/\d/.test(value)) return false;
  const segments = value.split(/[-.:/_]/);
  return segments.every((segment) => segment.length <= 12) && segments.some((segment) => /^[a-z]{3,}/.test(segment));
}

// `X25519.secret_length`, `this.password`, `os.environ.get`: a reference to code, not a value.
const CODE_REFERENCE = /^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)+(?:\(\))?$/;
// A host name or domain: `apigee.corpint.com`, `5h.ca.iphmx.com`.
const HOST_NAME = /^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?$/i;
// A file path or file name: `/run/secrets/x`, `env/cert.p12`, `s_rsa1024_priv.pem`.
const FILE_PATH = /^(?:[.~]?\/|[A-Za-z]:\\)|^[\w.-]+\/[\w./-]*$|\.(?:pem|p12|pfx|key|crt|cer|jks|keystore|keytab|json|ya?ml|txt|env)$/i;

// A test's node id (`tests/test_auth.py::TestLogin::test_bad_password`) and an AWS ARN, whose
// resource names (`secret:MySecret-a1b2c3`) name a secret without holding it.
const TEST_ID = /^[\w./-]*\w::[\w:.[\]-]+$/;
const ARN = /^arn:[\w-]+:[\w-]*:/;

/** True for values that name something else: code, a host name, a file path, a test id or an ARN. */
export function isReference(value: string): boolean {
  return isCodeReference(value) || isCodeExpression(value) || HOST_NAME.test(value) || FILE_PATH.test(value) || TEST_ID.test(value) || ARN.test(value);
}

// The last segment must read as words (snake_case, camelCase, PascalCase, no digits) so a token
// with dots in it (`s.ZC9Ecf…`, a JWT) is not taken for a reference.
function isCodeReference(value: string): boolean {
  if (!CODE_REFERENCE.test(value)) return false;
  const last = value.replace(/\(\)$/, "").split(/\.|::|->/).pop() ?? "";
  return /^[a-z_]+$|^[A-Z]?[a-z]+(?:[A-Z][a-z]+)*$|^[A-Z_]+$/.test(last);
}
