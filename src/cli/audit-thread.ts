import { parentPort, workerData } from "node:worker_threads";
import type { AuditThreadData, FromAuditThread } from "./audit-thread-messages.js";
import { run } from "./cli.js";

/**
 * The audit thread: runs the CLI with the bin's stdout (streamed through to it) and a stderr
 * that forwards to the bin's (the progress bar draws with writes only).
 */
const data = workerData as AuditThreadData;
const post = (message: FromAuditThread) => parentPort?.postMessage(message);
const stderr = {
  isTTY: data.stderrIsTTY,
  columns: data.columns,
  write(chunk: string | Uint8Array) {
    post({ kind: "stderr", text: typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8") });
    return true;
  },
} as unknown as NodeJS.WritableStream & { isTTY?: boolean };

run(process.argv.slice(2), { stdoutIsTTY: data.stdoutIsTTY, env: process.env, stderr, stdout: process.stdout }).then(
  (outcome) => post({ kind: "outcome", exitCode: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr }),
  (error: unknown) => post({ kind: "outcome", exitCode: 2, stdout: "", stderr: `harness-audit: internal error: ${(error as Error)?.message ?? String(error)}\n` }),
);
