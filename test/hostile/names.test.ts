import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/cli.js";
import { buildZip } from "../archive/build-archives.js";
import { auditAllFormats, CLEAN_RUN, cleanRunEntries, fakeSecrets, freshRoot, leaks, leaksByFormat, NOW } from "./plant.js";

/**
 * Issue 11 item 2: names are evidence. A token as a file, folder, run directory, archive entry
 * or admission record name used to pass (exit 0) and be printed whole.
 */
describe("names are evidence", () => {
  it("a token as a file name and as a folder name fails the run, as a secret finding on that path, masked", async () => {
    const planted = fakeSecrets(31);
    const other = fakeSecrets(32);
    const { root, runDir, admissions } = freshRoot();
    writeFileSync(path.join(runDir, "backend", `${planted.githubToken}.log`), "nothing secret in here\n");
    mkdirSync(path.join(runDir, "backend", other.awsKeyId));
    writeFileSync(path.join(runDir, "backend", other.awsKeyId, "notes.txt"), "plain\n");
    const outputs = await auditAllFormats([root], ["--admissions", admissions]);
    expect(outputs.exitCode).toBe(1);
    const secrets = outputs.json.runs[0]?.findings.filter((f) => f.category === "secret") ?? [];
    expect(secrets.map((f) => f.code).sort()).toEqual(["AWS_ACCESS_KEY_ID", "GITHUB_TOKEN"]);
    expect(secrets.every((f) => f.file?.startsWith("backend/"))).toBe(true);
    expect(leaksByFormat(outputs, { ...planted, ...other })).toEqual({});

    const state = path.join(path.dirname(root), "state.json");
    const sweep = await run(["sweep", "--workers", "0", "--admissions", admissions, "--state", state, "--format", "json", root], { now: NOW });
    expect(sweep.exitCode).toBe(1);
    expect(leaks(readFileSync(state, "utf8") + sweep.stdout + sweep.stderr, { ...planted, ...other })).toEqual([]);
  });

  it("a token in the run directory's name is a secret finding of the run, masked in its id and path", async () => {
    const planted = fakeSecrets(41);
    const { root, runDir, admissions } = freshRoot();
    const named = path.join(root, `20260602T090000Z-${planted.githubToken}-1000`);
    renameSync(runDir, named);
    const outputs = await auditAllFormats([root], ["--admissions", admissions]);
    expect(outputs.exitCode).toBe(1);
    const secret = outputs.json.runs[0]?.findings.find((f) => f.category === "secret");
    expect(secret).toMatchObject({ code: "GITHUB_TOKEN", file: null });
    expect(leaksByFormat(outputs, planted)).toEqual({});
  });

  it("a token in an archive entry's name fails the run and is masked", async () => {
    const planted = fakeSecrets(51);
    const { base, runDir, admissions } = freshRoot();
    const entries = cleanRunEntries();
    entries.push({ name: `${CLEAN_RUN}/backend/${planted.githubToken}.txt`, data: Buffer.from("x\n") });
    const zip = path.join(base, "artifacts.zip");
    writeFileSync(zip, buildZip(entries));
    const outputs = await auditAllFormats([zip], ["--admissions", admissions]);
    expect(outputs.exitCode).toBe(1);
    expect(outputs.json.runs[0]?.findings.filter((f) => f.category === "secret").map((f) => f.code)).toEqual(["GITHUB_TOKEN"]);
    expect(leaksByFormat(outputs, planted)).toEqual({});
  });

  it("a token in an admission record's file name is a registry secret finding; the record admits nothing", async () => {
    const planted = fakeSecrets(61);
    const { root, admissions } = freshRoot();
    const record = readdirSync(admissions).find((name) => name.includes("qwen-local")) as string;
    renameSync(path.join(admissions, record), path.join(admissions, record.replace(".json", `.${planted.githubToken}.json`)));
    const outcome = await run(["--workers", "0", "--format", "json", "--admissions", admissions, root], { now: NOW });
    expect(outcome.exitCode).toBe(1);
    const result = JSON.parse(outcome.stdout) as { registry: { findings: Array<{ category: string; code: string }> }; runs: Array<{ verdict: string }> };
    expect(result.registry.findings.filter((f) => f.category === "secret").map((f) => f.code)).toEqual(["GITHUB_TOKEN"]);
    // The clean Qwen run relied on that record: with it refused, the run is not admitted.
    expect(result.runs[0]?.verdict).toBe("fail");
    expect(leaks(outcome.stdout + outcome.stderr, planted)).toEqual([]);
  });
});
