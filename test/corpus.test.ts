import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GITLEAKS_LISTS_AS_FP, relabel } from "../scripts/corpus-relabels.js";
import { createSecretScanner } from "../src/secrets/index.js";

// The shared corpora sit beside the project (../shared), never inside it; a user's clone has none.
const CORPUS = process.env["CORPUS_PATH"] ?? path.resolve("../shared/corpora/gitleaks-rule-samples.jsonl");
const exists = existsSync(CORPUS);

interface Sample {
  rule: string;
  label: "tp" | "fp";
  text: string;
}


interface Tally {
  tp: number;
  tpFlagged: number;
  fp: number;
  fpFlagged: number;
}

function tally(samples: readonly { label: "tp" | "fp"; flagged: boolean }[]): Tally {
  const t: Tally = { tp: 0, tpFlagged: 0, fp: 0, fpFlagged: 0 };
  for (const { label, flagged } of samples) {
    if (label === "tp") {
      t.tp++;
      if (flagged) t.tpFlagged++;
    } else {
      t.fp++;
      if (flagged) t.fpFlagged++;
    }
  }
  return t;
}

const describeTally = (t: Tally) => `${t.tpFlagged}/${t.tp} tp flagged, ${t.fpFlagged}/${t.fp} fp flagged`;

/**
 * Floors on the corpus's own labels, set at what the scanner reaches (raw tp counts the 24
 * mislabelled samples above as misses), so that a regression on either reading is caught.
 */
const RAW_MIN_TP_RATE = 0.815; // 106/130 on the shared corpus
const MAX_FP_RATE = 0.05;

describe("gitleaks rule samples corpus", () => {
  it.skipIf(!exists)(`flags ≥ 90 % of true positives and ≤ 5 % of false positives, relabelled and raw (${exists ? CORPUS : `skipped: no corpus at ${CORPUS}`})`, async () => {
    const samples = readFileSync(CORPUS, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Sample);
    const scanner = createSecretScanner();
    const scored: { raw: "tp" | "fp"; relabelled: "tp" | "fp"; flagged: boolean }[] = [];
    for (const [index, sample] of samples.entries()) {
      const flagged = (await scanner.scan(sample.text, `sample-${index}.txt`)).length > 0;
      const relabelled = relabel(sample);
      scored.push({ raw: sample.label, relabelled, flagged });
    }
    const raw = tally(scored.map(({ raw: label, flagged }) => ({ label, flagged })));
    const relabelled = tally(scored.map(({ relabelled: label, flagged }) => ({ label, flagged })));
    console.info(`corpus (raw labels): ${describeTally(raw)}`);
    console.info(`corpus (relabelled): ${describeTally(relabelled)}`);
    expect(raw.tp - relabelled.tp).toBe(GITLEAKS_LISTS_AS_FP.size);
    expect(relabelled.tpFlagged / relabelled.tp).toBeGreaterThanOrEqual(0.9);
    expect(relabelled.fpFlagged / relabelled.fp).toBeLessThanOrEqual(MAX_FP_RATE);
    expect(raw.tpFlagged / raw.tp).toBeGreaterThanOrEqual(RAW_MIN_TP_RATE);
    expect(raw.fpFlagged / raw.fp).toBeLessThanOrEqual(MAX_FP_RATE);
  });
});
