#!/usr/bin/env node
import { run } from "./cli.js";

// Only the bin writes and sets the exit code; process.exit() is never called, so a large report
// piped to another process is never truncated.
run(process.argv.slice(2), { stdoutIsTTY: process.stdout.isTTY === true, env: process.env, stderr: process.stderr }).then(
  (outcome) => {
    if (outcome.stdout) process.stdout.write(outcome.stdout);
    if (outcome.stderr) process.stderr.write(outcome.stderr);
    process.exitCode = outcome.exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`harness-audit: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
