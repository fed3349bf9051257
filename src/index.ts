/**
 * harness-audit as a library. Every function returns the same objects the JSON format prints
 * (contract §9); nothing here writes to the terminal or sets an exit code.
 */
import { defaultAuditOptions, type AuditOptions } from "./config/options.js";
import { auditPaths, type AuditHooks } from "./pipeline/audit.js";
import type { AuditResult, RunResult } from "./types.js";

export type { AuditOptions } from "./config/options.js";
export { defaultAuditOptions } from "./config/options.js";
export { loadConfigFile, ConfigError } from "./config/load.js";
export type { ConfigFile } from "./config/schema.js";
export { InputError } from "./discover/locate-runs.js";
export { loadRegistry, RegistryError, type Registry } from "./models/registry.js";
export { formatResult, FORMAT_NAMES, type FormatName } from "./formatters/index.js";
export { exitCodeFor } from "./cli/exit-code.js";
export { auditPaths, type AuditHooks } from "./pipeline/audit.js";
export { GATES } from "./gates/index.js";
export * from "./types.js";

/** Audits one run directory (or one archive of a run). */
export async function auditRun(runDirectory: string, options: Partial<AuditOptions> = {}): Promise<RunResult> {
  const result = await auditPaths([runDirectory], defaultAuditOptions(options));
  const run = result.runs[0];
  if (!run || result.runs.length !== 1) throw new Error(`${runDirectory} holds ${result.runs.length} runs, not one`);
  return run;
}

/** Audits every run under a harness-runs root (or several roots, folders or archives). */
export async function auditRoot(
  roots: string | readonly string[],
  options: Partial<AuditOptions> = {},
  hooks?: AuditHooks,
): Promise<AuditResult> {
  return auditPaths(typeof roots === "string" ? [roots] : roots, defaultAuditOptions(options), hooks);
}
