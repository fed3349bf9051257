import { characterClassCount, shannonEntropy } from "./entropy.js";
import { isNameLike } from "./name-shape.js";
import { isPublishedExample } from "./published-examples.js";
import { isDigest, isModelId, isPlaceholder, isPlaceholderToken, isReference, isUuid } from "./value-filters.js";
import type { SecretNameKind } from "./secret-names.js";

/** Thresholds a value must reach to count as a secret by context. */
export interface ValueThresholds {
  minLength: number;
  /** Shannon entropy, bits per character. */
  minEntropy: number;
  /** Distinct classes among lower, upper, digit, symbol. */
  minClasses: number;
}

export const PASSWORD_THRESHOLDS: ValueThresholds = { minLength: 6, minEntropy: 2.3, minClasses: 2 };
export const SECRET_THRESHOLDS: ValueThresholds = { minLength: 10, minEntropy: 3.0, minClasses: 2 };

/**
 * True when a value written where a person or program puts data stands for nothing else: not a
 * placeholder or template, not code (a name, a path, an expression), not a UUID, digest or model
 * id, not a published example. Every context rule asks this before judging randomness.
 */
export function isDataValue(value: string, options: { uuidIsData?: boolean } = {}): boolean {
  if (isUuid(value)) return options.uuidIsData === true && !isPlaceholder(value);
  if (isPlaceholder(value) || isNameLike(value) || isReference(value) || isModelId(value) || isDigest(value, false)) return false;
  return !isPublishedExample(value);
}

/** True when a value named as a secret looks like a real one rather than a stand-in. */
export function looksLikeSecretValue(
  value: string,
  kind: Exclude<SecretNameKind, null>,
  thresholds?: ValueThresholds,
  options: { uuidIsData?: boolean } = {},
): boolean {
  const limits = thresholds ?? (kind === "password" ? PASSWORD_THRESHOLDS : SECRET_THRESHOLDS);
  if (value.length < limits.minLength || value.length > 1000) return false;
  if (/\s/.test(value)) return false;
  if (!isDataValue(value, options)) return false;
  if (options.uuidIsData && isUuid(value)) return true;
  if (characterClassCount(value) < limits.minClasses) return false;
  return shannonEntropy(value) >= (HEX.test(value) ? Math.min(limits.minEntropy, MIN_HEX_ENTROPY) : limits.minEntropy);
}

// Hex holds at most 4 bits per character (base62 nearly 6): a random 16-digit hex value has about
// 3.4, and one in a few hundred falls under 3.0. Measured against its own alphabet, 2.7 is as strict.
const HEX = /^[0-9a-fA-F]{16,}$/;
const MIN_HEX_ENTROPY = 2.7;

/**
 * True when a match of a vendor's token format is a token rather than a stand-in: not typed
 * almost wholly, not a published example, not a name that happens to fit the format (the part
 * after the prefix and its separator reads as words: `s.AcceptanceTimeoutSeconds` for a Vault
 * token; a prefix without a separator, `AKIA…`, is the format's own), and with at
 * least `minEntropy` bits per character (dummy tokens are repetitive).
 */
export function looksLikeToken(secret: string, minEntropy: number): boolean {
  if (isPlaceholderToken(secret) || isPublishedExample(secret)) return false;
  const body = /[._-]/.test(secret) ? secret.replace(/^[^._-]*[._-]/, "") : null;
  if (body !== null && isNameLike(body)) return false;
  return shannonEntropy(secret) >= minEntropy;
}
