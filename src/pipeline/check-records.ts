import { loadRecords } from "../models/registry.js";
import { createSecretScanner } from "../secrets/index.js";
import { createTextMasker } from "../secrets/mask-text.js";
import type { AuditResult } from "../types.js";
import { auditResult, recordScanners } from "./audit.js";
import { finalizeFindings } from "./finalize.js";

/**
 * `harness-audit admissions <file|dir...>`: validates admission and decision records on their
 * own (contract §7). The result has no runs; every finding is under `registry`.
 */
export async function checkRecords(paths: readonly string[], options: { now: Date }): Promise<AuditResult> {
  const scanner = createSecretScanner();
  const { files } = await loadRecords(paths, { now: options.now, ...recordScanners(scanner) });
  const masker = createTextMasker(scanner);
  const result = await auditResult([], null, null, masker);
  const findings = await finalizeFindings(files.flatMap((f) => f.findings), masker);
  return {
    ...result,
    summary: { ...result.summary, findings: findings.length },
    registry: { path: await masker.mask(paths.join(" ")), findings },
  };
}
