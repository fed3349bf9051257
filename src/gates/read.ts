/**
 * Defensive reads of parsed JSON artifacts. Artifact values are `unknown` (they come from
 * files the harness wrote, possibly wrong), so every gate reads them through these accessors
 * instead of casting. Pure.
 */

/** The value as a plain JSON object, or null when it is anything else (array, null, scalar). */
export function asObject(value: unknown): Readonly<Record<string, unknown>> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** True when the object has the key as its own property (a present `null` counts). */
export function hasKey(object: Readonly<Record<string, unknown>> | null, key: string): boolean {
  return object !== null && Object.prototype.hasOwnProperty.call(object, key);
}

/** The field when it is a string; null otherwise (absent, null, or another type). */
export function stringField(object: Readonly<Record<string, unknown>> | null, key: string): string | null {
  const value = hasKey(object, key) ? object?.[key] : undefined;
  return typeof value === "string" ? value : null;
}

/** The field when it is a boolean; null otherwise. */
export function booleanField(object: Readonly<Record<string, unknown>> | null, key: string): boolean | null {
  const value = hasKey(object, key) ? object?.[key] : undefined;
  return typeof value === "boolean" ? value : null;
}

/**
 * A "string or null" field of the contract: the string, `null` when the field is present and
 * null, `undefined` when it is absent or of another type (a schema finding's concern).
 */
export function nullableStringField(
  object: Readonly<Record<string, unknown>> | null,
  key: string,
): string | null | undefined {
  if (!hasKey(object, key)) return undefined;
  const value = object?.[key];
  if (value === null) return null;
  return typeof value === "string" ? value : undefined;
}

/** A nested field by path, e.g. `["models", "default"]`, when it is a string. */
export function stringAt(value: unknown, path: readonly string[]): string | null {
  let current: unknown = value;
  for (const key of path) {
    const object = asObject(current);
    if (!hasKey(object, key)) return null;
    current = object?.[key];
  }
  return typeof current === "string" ? current : null;
}

/** A relative path as written in evidence, in one comparable form: POSIX separators, no `./`. */
export function normalizeRelativePath(path: string): string {
  let normalized = path.trim().replace(/\\/g, "/");
  while (normalized.startsWith("./")) normalized = normalized.slice(2);
  return normalized;
}

/** The last segment of a path written with either separator. */
export function baseName(path: string): string {
  let normalized = path.trim().replace(/\\/g, "/");
  // A loop, not /\/+$/: that pattern is quadratic on a long run of slashes in untrusted input.
  while (normalized.endsWith("/")) normalized = normalized.slice(0, -1);
  const slash = normalized.lastIndexOf("/");
  return slash === -1 ? normalized : normalized.slice(slash + 1);
}

/** Longest run of ASCII letters and digits a value may contain and still be printed. */
const MAX_PLAIN_RUN = 16;
const PRINTABLE = /^[A-Za-z0-9._:@+/ -]{1,80}$/;

/**
 * A value quoted for a finding message, or a description of it when it might be a secret.
 * Evidence values are untrusted: a model ID or a status prints as `` `qwen-local` ``, but a
 * long unbroken alphanumeric run (the shape of API keys and tokens) or an unusual character
 * prints only as its kind and length. Defence in depth: the pipeline masks messages too.
 */
export function display(value: unknown): string {
  if (value === null) return "`null`";
  if (value === undefined) return "nothing";
  if (typeof value === "boolean" || typeof value === "number") return `\`${String(value)}\``;
  if (typeof value === "string") {
    const plain =
      PRINTABLE.test(value) && (value.match(/[A-Za-z0-9]+/g) ?? []).every((run) => run.length <= MAX_PLAIN_RUN);
    if (plain) return `\`${value}\``;
    return `a string of ${value.length} characters`;
  }
  return Array.isArray(value) ? "an array" : "an object";
}
