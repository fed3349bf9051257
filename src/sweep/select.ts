import { createHash } from "node:crypto";
import { runTimestamp } from "../discover/find-runs.js";

/** `--shard i/n` (1-based): which share of the runs this machine takes. */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard | null {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) return null;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count) return null;
  return { index, count };
}

/**
 * Deterministic and stable across machines and nights: a run's shard depends only on its
 * path relative to the root, hashed, so adding runs never moves the others.
 */
export function inShard(runKey: string, shard: Shard): boolean {
  const hash = createHash("sha256").update(runKey).digest();
  return hash.readUInt32BE(0) % shard.count === shard.index - 1;
}

const DURATION = /^(\d+)\s*(m|h|d|w)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `--since 36h`, `7d`, `2w`, or an ISO date/time → the earliest run timestamp to audit. */
export function parseSince(text: string, now: Date): Date | null {
  const duration = DURATION.exec(text.trim());
  if (duration?.[1] && duration[2]) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Whether a run is newer than `since`, by the timestamp in its folder name. A run whose name
 * carries no timestamp is always taken: the filter must never hide a run it cannot date.
 */
export function isSince(runId: string, since: Date): boolean {
  const stamp = runTimestamp(runId);
  return stamp === null || stamp.getTime() >= since.getTime();
}
