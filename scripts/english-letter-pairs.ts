/**
 * Writes rules/secrets/lib/english-letter-pairs.ts: how much likelier each letter pair is in
 * English words than in random letters, learnt from the English texts named on the command line.
 * The committed table was made from the Debian changelogs and licence texts of this machine:
 *
 *   find /usr/share/doc -name changelog.Debian.gz -exec zcat {} + > /tmp/changelogs.txt
 *   node dist/scripts/english-letter-pairs.js /tmp/changelogs.txt /usr/share/common-licenses/{Apache-2.0,Artistic,BSD,CC0-1.0,GFDL-1.3,GPL-3,LGPL-2.1,MPL-2.0}
 */
import { readFileSync, writeFileSync } from "node:fs";

const files = process.argv.slice(2);
if (files.length === 0) throw new Error("usage: english-letter-pairs <english text file>...");
const counts = Array.from({ length: 26 }, () => new Array<number>(26).fill(0));
for (const file of files) {
  for (const word of readFileSync(file, "utf8").toLowerCase().match(/[a-z]+/g) ?? []) {
    for (let i = 1; i < word.length; i++) {
      const row = counts[word.charCodeAt(i - 1) - 97] as number[];
      row[word.charCodeAt(i) - 97] = (row[word.charCodeAt(i) - 97] ?? 0) + 1;
    }
  }
}
// log2 of P(next | letter) over 1/26, add-½ smoothed, rounded and clamped to -6…+5: one character each.
const table = counts
  .map((row) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return row.map((count) => String.fromCharCode(0x46 + Math.max(-6, Math.min(5, Math.round(Math.log2(((count + 0.5) / (total + 13)) * 26)))))).join("");
  })
  .join("");
const lines = table.match(/.{1,104}/g) ?? [];
writeFileSync(
  new URL("../../rules/secrets/lib/english-letter-pairs.ts", import.meta.url),
  `/**
 * How much likelier each letter pair is in English words than in random letters: for the pair
 * (a, b), log2(P(b after a) × 26), rounded, as the character code minus 0x46 (-6…+5). Made by
 * scripts/english-letter-pairs.ts from English prose (Debian changelogs and licence texts); do not edit.
 */
const TABLE =
${lines.map((line) => `  "${line}"`).join(" +\n")};

/** Bits per letter pair that \`first\` then \`second\` (lower-case ASCII letters) is English rather than random. */
export function letterPairScore(first: number, second: number): number {
  return TABLE.charCodeAt((first - 97) * 26 + (second - 97)) - 0x46;
}
`,
);
