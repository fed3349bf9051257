import type { AuditOptions } from "../config/options.js";
import { resolveArtifactPaths } from "../evidence/artifact-paths.js";
import { checkCaseConfig } from "../evidence/schemas/case-config.js";
import { checkBaselineReport, checkReport } from "../evidence/schemas/report.js";
import type { EvidenceSource, SourceEntry } from "../evidence/source.js";
import type { Admission, TraceSummary } from "../gates/gate.js";
import { runGates } from "../gates/index.js";
import type { FindingDraft } from "../types.js";
import { inventoryFindings, requiredArtifactFindings } from "./inventory.js";
import { mapWithConcurrency } from "./concurrency.js";
import { modelFindings, modelVerdicts } from "./model-findings.js";
import { buildRunFacts, isRecord, loadJsonArtifact } from "./run-facts.js";
import { scanFile, secretOccurrences, type FileScan, type ScanFileOptions } from "./scan-file.js";
import { metadataSecretFindings, nameSecretFindings } from "./scan-text.js";
import type { SecretScanner } from "../secrets/index.js";
import { readFailureFinding, sizeChangeFinding } from "../evidence/read-failure.js";


/** Scans one file of a source: in this thread, or handed to a worker. */
export type FileScanFn = (source: EvidenceSource, entry: SourceEntry, options: ScanFileOptions) => Promise<FileScan>;

/** Scans files in this thread. */
export function inThreadFileScan(scanner: SecretScanner): FileScanFn {
  return (source, entry, options) => scanFile(source.read(entry.path, entry), scanner, options);
}

export interface RunAuditContext {
  options: AuditOptions;
  admissions: readonly Admission[];
  scanFile: FileScanFn;
  /** Scans the run's names in this thread. */
  scanner: SecretScanner;
}

/** Largest structured artifact (report, config…) kept whole in memory for parsing. */
const MAX_STRUCTURED_BYTES = 64 * 1024 * 1024;

/**
 * Audits one run directory: inventory, one streaming pass over every file, schemas, gates.
 * Returns drafts; the caller stamps fingerprints, applies the allowlist and decides the verdict.
 */
export interface RunAudit {
  findings: FindingDraft[];
  /** Regular files scanned, sorted. */
  artifacts: string[];
  /** report.json's `status` when it could be read as a string. */
  status: string | null;
}

