import { randomBytes } from "node:crypto";
import { closeSync, constants, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { batched } from "./write-pieces.js";

/**
 * Every file harness-audit writes (the report, an allowlist, the sweep state) goes through here:
 * never into the evidence it audits, never through a link planted where the file will be.
 */

/** A file that must not or cannot be written: a usage error (exit 2). */
export class OutputError extends Error {
  constructor(
    message: string,
    /** The system error code of a failed write; null when the write was refused. */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/**
 * Refuses (throws OutputError) a write to `file` that would land inside one of `inputs`. Both
 * are compared by real path — a folder reached through a symlink, or a symlink to an evidence
 * file, is where it leads — and by the path as given. An input that does not exist is left to
 * the audit, which fails on it.
 */
export function refuseWritingInside(option: string, file: string, inputs: readonly string[]): void {
  const given = path.resolve(file);
  const real = realTarget(given);
  for (const input of inputs) {
    const lexical = path.resolve(input);
    const inputReal = realPathOrNull(lexical);
    if (isInside(lexical, given) || (inputReal !== null && isInside(inputReal, real))) {
      const via = real !== given ? ` (it leads to ${real})` : "";
      throw new OutputError(`${option} ${file}${via} lies inside audited evidence ${input}; write it elsewhere`);
    }
  }
}

/** `inner` is `outer` or lies below it. */
export function isInside(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * Where a write to `absolute` would land: its real path when it exists (through every link),
 * else the real path of its nearest existing ancestor joined with the rest.
 */
export function realTarget(absolute: string): string {
  const rest: string[] = [];
  for (let current = absolute; ; ) {
    const real = realPathOrNull(current);
    if (real !== null) return path.join(real, ...rest);
    const parent = path.dirname(current);
    if (parent === current) return absolute;
    rest.unshift(path.basename(current));
    current = parent;
  }
}

function realPathOrNull(absolute: string): string | null {
  try {
    return realpathSync.native(absolute);
  } catch {
    return null;
  }
}

/** A file being written: nothing is visible at its path until `commit()`. */
export interface Replacement {
  write(bytes: Uint8Array | string): void;
  /** Flushes and puts the file in place. */
  commit(): void;
  /** Drops what was written (the previous file, if any, is left as it was). */
  abort(): void;
}

export interface ReplacementOptions {
  /** Default: 0o644 (less the umask). */
  mode?: number;
  /** Refused (see refuseWritingInside) when the file would land inside one of these. */
  outsideOf?: { option: string; inputs: readonly string[] };
}

/**
 * Opens `file` for replacing. A regular file (or none) is written as a temporary file in the same
 * folder, created with O_EXCL and O_NOFOLLOW (no link planted under that name is followed), and
 * renamed over `file` on commit: a link at `file` itself is replaced, never followed, and a
 * reader never sees half a file. A character device, pipe or socket (`/dev/stdout`, `/dev/null`)
 * is written directly, as is anything under /dev or /proc (where `/dev/stdout` may lead to the
 * shell's redirection). Failures throw OutputError naming the file and the error code.
 */
export function openReplacement(file: string, options: ReplacementOptions = {}): Replacement {
  // Checked again here, not only before a long audit: the folder may have been swapped since.
  if (options.outsideOf) refuseWritingInside(options.outsideOf.option, file, options.outsideOf.inputs);
  const given = path.resolve(file);
  const failed = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return new OutputError(`cannot write ${file}: ${code}`, code);
  };
  const existing = statOrNull(given);
  if (existing?.isDirectory()) throw failed({ code: "EISDIR" });
  const folder = realPathOrNull(path.dirname(given));
  if ((existing !== null && !existing.isFile()) || (folder !== null && isDeviceFolder(folder))) {
    let fd: number;
    try {
      fd = openSync(given, constants.O_WRONLY | constants.O_TRUNC);
    } catch (error) {
      throw failed(error);
    }
    return fdWriter(fd, failed, () => closeSync(fd), () => closeSync(fd));
  }
  if (folder === null) throw failed({ code: "ENOENT" });
  const destination = path.join(folder, path.basename(given));
  const temporary = path.join(folder, `.${path.basename(given)}.${randomBytes(6).toString("hex")}.tmp`);
  let fd: number;
  try {
    fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, options.mode ?? 0o644);
  } catch (error) {
    throw failed(error);
  }
  const drop = () => {
    closeSync(fd);
    rmSync(temporary, { force: true });
  };
  return fdWriter(
    fd,
    failed,
    () => {
      try {
        fsyncSync(fd);
      } catch (error) {
        drop();
        throw failed(error);
      }
      closeSync(fd);
      try {
        renameSync(temporary, destination);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw failed(error);
      }
    },
    drop,
  );
}

function fdWriter(fd: number, failed: (error: unknown) => OutputError, commit: () => void, abort: () => void): Replacement {
  let open = true;
  const once = (action: () => void) => () => {
    if (!open) return;
    open = false;
    action();
  };
  const abortOnce = once(abort);
  return {
    write(bytes) {
      const buffer = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
      try {
        for (let done = 0; done < buffer.length; ) done += writeSync(fd, buffer, done, buffer.length - done);
      } catch (error) {
        abortOnce();
        throw failed(error);
      }
    },
    commit: once(commit),
    abort: abortOnce,
  };
}

/** Writes the pieces to `file` (see openReplacement); nothing is left behind on failure. */
export function writeOutput(file: string, pieces: Iterable<string>, options?: ReplacementOptions): void {
  const replacement = openReplacement(file, options);
  try {
    for (const batch of batched(pieces)) replacement.write(batch);
  } catch (error) {
    replacement.abort();
    throw error;
  }
  replacement.commit();
}

function statOrNull(absolute: string) {
  try {
    return statSync(absolute);
  } catch {
    return null;
  }
}

function isDeviceFolder(folder: string): boolean {
  return ["/dev", "/proc"].some((root) => folder === root || folder.startsWith(`${root}/`));
}
