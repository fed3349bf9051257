/**
 * A deterministic fake value for tests (linear congruential generator): secrets in real formats
 * are built at run time from it, so no literal token sits in a test's source, and none is real.
 */
export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function fake(length: number, seed: number, chars = ALNUM): string {
  let state = seed;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += chars[(state >>> 16) % chars.length];
  }
  return out;
}
