/**
 * Real evidence that AI coding agents, their harnesses and CI wrote (../shared/corpora/
 * real-agent-evidence, see its README): it holds no real credential, so every secret finding on it
 * is a false alarm, and every run failed on one is a clean run failed for nothing.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditRoot } from "../src/index.js";

const ROOT = process.env["REAL_AGENT_EVIDENCE"] ?? path.resolve("../shared/corpora/real-agent-evidence");
const exists = existsSync(ROOT);

// Issue 10's target is 0 and 0. A ratchet at what is reached, lowered with every gain: the one
// finding left is a 32-hex login token under "token" in a mocked HTTP response an agent's test
// run printed (openhands-1), which nothing in its context tells from a real one.
const MAX_SECRET_FINDINGS = 1;
const MAX_RUNS_FAILED = 1;

describe("real agent evidence", () => {
  it.skipIf(!exists)(`has no secret finding (${exists ? ROOT : `skipped: no corpus at ${ROOT}`})`, async () => {
    const result = await auditRoot(ROOT);
    const secrets = result.runs.flatMap((run) => run.findings.filter((finding) => finding.category === "secret").map((finding) => ({ run: run.id, finding })));
    const runs = new Set(secrets.map(({ run }) => run));
    for (const { run, finding } of secrets) console.info(`secret finding: ${run} ${finding.file}:${finding.line} ${finding.rule}`);
    expect(result.runs.length).toBe(167);
    expect(secrets.length).toBeLessThanOrEqual(MAX_SECRET_FINDINGS);
    expect(runs.size).toBeLessThanOrEqual(MAX_RUNS_FAILED);
  }, 180_000);
});
