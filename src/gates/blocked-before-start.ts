/**
 * The shared shape of gates 7 and 8: an admitted run that lacks a precondition must be blocked
 * before Case starts. The report's own flag decides; a trace that contradicts it is gate 11's.
 * Pure.
 */
import type { GateFinding, RunFacts } from "./gate.js";
import { gateFinding, reportField } from "./locate.js";
import { asObject, booleanField, display, stringField } from "./read.js";

export interface BlockCodes {
  /** report.json says Case started. */
  started: string;
  /** status is not `blocked`. */
  notBlocked: string;
}

/** Findings when the run was not blocked before start; `why` completes "…but <why>". */
export function blockedBeforeStart(run: RunFacts, codes: BlockCodes, why: string): GateFinding[] {
  const report = asObject(run.report.value);
  if (report === null) return [];
  const findings: GateFinding[] = [];
  if (booleanField(report, "case_process_started") === true) {
    findings.push(gateFinding(reportField(run, "case_process_started"), codes.started, `case_process_started is \`true\` but ${why}`));
  }
  const status = stringField(report, "status");
  if (status !== null && status !== "blocked") {
    findings.push(gateFinding(reportField(run, "status"), codes.notBlocked, `status is ${display(status)}, not \`blocked\`, but ${why}`));
  }
  return findings;
}
