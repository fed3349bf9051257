/**
 * The shapes every part of harness-audit exchanges. No logic lives here.
 * The JSON output (contract §9) is exactly `AuditResult` serialised.
 */

/**
 * Text that has been through the masking gate (src/secrets/mask-text.ts): any secret the scanner
 * finds in it is shown as its first 4 characters and its length. Every string of a result that
 * can carry evidence (messages, file and run names, paths, report values) has this type, so a
 * formatter or the state writer cannot print a raw evidence string by mistake: only the gate
 * (and `fromMaskedStore` for our own, authenticated output read back) makes one.
 */
export type Masked = string & { readonly __masked: unique symbol };

export const FINDING_CATEGORIES = ["secret", "model", "schema", "gate", "integrity"] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export const SEVERITIES = ["error", "warning"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const VERDICTS = ["pass", "fail"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What a check returns: a finding before the pipeline stamps its fingerprint. */
export interface FindingDraft {
  category: FindingCategory;
  /** Rule or gate id, e.g. `gate/admission-before-start`, `@secretlint/secretlint-rule-openai`. */
  rule: string;
  /** Stable machine code, SCREAMING_SNAKE, e.g. `STARTED_WITHOUT_ADMISSION`. */
  code: string;
  severity: Severity;
  /** Final human text. Must never contain a secret value. */
  message: string;
  /** Relative to the run directory, POSIX separators; null for a whole-run finding. */
  file: string | null;
  /** 1-based, or null for a whole-file finding. */
  line: number | null;
  /** 1-based, or null for a whole-file finding. */
  column: number | null;
  /** Secrets only: at most the first 4 characters and the length, e.g. `sk-p…(51 chars)`. */
  preview?: string;
  /** Secrets only: how the value was revealed when it was encoded, e.g. `json-string`, `base64`. */
  decoding?: string;
  /**
   * Extra input to the fingerprint (never printed). For secrets: a hash of the value, so the
   * fingerprint survives lines moving but differs for another secret on the same line.
   */
  fingerprintKey?: string;
}

export interface Suppression {
  /** The allowlist entry's reason, through the masking gate (a person wrote it). */
  reason: Masked;
  expires: string;
}

export interface Finding extends Omit<FindingDraft, "fingerprintKey" | "message" | "file" | "preview"> {
  /** Final human text, through the masking gate. */
  message: Masked;
  /** Relative to the run directory, POSIX separators, through the masking gate; null for a whole-run finding. */
  file: Masked | null;
  /** Secrets only: at most the first 4 characters and the length. */
  preview?: Masked;
  /** Stable from one audit to the next (hex sha-256 prefix). */
  fingerprint: string;
  /** Present when an allowlist entry hid this finding from the verdict. */
  suppressed?: Suppression;
}

export interface RunResult {
  /** The run directory's name. */
  id: Masked;
  /** Display path of the run directory (relative to the working directory when possible). */
  path: Masked;
  verdict: Verdict;
  /** The report's own `status`, when report.json could be read; null otherwise. */
  status: Masked | null;
  findings: Finding[];
  /** Every regular file of the run that was scanned (relative, sorted): JUnit's per-artifact cases. */
  artifacts?: Masked[];
}

export interface AuditSummary {
  runs: number;
  passed: number;
  failed: number;
  /** Findings that count (not suppressed), across runs and the registry. */
  findings: number;
  suppressed: number;
}

/** Findings about the inputs shared by all runs: admission registry, allowlist. */
export interface SharedFindings {
  /** Display path of what was checked (a registry folder, an allowlist file). */
  path: Masked;
  findings: Finding[];
}

export interface AuditResult {
  version: 1;
  tool: { name: "harness-audit"; version: string };
  summary: AuditSummary;
  runs: RunResult[];
  /** Findings about the admission registry; absent when none was given. */
  registry?: SharedFindings;
  /** Findings about the allowlist (expired or stale entries); absent when none was given. */
  allowlist?: SharedFindings;
  /**
   * Findings about what audited roots (folders, archives) hold under no run directory: each such
   * file (a warning; its secrets are errors), links and special files. Absent when there is none.
   */
  roots?: SharedFindings[];
}

/**
 * An audit result whose runs may be read from disk as they are needed (a sweep of thousands of
 * runs): `runs` can be iterated again and again, always in the same order. An `AuditResult` is one.
 */
export interface AuditView extends Omit<AuditResult, "runs"> {
  runs: Iterable<RunResult>;
}
