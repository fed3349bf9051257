/** Characters that close a construct around a bare value rather than belong to it: `x=abc;`, `(abc)`. */
const TRAILING_SEPARATORS = new Set([...",;&|)}]"].map((char) => char.charCodeAt(0)));

/** Length of `value` without the separators it ends with (a loop: a regex `[…]+$` is quadratic on a run of them). */
export function lengthWithoutTrailingSeparators(value: string): number {
  let end = value.length;
  while (end > 0 && TRAILING_SEPARATORS.has(value.charCodeAt(end - 1))) end--;
  return end;
}
