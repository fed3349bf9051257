import { characterClassCount, shannonEntropy } from "./entropy.js";
import { isDigest, isModelId, isPlaceholder, isReference, isUuid } from "./value-filters.js";
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

/** True when a value named as a secret looks like a real one rather than a stand-in. */
export function looksLikeSecretValue(value: string, kind: Exclude<SecretNameKind, null>, thresholds?: ValueThresholds): boolean {
  const limits = thresholds ?? (kind === "password" ? PASSWORD_THRESHOLDS : SECRET_THRESHOLDS);
  if (value.length < limits.minLength || value.length > 1000) return false;
  if (/\s/.test(value)) return false;
  if (isPlaceholder(value) || isReference(value) || isUuid(value) || isModelId(value) || isDigest(value, false)) return false;
  if (characterClassCount(value) < limits.minClasses) return false;
  return shannonEntropy(value) >= limits.minEntropy;
}
