import { posix } from "node:path";
import type { Finding, RunResult } from "../types.js";
import type { Formatter } from "./context.js";
import { locationOf, sharedGroups, type SharedGroup } from "./finding-groups.js";
import { summaryLine } from "./text.js";
import { printable } from "./terminal.js";

/** Where an annotation points: a file relative to the working directory, maybe a line. */
interface Target {
  file: string;
  line: number | null;
  column: number | null;
  /** Said before the message when the target cannot carry the finding's own location. */
  inner?: string;
}

// GitHub's workflow-command escapes (actions/toolkit packages/core/src/command.ts, decoded by
// the runner's ActionCommand): data escapes `%`, CR and LF; a property value also `:` and `,`,
// which would end the value. Control characters are shown, never sent: the log is a terminal.
function escapeData(text: string): string {
  return printable(text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** `dir/file` as one normalised POSIX path; `dir` alone for a whole-run finding. */
function under(dir: string, file: string | null): string {
  return file === null ? posix.normalize(dir) : posix.normalize(`${dir}/${file}`);
}

/**
 * A run inside an archive: `<archive>!/<inner run>`, or the archive itself when the run is its
 * root (pipeline/audit.ts names archive runs so).
 */
function archiveParts(runPath: string): { archive: string; inner: string | undefined } | null {
  const bang = runPath.indexOf("!/");
  const archive = bang === -1 ? runPath : runPath.slice(0, bang);
  if (!ARCHIVE_NAME.test(archive)) return null;
  return { archive, inner: bang === -1 ? undefined : runPath.slice(bang + 2) };
}

const ARCHIVE_NAME = /\.(?:zip|tar|tar\.gz|tgz)$/i;

/**
 * A run's finding as the workflow sees it. A run in a folder: `<run path>/<file>` with its line
 * and column (run paths are display paths, relative to the working directory). A run inside an
 * archive (`artifacts/runs.zip!/run`): the archive is the file that was uploaded, so the
 * annotation points at it, without a line (lines are the inner file's), and the message starts
 * with the inner location `run/backend/case.log:3:5`.
 */
function runTarget(run: RunResult, finding: Finding): Target {
  const parts = archiveParts(run.path);
  if (!parts) return { file: under(run.path, finding.file), line: finding.line, column: finding.column };
  const innerRun = parts.inner; // undefined when the run is the archive's root
  const location = finding.file === null ? (innerRun ?? "(run)") : innerRun === undefined ? locationOf(finding) : `${innerRun}/${locationOf(finding)}`;
  return { file: posix.normalize(parts.archive), line: null, column: null, inner: location };
}

/**
 * The registry and an audited folder point at their file; the allowlist is one file, and an
 * audited archive the file that was uploaded, so their findings point at them.
 */
function sharedTarget(group: SharedGroup, finding: Finding): Target {
  if (group.kind === "allowlist") return { file: posix.normalize(group.path), line: null, column: null };
  // An audited archive: its entries under no run are inside the uploaded file, as a run's are.
  if (group.kind === "root" && archiveParts(group.path)) return { file: posix.normalize(group.path), line: null, column: null, inner: locationOf(finding) };
  return { file: under(group.path, finding.file), line: finding.line, column: finding.column };
}

/**
 * `::error file=…,line=…,col=…,title=<rule>::<message>`: errors and warnings as themselves; a
 * finding the allowlist suppressed as a notice saying so, since it does not fail the run.
 */
function command(finding: Finding, target: Target): string {
  const properties: string[] = [`file=${escapeProperty(target.file)}`];
  if (target.line !== null) {
    properties.push(`line=${target.line}`);
    if (target.column !== null) properties.push(`col=${target.column}`);
  }
  const name = finding.suppressed ? "notice" : finding.severity;
  properties.push(`title=${escapeProperty(finding.suppressed ? `${finding.rule} (suppressed)` : finding.rule)}`);
  let message: string = finding.message;
  if (finding.preview !== undefined) message += ` (${finding.preview})`;
  if (target.inner !== undefined) message = `${target.inner}: ${message}`;
  if (finding.suppressed) message += ` — suppressed until ${finding.suppressed.expires}: ${finding.suppressed.reason}`;
  return `::${name} ${properties.join(",")}::${escapeData(message)}\n`;
}

/**
 * GitHub Actions workflow commands: one annotation per finding, on the file it was found in,
 * then the summary line as plain log text. GitHub shows at most 10 annotations of each level
 * per step (50 per job); every command stays in the log, and SARIF carries them all.
 */
export const formatGithub: Formatter = function* (result) {
  for (const run of result.runs) {
    for (const finding of run.findings) yield command(finding, runTarget(run, finding));
  }
  for (const group of sharedGroups(result)) {
    for (const finding of group.findings) yield command(finding, sharedTarget(group, finding));
  }
  yield `${printable(summaryLine(result))}\n`;
};
