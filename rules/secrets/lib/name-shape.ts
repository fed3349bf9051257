import { letterPairScore } from "./english-letter-pairs.js";

/**
 * Whether a value reads as a name a person wrote — a word, or words joined as camelCase,
 * PascalCase, snake_case, kebab-case, UPPER_SNAKE or dotted (`oauth-bridge`, `new_password`,
 * `ReadOnlyPasswordHashField`, `TOKEN_STRING`, `django.contrib.auth`) — rather than characters a
 * generator drew. A name is made of few, long words whose letter pairs are English ones; a random
 * value split the same way falls apart into one- and two-letter pieces, digit groups and letter
 * pairs that English does not use. (CredSweeper judges the same with a morpheme dictionary, in its
 * ValueCamelCaseCheck and ValueMorphemesCheck.)
 */

// A name's syntax: letters and digits in groups joined by single `_`, `-` or `.`, optionally
// wrapped in underscores (`__init__`).
const NAME_SYNTAX = /^_*[A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)*_*$/;
// Words of a name: an upper-case run not followed by lower case (an acronym), a capitalised or
// lower-case word, or a group of digits.
const NAME_WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;
// Mean bits per letter pair at or above which letters read as English: words score about +1,
// uniform random letters about -1.7; any one word must reach MIN_WORD_SCORE.
const MIN_PAIR_SCORE = -0.5;
const MIN_WORD_SCORE = -1.5;
const MIN_LONG_WORD_SCORE = 0.8;
// camelCase names score 0.38 (`ReadonlyKeyword`) to 1.8; with digits (`sha256Hash`) as much.
const MIN_MIXED_PAIR_SCORE = 0.3;
const MIN_MIXED_DIGITS_PAIR_SCORE = 0.5;
// Single-case names with digits (`password2`, `oauth2_client`) score 0.4 and up.
const MIN_DIGITS_PAIR_SCORE = 0.3;

/** True when a value is a word or a compound name (see the module comment). */
export function isNameLike(value: string): boolean {
  if (value.length > 120 || !NAME_SYNTAX.test(value)) return false;
  const words = value.match(NAME_WORD) ?? [];
  const mixedCase = /[a-z]/.test(value) && /[A-Z]/.test(value);
  let digitGroups = 0;
  let digits = 0;
  let letterWords = 0;
  let letters = 0;
  let shortWords = 0;
  let acronyms = 0;
  let pairs = 0;
  let pairScore = 0;
  for (const [index, word] of words.entries()) {
    if (word.charCodeAt(0) <= 0x39) {
      digitGroups++;
      digits += word.length;
      if (word.length > 4) return false;
      // camelCase starts a new word after digits (`sha256Hash`), random letters go on in lower case.
      if (mixedCase && /^[a-z]/.test(words[index + 1] ?? "")) return false;
      continue;
    }
    letterWords++;
    letters += word.length;
    const upper = word === word.toUpperCase();
    if (word.length <= 2) {
      shortWords++;
      // camelCase puts a one-letter word first or last (`xAxis`, `getX`), random letters anywhere.
      if (mixedCase && word.length === 1 && index > 0 && index < words.length - 1) return false;
    } else if (upper) {
      acronyms++;
      if (mixedCase && word.length > 5) return false; // HTTPS, PBKDF; not `ITSTHJD`
    }
    const lower = word.toLowerCase();
    let score = 0;
    for (let i = 1; i < lower.length; i++) score += letterPairScore(lower.charCodeAt(i - 1), lower.charCodeAt(i));
    // One word of gibberish is enough (`xml` scores -1, `http` -0.7); an acronym (HTTPS) is exempt.
    if (word.length >= 3 && !(upper && word.length <= 5) && score / (word.length - 1) < MIN_WORD_SCORE) return false;
    // A long word must read as prose (`internationalization` 1.4, `THISSTRINGISALLUPPERCASE` 1.3).
    if (word.length > 12 && score / (word.length - 1) < MIN_LONG_WORD_SCORE) return false;
    pairScore += score;
    pairs += word.length - 1;
  }
  // `password2`, `pbkdf2_sha256`: a version or a size, not a drawn number.
  if (digitGroups > 2 || digits > Math.max(3, value.length / 4)) return false;
  // `getX`, `getIdToken` hold one word of one or two letters; random mixed case holds many.
  if (letterWords === 0 || shortWords > 1 || letters / letterWords < 3) return false;
  // camelCase holds one acronym (`XMLHttpRequest`); random mixed case holds several.
  if (mixedCase && acronyms > 1) return false;
  // Mixed case, and digits among the words, are what random values are made of: ask for more English.
  const minScore = mixedCase ? (digitGroups > 0 ? MIN_MIXED_DIGITS_PAIR_SCORE : MIN_MIXED_PAIR_SCORE) : digitGroups > 0 ? MIN_DIGITS_PAIR_SCORE : MIN_PAIR_SCORE;
  return pairs > 0 && pairScore / pairs >= minScore;
}
