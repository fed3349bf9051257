/**
 * Where the contract's artifacts live inside a run directory (contract §3). Every path is a
 * **(v1 choice)** and can be changed in the config file.
 */
export const DEFAULT_ARTIFACTS = {
  report: "report.json",
  reportMd: "report.md",
  trace: "trace.jsonl",
  task: "task.json",
  argv: "argv.json",
  backendLogs: "backend/**/*.log",
  caseStdout: "backend/case.stdout.txt",
  caseStderr: "backend/case.stderr.txt",
  caseConfig: "backend/case-data/config.json",
  markerNotAdmitted: "backend/provider-model-not-admitted.txt",
  markerAuthUnavailable: "backend/provider-auth-unavailable.txt",
  markerProtocol: "backend/provider-agent-protocol.txt",
  baselineReport: "baseline/report.json",
} as const;

export type ArtifactPaths = { [K in keyof typeof DEFAULT_ARTIFACTS]: string };

/** Default cap on one file's size; a larger file is an integrity finding. Default: 1 GiB. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024 * 1024;

/**
 * Default budget of bytes read out of one archive, inflated, over every pass (a tar is read once
 * to list it and once more to read it): 100 times the archive's size, and at least 1 GiB. Text
 * evidence deflates 5–30 times; a compression bomb, up to ~1,000 times. Past the budget, what is
 * left unread is a finding.
 */
export const DEFAULT_ARCHIVE_INFLATE_RATIO = 100;
export const DEFAULT_MIN_ARCHIVE_BYTES = 1024 * 1024 * 1024;

/** A run directory name: `<YYYYMMDDTHHMMSSZ>-<task id>-<pid>` (contract §2). */
export const RUN_DIR_NAME = /^(\d{8}T\d{6}Z)-(.+)-(\d+)$/;
