import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FAKE_SECRETS } from "../scripts/make-sample-runs.js";
import { run } from "../src/cli/cli.js";
import { FORMAT_NAMES } from "../src/formatters/index.js";
import { sampleRunsCopy } from "./helpers/sample-runs-copy.js";

/**
 * Contract §9: no output of the auditor contains a secret value. Every format, the sweep's
 * state file and a written allowlist are checked for every fake secret planted in sample-runs,
 * and for every 8-character piece of one.
 */
const planted = Object.values(FAKE_SECRETS).flatMap((value) => {
  // The password inside the connection string is a secret of its own, encoded or not.
  const parts = [value];
  const url = /:\/\/[^:]+:([^@]+)@/.exec(value);
  if (url?.[1]) parts.push(url[1], decodeURIComponent(url[1]));
  return parts;
});

/**
 * The text as its reader sees it, so an escape cannot hide a piece of a secret: HTML and XML
 * character references (html, markdown, junit) and workflow-command escapes (github) undone.
 */
function unescaped(text: string): string {
  const references = text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[name] as string);
  const workflow = text.replace(/%(0D|0A|3A|2C|25)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return `${text}\n${references}\n${workflow}`;
}

function leaks(output: string): string[] {
  const text = unescaped(output);
  const found: string[] = [];
  for (const secret of planted) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      const piece = secret.slice(i, i + 8);
      if (text.includes(piece)) {
        found.push(`${secret.slice(0, 4)}…[${i}]`);
        break;
      }
    }
  }
  return found;
}

describe("never leak", () => {
  const { root, admissions } = sampleRunsCopy("ha-leak-");
  const outDir = mkdtempSync(path.join(tmpdir(), "ha-leak-out-"));
  const common = ["--workers", "0", "--admissions", admissions, "--target-path", "/srv/target-repos/acme-web"];

  it("the planted secrets really are in the evidence (the check below would catch them)", () => {
    const evidence = readFileSync(path.join(root, "20260602T103000Z-secret-preset-formats-1300", "backend", "case.stderr.txt"), "utf8");
    expect(leaks(evidence).length).toBeGreaterThan(0);
  });

  for (const format of FORMAT_NAMES) {
    it(`--format ${format} carries no planted secret, nor 8 characters of one`, async () => {
      const outcome = await run([...common, "--format", format, root], { now: new Date("2026-11-21T00:00:00Z") });
      expect(outcome.exitCode).toBe(1);
      expect(outcome.stdout.length).toBeGreaterThan(100);
      expect(leaks(outcome.stdout + outcome.stderr)).toEqual([]);
    });
  }

  it("the sweep state file and a written allowlist carry none either", async () => {
    const state = path.join(outDir, "state.json");
    const allowlist = path.join(outDir, "allowlist.json");
    const outcome = await run(["sweep", ...common, "--state", state, "--write-allowlist", allowlist, "--format", "json", root]);
    expect(outcome.exitCode).toBe(1);
    for (const file of readdirSync(outDir)) expect(leaks(readFileSync(path.join(outDir, file), "utf8")), file).toEqual([]);
    expect(readdirSync(outDir).sort()).toEqual(["allowlist.json", "state.json"]);
  });
});
