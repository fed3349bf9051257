import type { ArtifactPaths } from "../config/defaults.js";
import type { RejectedEntry, SourceEntry } from "../evidence/source.js";
import type { FindingDraft } from "../types.js";
import { rejectedEntryFinding } from "../evidence/read-failure.js";
import { isRecord } from "./run-facts.js";

/**
 * Integrity findings from a run's listing alone (contract §3): every entry that is not a
 * regular file we can scan is reported, never skipped.
 */
export function inventoryFindings(
  listing: { entries: readonly SourceEntry[]; rejected: readonly RejectedEntry[] },
  maxFileBytes: number,
): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const integrity = (rule: string, code: string, file: string, message: string) =>
    findings.push({ category: "integrity", rule, code, severity: "error", message, file, line: null, column: null });
  for (const entry of listing.entries) {
    if (entry.type === "symlink") {
      integrity("integrity/symlink", "SYMLINK", entry.path, `${entry.path} is a symbolic link; links are never followed`);
    } else if (entry.type === "other") {
      integrity("integrity/special-file", "SPECIAL_FILE", entry.path, `${entry.path} is not a regular file or folder`);
    } else if (entry.type === "file" && entry.size > maxFileBytes) {
      integrity(
        "integrity/oversize",
        "FILE_TOO_LARGE",
        entry.path,
        `${entry.path} is ${entry.size} bytes, over the ${maxFileBytes}-byte cap; it was not scanned`,
      );
    }
  }
  for (const rejected of listing.rejected) findings.push(rejectedEntryFinding(rejected));
  return findings;
}

/**
 * Required artifacts (contract §3): report.json, report.md and trace.jsonl always; Case's
 * stdout and stderr when the report says Case started. (The generated config when Case started
 * and the baseline on a pass are gates 4 and 5.)
 */
export function requiredArtifactFindings(files: ReadonlySet<string>, artifacts: ArtifactPaths, report: unknown): FindingDraft[] {
  const required = [artifacts.report, artifacts.reportMd, artifacts.trace];
  if (isRecord(report) && report.case_process_started === true) required.push(artifacts.caseStdout, artifacts.caseStderr);
  return required
    .filter((file) => !files.has(file))
    .map((file) => ({
      category: "integrity" as const,
      rule: "integrity/missing-artifact",
      code: "MISSING_ARTIFACT",
      severity: "error" as const,
      message: `required artifact ${file} is missing`,
      file,
      line: null,
      column: null,
    }));
}
