/**
 * Issue 11: hostile inputs in this area that were already handled when the issue was measured.
 * They stay handled: special files and link loops in a run, archive entries that escape or lie
 * about their size. Each asserts the finding, the exit code and that the planted token leaks
 * nowhere.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/cli.js";
import { ADMISSIONS, buildZip, CLEAN_RUN, cleanRun, cleanRunEntries, everyFormat, fakeToken, findingsOf, leaks, tempDir } from "./kit.js";

const common = ["--workers", "0", "--admissions", ADMISSIONS, "--format", "json"];
const token = fakeToken("regressions");

function leakingRun() {
  const runDir = cleanRun(tempDir("regress"));
  appendFileSync(path.join(runDir, "backend", "harness.log"), `GITHUB_TOKEN=${token}\n`);
  return runDir;
}

describe("hostile inputs that stay handled", () => {
  it.runIf(process.platform !== "win32")("a FIFO and a socket in a run are SPECIAL_FILE findings, never read, never a hang", async () => {
    const runDir = leakingRun();
    execFileSync("mkfifo", [path.join(runDir, "backend", "pipe.log")]);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path.join(runDir, "backend", "sock.log"), resolve));
    try {
      const outcome = await run([...common, runDir]);
      expect(outcome.exitCode).toBe(1);
      const findings = findingsOf(outcome.stdout);
      expect(findings).toContain("integrity integrity/special-file SPECIAL_FILE backend/pipe.log");
      expect(findings).toContain("integrity integrity/special-file SPECIAL_FILE backend/sock.log");
      expect(leaks((await everyFormat(outcome.stdout)) + outcome.stderr, [token])).toEqual([]);
    } finally {
      server.close();
    }
  });

  it("a symlink loop in a run is a SYMLINK finding, never followed", async () => {
    const runDir = leakingRun();
    symlinkSync("loop-b", path.join(runDir, "backend", "loop-a"));
    symlinkSync("loop-a", path.join(runDir, "backend", "loop-b"));
    const outcome = await run([...common, runDir]);
    expect(outcome.exitCode).toBe(1);
    const findings = findingsOf(outcome.stdout);
    expect(findings).toContain("integrity integrity/symlink SYMLINK backend/loop-a");
    expect(findings).toContain("integrity integrity/symlink SYMLINK backend/loop-b");
  });

  it("zip entries that escape the archive (zip-slip) or lie about their size are findings, never written or trusted", async () => {
    const entries = cleanRunEntries().map((e) =>
      e.name.endsWith("/backend/harness.log") ? { ...e, data: Buffer.concat([e.data, Buffer.from(`GITHUB_TOKEN=${token}\n`)]) } : e,
    );
    const zip = buildZip([...entries, { name: `${CLEAN_RUN}/../../escape.txt`, data: Buffer.from("x") }, { name: `${CLEAN_RUN}/backend/liar.log`, data: Buffer.from("short\n") }]);
    // Make the liar's central record declare 1,000,000 bytes.
    const name = Buffer.from(`${CLEAN_RUN}/backend/liar.log`);
    const central = zip.indexOf(Buffer.concat([Buffer.from([0x50, 0x4b, 0x01, 0x02])]), zip.lastIndexOf(name) - 46);
    zip.writeUInt32LE(1_000_000, central + 24);
    const file = path.join(tempDir("slip"), "artifact.zip");
    writeFileSync(file, zip);
    const outcome = await run([...common, file]);
    expect(outcome.exitCode).toBe(1);
    const findings = findingsOf(outcome.stdout);
    expect(findings).toContainEqual(expect.stringMatching(/^integrity integrity\/path-escape PATH_ESCAPE /));
    expect(findings).toContain("integrity integrity/unreadable UNREADABLE_FILE backend/liar.log");
    expect(findings).toContainEqual(expect.stringMatching(/^secret .* backend\/harness\.log$/));
    expect(leaks((await everyFormat(outcome.stdout)) + outcome.stderr, [token])).toEqual([]);
  });
});
