/** What the bin tells the audit thread about the terminal it cannot see itself. */
export interface AuditThreadData {
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  columns: number;
}

/** Messages from the audit thread to the bin. */
export type FromAuditThread =
  | { kind: "stderr"; text: string }
  | { kind: "outcome"; exitCode: 0 | 1 | 2; stdout: string; stderr: string };

/**
 * The audit thread's old-generation heap, in MB (`HARNESS_AUDIT_HEAP_MB` overrides it). A sweep
 * keeps ~20 MB live plus the runs in flight; the rest is room for one large run's findings.
 */
export const AUDIT_HEAP_MB_DEFAULT = 128;
