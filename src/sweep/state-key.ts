import { randomBytes } from "node:crypto";
import { closeSync, constants, fstatSync, fsyncSync, linkSync, mkdirSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

/**
 * The key that authenticates the sweep state (an HMAC-SHA256 key, 32 random bytes): one per user,
 * created on first use outside any harness-runs root, mode 0600. Whoever can write the state file
 * (a shared runs volume, an artifact cache) cannot forge records without it.
 */
export const STATE_KEY_ENV = "HARNESS_AUDIT_STATE_KEY_FILE";

/** Where the key lives: $HARNESS_AUDIT_STATE_KEY_FILE, else $XDG_STATE_HOME/harness-audit/state-key, else ~/.local/state/harness-audit/state-key. */
export function stateKeyPath(env: Record<string, string | undefined>): string {
  const override = env[STATE_KEY_ENV];
  if (override) return path.resolve(override);
  const xdg = env["XDG_STATE_HOME"];
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env["HOME"] || homedir(), ".local", "state");
  return path.join(base, "harness-audit", "state-key");
}

export interface StateKey {
  key: Buffer;
  path: string;
  /** Something the user should know (the key file is readable by others). */
  note: string | null;
}

const KEY_BYTES = 32;
const KEY_TEXT = /^[0-9a-f]{64}\n?$/;

/**
 * Reads the key, creating it on first use: written whole to a temporary file, then linked into
 * place (link fails if the name exists, so two sweeps starting at once agree on one key and
 * neither ever reads half a key). Throws with the system error code when it can do neither.
 */
export function loadOrCreateStateKey(file: string): StateKey {
  try {
    return readKey(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    const text = Buffer.from(`${randomBytes(KEY_BYTES).toString("hex")}\n`, "latin1");
    for (let done = 0; done < text.length; ) done += writeSync(fd, text, done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
  } catch (error) {
    // EEXIST: another sweep made it first, and its key is the one. Anything else is the caller's.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return readKey(file);
}

function readKey(file: string): StateKey {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw Object.assign(new Error("the state key is not a regular file"), { code: "EINVAL" });
    const buffer = Buffer.alloc(128);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, length).toString("latin1");
    if (!KEY_TEXT.test(text)) throw Object.assign(new Error("the state key is not 64 hex digits"), { code: "EINVAL" });
    const note = (stats.mode & 0o077) !== 0 ? `the state key ${file} is readable by others; make it private (chmod 600)` : null;
    return { key: Buffer.from(text.slice(0, 64), "hex"), path: file, note };
  } finally {
    closeSync(fd);
  }
}
