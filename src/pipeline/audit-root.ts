/**
 * What lies in an audited root (a folder or an archive) but under no run directory: nothing there
 * goes unmentioned (issue 11). Every regular file is secret-scanned like evidence — a secret
 * there fails the audit — and listed as a warning of the root; a link or a special file there,
 * and a linked folder that looks like a run, are errors: the auditor cannot vouch for them.
 */
import type { AuditOptions } from "../config/options.js";
import type { OutsideEntry } from "../discover/locate-runs.js";
import type { EvidenceSource, SourceMetadata } from "../evidence/source.js";
import type { SecretScanner } from "../secrets/index.js";
import type { FindingDraft } from "../types.js";
import type { FileScanFn } from "./audit-run.js";
import { secretOccurrences } from "./scan-file.js";
import { metadataSecretFindings, nameSecretFindings, secretFinding } from "./scan-text.js";

/** An audited root that holds entries under no run directory. */
export interface RootTarget {
  /** Display path of the root (a folder, or `artifact.zip`). */
  path: string;
  /** Reads the root's entries by their path relative to the root. */
  source: EvidenceSource;
  entries: readonly OutsideEntry[];
  /** An archive's own metadata (its comment, PAX global records) and that of entries under no run. */
  metadata?: readonly SourceMetadata[];
}

export const OUTSIDE_RULE = "integrity/outside-run";

export async function auditRootEntries(
  root: RootTarget,
  context: { options: AuditOptions; scanFile: FileScanFn; scanner: SecretScanner },
): Promise<FindingDraft[]> {
  const { options } = context;
  const findings: FindingDraft[] = [];
  const finding = (entry: OutsideEntry, code: string, severity: "error" | "warning", message: string) =>
    findings.push({ category: "integrity", rule: OUTSIDE_RULE, code, severity, message, file: entry.path, line: null, column: null });
  findings.push(...(await nameSecretFindings(context.scanner, root.entries.map((entry) => entry.path), "in a file or folder name")));
  findings.push(...(await metadataSecretFindings(context.scanner, root.metadata ?? [])));
  for (const entry of root.entries) {
    if (entry.type === "symlink") {
      finding(
        entry,
        entry.linksToRun ? "LINKED_RUN" : "LINK_OUTSIDE_RUN",
        "error",
        entry.linksToRun
          ? `${entry.path} is a symbolic link to what looks like a run directory; links are never followed, so it was not audited`
          : `${entry.path} is a symbolic link under no run directory; links are never followed`,
      );
      continue;
    }
    if (entry.type !== "file") {
      finding(entry, "SPECIAL_FILE_OUTSIDE_RUN", "error", `${entry.path} is not a regular file or folder, under no run directory`);
      continue;
    }
    if (entry.size > options.maxFileBytes) {
      finding(entry, "OUTSIDE_FILE_TOO_LARGE", "error", `${entry.path} is under no run directory and over the ${options.maxFileBytes}-byte cap; it was not scanned`);
      continue;
    }
    finding(entry, "FILE_OUTSIDE_RUN", "warning", `${entry.path} is under no run directory; it was secret-scanned as evidence`);
    try {
      const scan = await context.scanFile(root.source, entry, { file: entry.path, keepText: false, trace: false, targetPaths: [] });
      for (const secret of secretOccurrences(scan.secrets)) findings.push(secretFinding(secret, "in a file under no run directory", entry.path, secret.line, secret.column));
      if (scan.notText) {
        finding(entry, "OUTSIDE_FILE_NOT_TEXT", "error", `${entry.path} is under no run directory and cannot be scanned as text (byte ${scan.notText.byteOffset})`);
      }
    } catch (error) {
      finding(entry, "OUTSIDE_FILE_UNREADABLE", "error", `${entry.path} is under no run directory and could not be read (${(error as NodeJS.ErrnoException)?.code ?? "error"})`);
    }
  }
  return findings;
}
