import { DEFAULT_ARTIFACTS, DEFAULT_MAX_FILE_BYTES, type ArtifactPaths } from "./defaults.js";

/** Everything an audit needs to know besides the paths to audit. */
export interface AuditOptions {
  /** Folder of admission records; undefined: an empty registry, nothing admitted. */
  admissions?: string;
  /** Target-repository paths no artifact may contain (gate 12). Default: none. */
  targetPaths: string[];
  artifacts: ArtifactPaths;
  /** Default: 1 GiB. */
  maxFileBytes: number;
  /**
   * Most bytes read out of one archive, inflated, over every pass. Default: 100 times the
   * archive's size, at least 1 GiB.
   */
  maxArchiveBytes?: number;
  /** Allowlist file. Default: none. */
  allowlist?: string;
  /** Default: "error". */
  failOn: "error" | "warning";
  /** Default: true (see ConfigFileSchema). */
  allowRefusedModelInBlockedRun: boolean;
  /** Default: none. */
  alwaysAllowedModels: string[];
  /** Non-admitted-model findings per file and model ID before one finding counts the rest. Default: 100. */
  maxModelFindingsPerFile: number;
  /** The clock used for stale admissions and allowlist expiry. Default: now. */
  now: Date;
  /** Worker threads for scanning; 0 scans in this thread. Default: cores - 1, at least 1. */
  workers?: number;
}

export function defaultAuditOptions(overrides: Partial<AuditOptions> = {}): AuditOptions {
  return {
    targetPaths: [],
    artifacts: { ...DEFAULT_ARTIFACTS },
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    failOn: "error",
    allowRefusedModelInBlockedRun: true,
    alwaysAllowedModels: [],
    maxModelFindingsPerFile: 100,
    now: new Date(),
    ...overrides,
  };
}
