/**
 * How much of a value is made of runs a person types, not characters a generator draws: steps up
 * or down the alphabet or the digits (`abcd`, `klmnop`, `4321`, `7890`) and repeats (`aaa`),
 * case-insensitively. Stand-ins are built of them (`12345678-ABCD-ABCD-ABCD-1234567890AB`,
 * `AbCeFG123`, `abc123xyz`); in a random value a run of three at a given place has a chance of
 * about 1/k² for an alphabet of k characters, so they cover a small share of it. (After
 * detect-secrets' is_sequential_string, which asks the whole value to be one run, and CredSweeper's
 * ValuePatternCheck, which rejects one run of four or more.)
 */

const MIN_RUN = 3;

/** The share of the value's letters and digits that lie in runs of three or more. */
export function sequentialShare(value: string): number {
  let alphanumerics = 0;
  let inRuns = 0;
  let runLength = 0;
  let step = 0;
  let previous = -1;
  const close = () => {
    if (runLength >= MIN_RUN) inRuns += runLength;
  };
  for (let i = 0; i < value.length; i++) {
    const code = foldedCode(value.charCodeAt(i));
    if (code < 0) {
      close();
      runLength = 0;
      previous = -1;
      continue;
    }
    alphanumerics++;
    const delta = previous < 0 ? NaN : stepBetween(previous, code);
    if (runLength >= 2 && delta === step) runLength++;
    else if (runLength === 1 && (delta === 0 || delta === 1 || delta === -1)) {
      runLength = 2;
      step = delta;
    } else {
      close();
      runLength = 1;
    }
    previous = code;
  }
  close();
  return alphanumerics === 0 ? 0 : inRuns / alphanumerics;
}

/** True when at least `share` of a value (of four or more letters and digits) is such runs. */
export function isTyped(value: string, share: number): boolean {
  const alphanumerics = value.replace(/[^A-Za-z0-9]/g, "").length;
  return alphanumerics >= 4 && sequentialShare(value) >= share;
}

// Digits 0-9 as 0-9, letters as 20-45 (case folded), anything else -1.
function foldedCode(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x5a) return code - 0x41 + 20;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61 + 20;
  return -1;
}

// `9` then `0` steps up as on a keyboard's top row (`567890`).
function stepBetween(from: number, to: number): number {
  if (from === 9 && to === 0) return 1;
  if (from === 0 && to === 9) return -1;
  return to - from;
}
