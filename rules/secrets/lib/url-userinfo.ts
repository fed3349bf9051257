import { isNameLike } from "./name-shape.js";
import { isPublishedExample } from "./published-examples.js";
import { isPlaceholder } from "./value-filters.js";

/**
 * Whether the password of a URL's userinfo (`scheme://user:password@host`, RFC 3986 §3.2.1) is a
 * credential. Shared by harness-audit's url-credentials rule and the post-filter of the preset's
 * basic-auth and connection-string findings.
 */

// Names RFC 2606 and RFC 6761 reserve for documentation and tests, and the loopback name.
const DOCUMENTATION_HOST = /(?:^|\.)(?:example(?:\.(?:com|net|org))?|test|invalid|localhost)\.?$/i;
// Passwords a person types as a stand-in.
const PLACEHOLDER_PASSWORDS = new Set(["pass", "password", "passwd", "pwd", "secret", "token", "user", "username", "test", "changeit", "x"]);
// `\uD7FF`, `\xA0`, `%40`: escapes of source code and of URLs.
const ESCAPE = /\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|%[0-9A-Fa-f]{2}/g;

/** True for a host reserved for documentation (example.com, *.example, *.test, *.invalid) or localhost. */
export function isDocumentationHost(host: string): boolean {
  return DOCUMENTATION_HOST.test(host.replace(/:\d+$/, ""));
}

/**
 * True when `password` is no secret on its face: a stand-in, a word, or too short to be one
 * (`xyz`, `123`, `bar`, `pa\uD7FFss`) once escapes are taken out.
 */
function isObviousPassword(password: string, user: string): boolean {
  const letters = password.replace(ESCAPE, "").replace(/[^A-Za-z0-9]/g, "");
  return letters.length <= 4 || password === user || isNameLike(letters) || isPlaceholder(password);
}

/** True when the userinfo `user:password` of a URL to `host` holds a real-looking password. */
export function isUrlCredential(user: string, password: string, host: string): boolean {
  if (password.length < 3 || PLACEHOLDER_PASSWORDS.has(password.toLowerCase()) || isPlaceholder(password)) return false;
  if (isPublishedExample(password)) return false;
  // Anonymous login takes any password, by convention an e-mail address (RFC 1635).
  if (user.toLowerCase() === "anonymous") return false;
  // `https://abc:xyz@example.com`: documentation, unless the password looks drawn.
  return !(isDocumentationHost(host) && isObviousPassword(password, user));
}

// scheme://user:password@host — the password runs to the last `@` before the host.
const URL_USERINFO = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s:@/]*):([^\s/]*)@([^\s@/?#]+)/;

/** The same judgement for a whole URL (`postgres://u:p@db:5432/x`); true when no userinfo can be read. */
export function urlHoldsCredential(url: string): boolean {
  const parts = URL_USERINFO.exec(url);
  if (!parts) return true;
  return isUrlCredential(parts[1] ?? "", parts[2] ?? "", parts[3] ?? "");
}
