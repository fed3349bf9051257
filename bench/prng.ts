/**
 * A seeded PRNG for the generated corpus: the same seed writes the same bytes on every machine
 * (no Math.random, no clock). mulberry32 over a 32-bit state derived from a label (FNV-1a).
 */

export const DIGITS = "0123456789";
export const LOWER = "abcdefghijklmnopqrstuvwxyz";
export const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
export const ALNUM = `${DIGITS}${UPPER}${LOWER}`;
export const URLSAFE = `${ALNUM}_-`;
export const HEX = "0123456789abcdef";
export const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function fnv1a(label: string): number {
  let hash = 0x811c9dc5;
  for (const ch of label) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export class Rng {
  private state: number;

  constructor(readonly label: string) {
    this.state = fnv1a(label);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  chars(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }

  /** An independent stream whose sequence depends only on this stream's label and `label`. */
  fork(label: string): Rng {
    return new Rng(`${this.label}/${label}`);
  }
}
