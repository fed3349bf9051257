/**
 * Issue 11, item 4: writes never reach the evidence. --output, --state and --write-allowlist are
 * compared with the evidence by real path, files are created without following a link and put
 * in place by rename, and a character device still works.
 */
import { appendFileSync, existsSync, lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/cli.js";
import { ADMISSIONS, cleanRun, everyFormat, fakeToken, HAVE_BIN, leaks, runBin, tempDir } from "./kit.js";

const token = fakeToken("writes");

/** A harness-runs root with one run that leaks a token (so outputs have something to not leak). */
function evidence() {
  const dir = tempDir("writes");
  const root = path.join(dir, "root");
  const runDir = cleanRun(root);
  appendFileSync(path.join(runDir, "backend", "harness.log"), `GITHUB_TOKEN=${token}\n`);
  const snapshot = () => readdirSync(runDir, { recursive: true }).map(String).sort().join("\n") + readFileSync(path.join(runDir, "report.md"), "utf8");
  return { dir, root, runDir, before: snapshot(), snapshot };
}

const common = ["--workers", "0", "--admissions", ADMISSIONS];

describe("writes never reach the evidence", () => {
  it("refuses --output reached through a symlinked folder into a run (exit 2), and the run is as it was", async () => {
    const e = evidence();
    symlinkSync(e.runDir, path.join(e.dir, "link"));
    const outcome = await run([...common, "--output", path.join(e.dir, "link", "report.md"), e.runDir]);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/--output .* lies inside audited evidence/);
    expect(e.snapshot()).toBe(e.before);
    expect(leaks(outcome.stdout + outcome.stderr, [token])).toEqual([]);
  });

  it("refuses --output that is a symlink to an evidence file, and the file is as it was", async () => {
    const e = evidence();
    const out = path.join(e.dir, "out.md");
    symlinkSync(path.join(e.runDir, "report.md"), out);
    const outcome = await run([...common, "--output", out, e.runDir]);
    expect(outcome.exitCode).toBe(2);
    expect(e.snapshot()).toBe(e.before);
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
  });

  it("refuses --state and --write-allowlist reached through a symlinked root, creating nothing in the run", async () => {
    const e = evidence();
    symlinkSync(e.root, path.join(e.dir, "rootlink"));
    const inside = path.join(e.dir, "rootlink", path.basename(e.runDir));
    for (const args of [
      ["sweep", ...common, "--state", path.join(inside, "state.json"), e.root],
      ["sweep", ...common, "--no-cache", "--write-allowlist", path.join(inside, "allow.json"), e.root],
      [...common, "--write-allowlist", path.join(inside, "allow.json"), e.runDir],
    ]) {
      const outcome = await run(args);
      expect(outcome.exitCode, args.join(" ")).toBe(2);
      expect(outcome.stderr).toMatch(/lies inside audited evidence/);
    }
    expect(e.snapshot()).toBe(e.before);
  });

  it("refuses a state key file inside the swept root (whoever reads the evidence would hold the key)", async () => {
    const e = evidence();
    const outcome = await run(["sweep", ...common, "--state", path.join(e.dir, "state.json"), e.root], {
      env: { HARNESS_AUDIT_STATE_KEY_FILE: path.join(e.runDir, "state-key") },
    });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/state key .* lies inside the swept root/);
    expect(e.snapshot()).toBe(e.before);
  });

  it("replaces a symlink at the --output path instead of writing through it", async () => {
    const e = evidence();
    const elsewhere = path.join(e.dir, "elsewhere.txt");
    writeFileSync(elsewhere, "not ours\n");
    const out = path.join(e.dir, "report.json");
    symlinkSync(elsewhere, out);
    const outcome = await run([...common, "--format", "json", "--output", out, e.runDir]);
    expect(outcome.exitCode).toBe(1);
    expect(readFileSync(elsewhere, "utf8")).toBe("not ours\n");
    expect(lstatSync(out).isFile()).toBe(true);
    const written = readFileSync(out, "utf8");
    expect(JSON.parse(written).summary.failed).toBe(1);
    expect(leaks((await everyFormat(written)) + outcome.stderr, [token])).toEqual([]);
    expect(readdirSync(e.dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it.skipIf(!HAVE_BIN)("writes to a character device or pipe directly: --output /dev/stdout carries the report", async () => {
    const e = evidence();
    const outcome = await runBin([...common, "--format", "json", "--output", "/dev/stdout", e.runDir]);
    expect(outcome.code).toBe(1);
    expect(JSON.parse(outcome.stdout).summary.failed).toBe(1);
    expect(leaks(outcome.stdout + outcome.stderr, [token])).toEqual([]);
  });

  it.skipIf(!existsSync("/dev/full"))("a full disk on --output is exit 2 naming ENOSPC, never a pass (regression)", async () => {
    const e = evidence();
    const outcome = await run([...common, "--output", "/dev/full", e.runDir]);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/cannot write \/dev\/full: ENOSPC/);
  });
});
