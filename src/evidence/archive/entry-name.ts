/**
 * Pure checks on the names stored in an archive, before any of them becomes a path.
 * An archive is untrusted input: a name is exposed only if extracting it could not
 * write outside the root on Linux, macOS or Windows.
 */
import type { RejectedEntry } from "../source.js";

export type RejectReason = RejectedEntry["reason"];

export type NameVerdict =
  /** `path` is POSIX, relative, without `.`/`..`/empty segments; `""` is the root itself. */
  | { ok: true; path: string; trailingSlash: boolean }
  | { ok: false; reason: RejectReason };

/** Linux PATH_MAX. No real file system holds a longer name, and it bounds list() memory. */
export const MAX_NAME_BYTES = 4096;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The name as text, or null when the bytes are not valid UTF-8. */
export function decodeEntryName(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// `/x`, `\x`, `\\server\share`.
const ROOTED = /^[/\\]/;
// `C:\x`, `C:/x` and the drive-relative `C:x`.
const DRIVE = /^[A-Za-z]:/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// `..`, and the names Windows turns into `..` by stripping trailing dots and spaces
// (`.. `, `...`): https://learn.microsoft.com/windows/win32/fileio/naming-a-file
const DOT_DOT_LIKE = /^\.[. ]*$/;

/**
 * Decide whether a stored entry name may be exposed, and normalise it (`./a//b/` → `a/b`).
 * Any `..` segment is refused, even one that stays inside the root (`a/../b`), as GNU tar
 * and bsdtar do: resolving it lexically is wrong when `a` is a symlink.
 * A backslash anywhere is refused: it is a separator on Windows, so `a\..\x` escapes there.
 */
export function normalizeEntryName(name: string): NameVerdict {
  if (name.length === 0 || name.includes("\u0000") || LONE_SURROGATE.test(name)) {
    return { ok: false, reason: "invalid-name" };
  }
  if (Buffer.byteLength(name, "utf8") > MAX_NAME_BYTES) return { ok: false, reason: "invalid-name" };
  if (ROOTED.test(name) || DRIVE.test(name)) return { ok: false, reason: "absolute-path" };
  if (name.includes("\\")) {
    const escapes = name.split(/[/\\]/).some((segment) => segment !== "." && DOT_DOT_LIKE.test(segment));
    return { ok: false, reason: escapes ? "path-escape" : "invalid-name" };
  }
  if (CONTROL.test(name)) return { ok: false, reason: "invalid-name" };

  const segments: string[] = [];
  for (const segment of name.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (DOT_DOT_LIKE.test(segment)) return { ok: false, reason: "path-escape" };
    segments.push(segment);
  }
  return { ok: true, path: segments.join("/"), trailingSlash: name.endsWith("/") };
}

const MAX_PRINTABLE_CHARS = 512;
// Invisible or reordering characters that could disguise a name in a report (Trojan Source).
const INVISIBLE = /[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/**
 * A raw name made safe to print: control, invisible and bidi characters and bytes that are
 * not UTF-8 become `\xNN` / `\u{N}`; a backslash becomes `\\`; long names are cut.
 */
export function printableName(raw: string | Uint8Array): string {
  const text = typeof raw === "string" ? raw : decodeEntryName(raw);
  let out = "";
  if (text === null) {
    for (const byte of raw as Uint8Array) {
      out += byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : byte === 0x5c ? "\\\\" : `\\x${hex(byte)}`;
    }
  } else {
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      if (char === "\\") out += "\\\\";
      else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${hex(code)}`;
      else if (INVISIBLE.test(char) || (code >= 0xd800 && code <= 0xdfff)) out += `\\u{${code.toString(16)}}`;
      else out += char;
    }
  }
  const chars = Array.from(out);
  return chars.length > MAX_PRINTABLE_CHARS ? `${chars.slice(0, MAX_PRINTABLE_CHARS).join("")}…(${chars.length} chars)` : out;
}

function hex(code: number): string {
  return code.toString(16).padStart(2, "0");
}
