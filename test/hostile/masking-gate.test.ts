import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/cli.js";
import { auditAllFormats, fakeSecrets, freshRoot, leaks, leaksByFormat, NOW, patchReport } from "./plant.js";

/**
 * Issue 11 item 1: one masking gate for everything printed. Secrets the scanner detects in the
 * evidence used to be printed whole by other findings' messages (gates quoting report values, a
 * model tag, the report's status in every header) and by errors echoing what a user typed.
 */
describe("the masking gate", () => {
  it("masks an allowlist reason that a suppressed finding carries", async () => {
    const planted = fakeSecrets(17);
    const { base, root, runDir, admissions } = freshRoot();
    appendFileSync(path.join(runDir, "backend", "harness.log"), `token ${fakeSecrets(18).githubToken}\n`);
    const allowlist = path.join(base, "allow.json");
    const common = ["--workers", "0", "--admissions", admissions];
    await run([...common, "--write-allowlist", allowlist, root], { now: NOW });
    const written = JSON.parse(readFileSync(allowlist, "utf8")) as { entries: Array<{ reason: string }> };
    for (const entry of written.entries) entry.reason = `test key, rotated to ${planted.githubToken}`;
    writeFileSync(allowlist, JSON.stringify(written));
    const outputs = await auditAllFormats([root], [...common, "--allowlist", allowlist]);
    expect(outputs.exitCode).toBe(0);
    expect(outputs.byFormat["json"]).toContain('"suppressed"');
    expect(leaksByFormat(outputs, planted)).toEqual({});
  });

  it("masks report values that gates quote, a model tag and the report status, in every format", async () => {
    const planted = fakeSecrets(11);
    const { root, runDir, admissions } = freshRoot();
    const targetPath = `/srv/${planted.githubToken}/acme`;
    patchReport(runDir, {
      status: planted.githubToken,
      case_model: `postgres://admin:${planted.dbPassword}@db.internal:5432/app`,
      marker: `https://deploy:${planted.deployPassword}@registry.internal/v2/`,
    });
    appendFileSync(path.join(runDir, "backend", "harness.log"), `fallback tried qwen3:${planted.awsKeyId}\nchecked out ${targetPath}\n`);
    const outputs = await auditAllFormats([root], ["--admissions", admissions, "--target-path", targetPath]);
    expect(outputs.exitCode).toBe(1);
    const codes = outputs.json.runs[0]?.findings.map((f) => f.code) ?? [];
    // The values are reported where they are, as secrets, and gates still say what is wrong with them.
    expect(codes).toEqual(expect.arrayContaining(["GITHUB_TOKEN", "TARGET_PATH_IN_ARTIFACT"]));
    expect(outputs.json.runs[0]?.findings.filter((f) => f.category === "secret").length).toBeGreaterThanOrEqual(4);
    expect(outputs.json.runs[0]?.findings.some((f) => f.category === "gate" || f.category === "schema")).toBe(true);
    expect(leaksByFormat(outputs, planted)).toEqual({});
  });

  it("masks values users supply that errors and allowlist findings echo", async () => {
    const planted = fakeSecrets(23);
    const { base, root, admissions } = freshRoot();
    const config = path.join(base, "config.json");
    const cases: Array<[string, string[], number]> = [];

    writeFileSync(config, JSON.stringify({ [planted.githubToken]: 1 }));
    cases.push(["unknown config key", ["--config", config, root], 2]);

    const artifacts = path.join(base, "artifacts.json");
    writeFileSync(artifacts, JSON.stringify({ artifacts: { trace: `logs/${planted.githubToken}.jsonl` } }));
    cases.push(["config artifact path", ["--config", artifacts, "--admissions", admissions, root], 1]);

    const allowlist = path.join(base, "allow-unknown.json");
    writeFileSync(allowlist, JSON.stringify({ version: 1, entries: [], [planted.awsKeyId]: true }));
    cases.push(["unknown allowlist key", ["--allowlist", allowlist, root], 2]);

    const stale = path.join(base, "allow-stale.json");
    const entry = { fingerprint: "0".repeat(32), rule: planted.githubToken, runs: "*", reason: `known ${planted.deployPassword}`, expires: "2027-01-01" };
    writeFileSync(stale, JSON.stringify({ version: 1, entries: [entry] }));
    cases.push(["allowlist rule and reason", ["--allowlist", stale, "--admissions", admissions, "--fail-on", "warning", root], 1]);

    cases.push(["path argument", [path.join(base, `missing-${planted.githubToken}`)], 2]);
    cases.push(["--since value", ["sweep", "--no-cache", "--since", planted.githubToken, root], 2]);

    // A merge input is a file a user names: its texts go through the gate again.
    const shard = path.join(base, "shard.json");
    const clean = await run(["--workers", "0", "--format", "json", "--admissions", admissions, root], { now: NOW });
    const doc = JSON.parse(clean.stdout) as { runs: Array<{ findings: unknown[] }> };
    doc.runs[0]?.findings.push({ category: "secret", rule: planted.githubToken, code: "X", severity: "error", message: `leaked ${planted.githubToken}`, file: null, line: null, column: null, fingerprint: "ab" });
    writeFileSync(shard, JSON.stringify(doc));
    cases.push(["merge input", ["merge", shard], 1]);

    for (const [name, args, exitCode] of cases) {
      for (const format of ["text", "json"]) {
        const argv =
          args[0] === "sweep"
            ? ["sweep", "--workers", "0", "--format", format, ...args.slice(1)]
            : args[0] === "merge"
              ? ["merge", "--format", format, ...args.slice(1)]
              : ["--workers", "0", "--format", format, ...args];
        const outcome = await run(argv, { now: NOW });
        expect(outcome.exitCode, `${name} (${format}): ${outcome.stderr}`).toBe(exitCode);
        expect(leaks(outcome.stdout + outcome.stderr, planted), `${name} (${format})`).toEqual([]);
      }
    }
  });
});