export async function auditRunSource(runId: string, source: EvidenceSource, context: RunAuditContext): Promise<RunAudit> {
  const { options } = context;
  const findings: FindingDraft[] = [];
  const listing = await source.list();
  findings.push(...inventoryFindings(listing, options.maxFileBytes));
  const resolved = await resolveArtifactPaths(
    options.artifacts,
    source,
    listing.entries.filter((entry) => entry.type === "file").map((entry) => entry.path),
  );
  const artifacts = resolved.artifacts;
  findings.push(...resolved.findings);
  findings.push(...(await nameSecretFindings(context.scanner, [runId], "in the run directory's name")).map((f) => ({ ...f, file: null })));
  const names = [...listing.entries.map((entry) => entry.path), ...listing.rejected.map((rejected) => rejected.rawName)];
  findings.push(...(await nameSecretFindings(context.scanner, names, "in a file or folder name")));
  findings.push(...(await metadataSecretFindings(context.scanner, listing.metadata ?? [])));

  const structuredPaths = new Set([
    artifacts.report,
    artifacts.reportMd,
    artifacts.caseConfig,
    artifacts.baselineReport,
    artifacts.argv,
    artifacts.task,
  ]);
  const files = new Set<string>();
  const directories = new Set<string>();
  const texts = new Map<string, string | null>();
  const scans: Array<{ file: string; scan: FileScan }> = [];
  let trace: TraceSummary = { present: false, firstLineOfEvent: new Map(), events: 0 };

  const scannable = listing.entries.filter((entry) => {
    if (entry.type === "directory") directories.add(entry.path);
    if (entry.type !== "file") return false;
    files.add(entry.path);
    return entry.size <= options.maxFileBytes;
  });

  // Folders: every file at once (the worker pool bounds the work). Archives: one file at a time
  // in the archive's own order, so a tar.gz is decompressed once, not once per file.
  const order = source.readOrder ? await source.readOrder() : null;
  if (order) {
    const rank = new Map(order.map((p, i) => [p, i]));
    scannable.sort((a, b) => (rank.get(a.path) ?? 0) - (rank.get(b.path) ?? 0));
  }
  const results = await mapWithConcurrency(
    scannable,
    source.isArchive ? 1 : scannable.length,
    async (entry) => {
      const keepText = structuredPaths.has(entry.path) && entry.size <= MAX_STRUCTURED_BYTES;
      try {
        const scan = await context.scanFile(source, entry, {
          file: entry.path,
          keepText,
          trace: entry.path === artifacts.trace,
          targetPaths: options.targetPaths,
        });
        return { entry, scan, keepText, error: null };
      } catch (error) {
        return { entry, scan: null, keepText, error: error as NodeJS.ErrnoException };
      }
    },
  );

  for (const { entry, scan, keepText, error } of results) {
    // Unreadable, changed while read, or read to another size than listed: a finding, never a pass.
    const failure = scan === null ? readFailureFinding(entry.path, error) : scan.notText ? null : sizeChangeFinding(entry.path, entry.size, scan.bytes);
    if (failure) findings.push(failure);
    if (scan === null) {
      if (structuredPaths.has(entry.path)) texts.set(entry.path, null);
      continue;
    }
    scans.push({ file: entry.path, scan });
    if (scan.notText) {
      findings.push({
        category: "integrity",
        rule: "integrity/not-text",
        code: scan.notText.reason === "binary" ? "BINARY_FILE" : "INVALID_UTF8",
        severity: "error",
        message: `${entry.path} cannot be scanned as text: ${
          scan.notText.reason === "binary" ? "it holds NUL bytes" : "it is not valid UTF-8"
        } (byte ${scan.notText.byteOffset})`,
        file: entry.path,
        line: null,
        column: null,
      });
    }
    if (structuredPaths.has(entry.path)) {
      if (!keepText) {
        findings.push({
          category: "integrity",
          rule: "integrity/oversize",
          code: "STRUCTURED_ARTIFACT_TOO_LARGE",
          severity: "error",
          message: `${entry.path} is larger than ${MAX_STRUCTURED_BYTES} bytes and cannot be parsed`,
          file: entry.path,
          line: null,
          column: null,
        });
      }
      texts.set(entry.path, scan.text);
    }
    if (scan.trace) {
      trace = { present: true, firstLineOfEvent: scan.trace.firstLineOfEvent, events: scan.trace.events };
      findings.push(...scan.trace.findings);
    }
  }
  if (files.has(artifacts.trace) && !trace.present) trace = { ...trace, present: true };

  const json = (file: string) => loadJsonArtifact(file, files.has(file) ? (texts.get(file) ?? null) : undefined, findings);
  const report = json(artifacts.report);
  const caseConfig = json(artifacts.caseConfig);
  const baselineReport = json(artifacts.baselineReport);
  const argv = json(artifacts.argv);
  const task = json(artifacts.task);
  const reportMdText = texts.get(artifacts.reportMd);

  findings.push(...requiredArtifactFindings(files, artifacts, report.value));
  if (report.value !== null) findings.push(...checkReport(report.value, report.file, report.keyLines));
  if (baselineReport.value !== null) {
    findings.push(...checkBaselineReport(baselineReport.value, baselineReport.file, baselineReport.keyLines));
  }
  if (caseConfig.value !== null) findings.push(...checkCaseConfig(caseConfig.value, caseConfig.file));

  const facts = buildRunFacts({
    id: runId,
    files,
    directories,
    report,
    reportMd: { file: artifacts.reportMd, present: files.has(artifacts.reportMd), text: reportMdText ?? null },
    trace,
    caseConfig,
    baselineReport,
    argv,
    task,
    admissions: context.admissions,
    artifacts,
  });
  findings.push(...runGates(facts));

  const verdicts = modelVerdicts(facts, options);
  for (const { file, scan } of scans) {
    findings.push(...modelFindings(file, scan.models, verdicts, options.maxModelFindingsPerFile));
    for (const secret of secretOccurrences(scan.secrets)) {
      findings.push({
        category: "secret",
        rule: secret.rule,
        code: secret.code,
        severity: "error",
        message:
          secret.message +
          (secret.decoding ? ` (revealed by ${secret.decoding} decoding)` : "") +
          (secret.count > 1 ? `, ${secret.count} occurrences in this file` : ""),
        file,
        line: secret.line,
        column: secret.column,
        preview: secret.preview,
        ...(secret.decoding ? { decoding: secret.decoding } : {}),
        fingerprintKey: secret.valueHash,
      });
    }
    for (const target of scan.targets) {
      findings.push({
        category: "gate",
        rule: "gate/no-target-repository",
        code: "TARGET_PATH_IN_ARTIFACT",
        severity: "error",
        message:
          `target repository path ${options.targetPaths[target.targetIndex]} appears in this artifact` +
          (target.count > 1 ? ` (${target.count} occurrences)` : ""),
        file,
        line: target.line,
        column: target.column,
        fingerprintKey: String(options.targetPaths[target.targetIndex]),
      });
    }
  }
  const status = isRecord(report.value) && typeof report.value.status === "string" ? report.value.status : null;
  return { findings, status, artifacts: scans.map((s) => s.file).sort() };
}

