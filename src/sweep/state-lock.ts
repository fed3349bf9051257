import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A lock beside the state file (`<state>.lock`, created with O_EXCL) held while a sweep merges
 * its results into the state and writes it, so two sweeps of one root (two shards) never drop
 * each other's results. A lock whose holder died (its process is gone on this host, or it is
 * older than any write takes) is broken.
 */
const STALE_AFTER_MS = 10 * 60 * 1000;
const POLL_MS = 100;

export async function withStateLock<T>(stateFile: string, action: () => Promise<T> | T): Promise<T> {
  const lock = `${stateFile}.lock`;
  const held = await acquire(lock);
  try {
    return await action();
  } finally {
    release(lock, held);
  }
}

async function acquire(lock: string): Promise<number> {
  for (;;) {
    try {
      const fd = openSync(lock, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        const text = Buffer.from(JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
        writeSync(fd, text);
        return fstatSync(fd).ino;
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    breakIfStale(lock);
    await sleep(POLL_MS);
  }
}

/** Removes the lock only while it is still the one this sweep made. */
function release(lock: string, inode: number): void {
  try {
    if (lstatSync(lock).ino === inode) rmSync(lock, { force: true });
  } catch {
    // Already gone: nothing to release.
  }
}

function breakIfStale(lock: string): void {
  let inode: number;
  let ageMs: number;
  let holder: { pid?: unknown; host?: unknown } = {};
  try {
    const stats = lstatSync(lock);
    inode = stats.ino;
    ageMs = Date.now() - stats.mtimeMs;
  } catch {
    return; // Gone since: the next try takes it.
  }
  try {
    holder = JSON.parse(readFileSync(lock, "utf8")) as typeof holder;
  } catch {
    // Not yet written by its maker, or damaged: judged by its age alone.
  }
  const deadHere = holder.host === hostname() && typeof holder.pid === "number" && !isAlive(holder.pid);
  if (!deadHere && ageMs < STALE_AFTER_MS) return;
  try {
    if (lstatSync(lock).ino === inode) rmSync(lock, { force: true });
  } catch {
    // Someone else broke it first.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
