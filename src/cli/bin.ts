#!/usr/bin/env node
import { Worker } from "node:worker_threads";
import { AUDIT_HEAP_MB_DEFAULT, type FromAuditThread, type AuditThreadData } from "./audit-thread-messages.js";

/**
 * The audit runs on a thread of its own whose heap is capped: V8 otherwise lets the main heap
 * grow with garbage long before its first full collection (a cold sweep of 6,000 small runs
 * peaked at ~280 MB RSS, ~200 MB with the cap). A run too large for the cap ends the audit
 * with exit 2 and a message saying how to raise it — never a crash, never a pass.
 * Only this file writes and sets the exit code; process.exit() is never called, so a large
 * report piped to another process is never truncated.
 */
const heapMb = heapBudget(process.env["HARNESS_AUDIT_HEAP_MB"]);
if (heapMb === null) {
  process.stderr.write("harness-audit: HARNESS_AUDIT_HEAP_MB takes a whole number of megabytes from 64 to 65536\n");
  process.exitCode = 2;
} else {
  runAuditThread(heapMb);
}

function heapBudget(value: string | undefined): number | null {
  if (value === undefined || value === "") return AUDIT_HEAP_MB_DEFAULT;
  if (!/^\d+$/.test(value) || Number(value) < 64 || Number(value) > 65536) return null;
  return Number(value);
}

function runAuditThread(heapMb: number): void {
  const workerData: AuditThreadData = {
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stderr.columns ?? 0,
  };
  const thread = new Worker(new URL("./audit-thread.js", import.meta.url), {
    argv: process.argv.slice(2),
    workerData,
    stdout: true,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  // The report streams through with backpressure: the thread waits while stdout is slow.
  thread.stdout.pipe(process.stdout);
  let stdoutClosed = false;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    // The reader went away (`| head`): the report cannot be delivered, so the audit is not done.
    if (stdoutClosed) return;
    stdoutClosed = true;
    process.stderr.write(`harness-audit: stdout closed before the report was written (${error.code ?? "error"})\n`);
    process.exitCode = 2;
    void thread.terminate();
  });
  let outcome: Extract<FromAuditThread, { kind: "outcome" }> | null = null;
  thread.on("message", (message: FromAuditThread) => {
    if (message.kind === "stderr") process.stderr.write(message.text);
    else outcome = message;
  });
  thread.on("error", (error: Error & { code?: string }) => {
    const why =
      error.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? `it needed more than its ${heapMb} MB heap; set HARNESS_AUDIT_HEAP_MB higher (or audit fewer runs at once with sweep --shard)`
        : // Not its message: an unexpected error's text may quote the evidence.
          `${error.code ?? error.name ?? "error"} in the audit thread`;
    process.stderr.write(`harness-audit: internal error, the audit could not be completed: ${why}\n`);
    process.exitCode = 2;
  });
  thread.on("exit", () => {
    const done = outcome as Extract<FromAuditThread, { kind: "outcome" }> | null;
    if (stdoutClosed) {
      process.exitCode = 2;
      return;
    }
    if (done === null) {
      if (process.exitCode === undefined || process.exitCode === 0) {
        process.stderr.write("harness-audit: internal error, the audit thread stopped without a result\n");
      }
      process.exitCode = 2;
      return;
    }
    if (done.stdout) process.stdout.write(done.stdout);
    if (done.stderr) process.stderr.write(done.stderr);
    // A stdout error that comes after this (the last bytes still in flight) sets 2 itself.
    process.exitCode = done.exitCode;
  });
}
