import { posix } from "node:path";

/** Where a SARIF artifactLocation points: a relative reference against `%SRCROOT%`, or a file URI. */
export interface SarifUri {
  uri: string;
  uriBaseId?: "%SRCROOT%";
}

/** RFC 3986 path encoding: every segment percent-encoded, the `/` separators kept. */
export function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/**
 * The URI of a display path: relative to the scanned root when both are relative or both
 * absolute (so `%SRCROOT%` is the root), a `file://` URI for an absolute path that cannot be
 * related, otherwise the display path itself relative to `%SRCROOT%` (the working directory).
 */
export function sarifUri(displayPath: string, root: string | undefined, directory = false): SarifUri {
  let path = displayPath;
  if (root !== undefined && posix.isAbsolute(root) === posix.isAbsolute(displayPath)) {
    path = posix.relative(root, displayPath);
  } else if (!posix.isAbsolute(displayPath)) {
    path = posix.normalize(displayPath);
  }
  if (path === "" || path === ".") return { uri: directory ? "./" : ".", uriBaseId: "%SRCROOT%" };
  const suffix = directory && !path.endsWith("/") ? "/" : "";
  if (posix.isAbsolute(path)) return { uri: `file://${encodePath(posix.normalize(path))}${suffix}` };
  return { uri: encodePath(path) + suffix, uriBaseId: "%SRCROOT%" };
}
