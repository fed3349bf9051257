/**
 * The generated Case config, `CASE_DATA_DIR/config.json` (contract §3, §6 gate 4): an object
 * with a string `models.default`; extra fields are allowed. Pure; never throws.
 */
import { z } from "zod";
import type { FindingDraft } from "../../types.js";
import { issueFindings } from "./report.js";

export const CaseConfigSchema = z.looseObject({
  models: z.looseObject({ default: z.string().min(1) }),
});

export const CASE_CONFIG_RULE = "schema/case-config";

/** Findings for the generated Case config; the whole file is the location (line null). */
export function checkCaseConfig(value: unknown, file: string): FindingDraft[] {
  const result = CaseConfigSchema.safeParse(value);
  if (result.success) return [];
  return issueFindings(result.error.issues, { rule: CASE_CONFIG_RULE, file, input: value, lineOf: () => null });
}
