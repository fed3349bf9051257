import { loadRecords } from "../models/registry.js";
import { createSecretScanner } from "../secrets/index.js";
import type { AuditResult } from "../types.js";
import { auditResult, secretScanText } from "./audit.js";
import { finalizeFindings } from "./finalize.js";

/**
 * `harness-audit admissions <file|dir...>`: validates admission and decision records on their
 * own (contract §7). The result has no runs; every finding is under `registry`.
 */
export async function checkRecords(paths: readonly string[], options: { now: Date }): Promise<AuditResult> {
  const scanner = createSecretScanner();
  const { files } = await loadRecords(paths, { now: options.now, scanText: secretScanText(scanner, "in an admission or decision record") });
  const result = auditResult([], null, null);
  const findings = finalizeFindings(files.flatMap((f) => f.findings));
  return {
    ...result,
    summary: { ...result.summary, findings: findings.length },
    registry: { path: paths.join(" "), findings },
  };
}
