import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rules as presetRules } from "@secretlint/secretlint-rule-preset-recommend";
import catalogueData from "../../rules/models/catalogue.json" with { type: "json" };
import { harnessAuditRules } from "../../rules/secrets/index.js";
import type { RuleDescriptor } from "../formatters/context.js";
import { GATES } from "../gates/index.js";
import { MODEL_RULE } from "./model-findings.js";

/**
 * Every rule and gate that can report, for SARIF rule metadata and JUnit test cases, in a
 * stable order: gates in contract order, the model gate, secret rules, then the evidence rules.
 */
const EVIDENCE_RULES: readonly RuleDescriptor[] = [
  { id: "schema/report", category: "schema", description: "report.json has the contract's fields and vocabulary (§4)" },
  { id: "schema/baseline-report", category: "schema", description: "The fake baseline report has the contract's fields and backend fake" },
  { id: "schema/trace", category: "schema", description: "Every trace.jsonl line is a JSON event with ts and event" },
  { id: "schema/case-config", category: "schema", description: "The generated Case config has models.default" },
  { id: "schema/admission-record", category: "schema", description: "Admission records have the fields of contract §7" },
  { id: "schema/decision-record", category: "schema", description: "Decision records have the fields and branch rules of contract §7" },
  { id: "registry/secret-key", category: "secret", description: "Admission and decision records hold no secret keys" },
  { id: "registry/stale-admission", category: "schema", description: "An admission record's review_trigger date has not passed" },
  { id: "integrity/missing-artifact", category: "integrity", description: "Required artifacts are present" },
  { id: "integrity/unparsable", category: "integrity", description: "JSON artifacts parse" },
  { id: "integrity/not-text", category: "integrity", description: "Every file is UTF-8 text that can be scanned" },
  { id: "integrity/unreadable", category: "integrity", description: "Every file can be read" },
  { id: "integrity/oversize", category: "integrity", description: "No file exceeds the size cap" },
  { id: "integrity/symlink", category: "integrity", description: "No symbolic links in evidence (never followed)" },
  { id: "integrity/special-file", category: "integrity", description: "Only regular files and folders in evidence" },
  { id: "integrity/path-escape", category: "integrity", description: "No archive entry escapes the run or is absolute" },
  { id: "integrity/changed", category: "integrity", description: "No file changes while it is audited (deleted, replaced, cut short, still growing)" },
  { id: "integrity/archive-limit", category: "integrity", description: "Archives stay within the reader's limits: no entries sharing data, no oversized headers, no hidden entries, inflation within the budget" },
];

let descriptors: RuleDescriptor[] | undefined;

export function ruleDescriptors(): readonly RuleDescriptor[] {
  descriptors ??= [
    ...GATES.map((gate) => ({ id: gate.id, category: gate.category, description: gate.description })),
    { id: MODEL_RULE.id, category: "model" as const, description: MODEL_RULE.description },
    ...presetRules
      .filter((rule) => rule.meta.id !== "@secretlint/secretlint-rule-filter-comments")
      .map((rule) => ({
        id: rule.meta.id,
        category: "secret" as const,
        description: `secretlint: ${rule.meta.id.replace("@secretlint/secretlint-rule-", "")} secrets`,
        ...(rule.meta.docs?.url && { helpUri: rule.meta.docs.url }),
      })),
    ...harnessAuditRules.map((rule) => ({
      id: rule.meta.id,
      category: "secret" as const,
      description: `harness-audit: ${rule.meta.id.replace("harness-audit/", "").replace(/-/g, " ")}`,
    })),
    ...EVIDENCE_RULES,
  ];
  return descriptors;
}

let fingerprint: string | undefined;

/**
 * Changes whenever anything that decides findings may have changed (the sweep's cache key): the
 * rule ids, the model catalogue, and the code itself — every module of ours under src/ and
 * rules/ (compiled or not), hashed. A change of a regex, a filter or a gate invalidates every
 * cached result; nothing weaker than "same code" is trusted.
 */
export function rulesetFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const hash = createHash("sha256")
    .update(JSON.stringify(ruleDescriptors().map((d) => d.id)))
    .update(JSON.stringify(catalogueData));
  const base = fileURLToPath(new URL("../../", import.meta.url));
  for (const folder of ["src", "rules"]) {
    for (const file of codeFiles(path.join(base, folder))) hash.update(file).update(readFileSync(file));
  }
  fingerprint = hash.digest("hex");
  return fingerprint;
}

function codeFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.(js|ts|json)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(full);
    }
  };
  walk(folder);
  return files.sort();
}
