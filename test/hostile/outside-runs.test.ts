import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/cli.js";
import { buildZip } from "../archive/build-archives.js";
import { auditAllFormats, cleanRunEntries, fakeSecrets, freshRoot, leaksByFormat, NOW } from "./plant.js";

interface RootFinding {
  code: string;
  severity: string;
  category: string;
  file: string | null;
}
const rootFindings = (json: unknown): RootFinding[] =>
  ((json as { roots?: Array<{ findings: RootFinding[] }> }).roots ?? []).flatMap((root) => root.findings);

/**
 * Issue 11 item 3: nothing under an audited path goes unmentioned. Files under no run directory
 * used to be skipped silently ("1 passed", exit 0) — the CI artifact check's main case.
 */
describe("files under no run directory", () => {
  it("are secret-scanned (a secret fails the audit) and listed as warnings of the root, in every format", async () => {
    const planted = fakeSecrets(71);
    const { root, admissions } = freshRoot();
    writeFileSync(path.join(root, "leak.log"), `deploy token ${planted.githubToken}\n`);
    mkdirSync(path.join(root, "notes"));
    writeFileSync(path.join(root, "notes", "todo.log"), "nothing here\n");
    const outputs = await auditAllFormats([root], ["--admissions", admissions]);
    expect(outputs.exitCode).toBe(1);
    expect(outputs.json.runs.map((r) => r.verdict)).toEqual(["pass"]);
    expect(rootFindings(outputs.json).map((f) => [f.code, f.severity, f.file])).toEqual([
      ["FILE_OUTSIDE_RUN", "warning", "leak.log"],
      ["GITHUB_TOKEN", "error", "leak.log"],
      ["FILE_OUTSIDE_RUN", "warning", "notes/todo.log"],
    ]);
    // Every format shows the root's entry.
    expect(outputs.byFormat["text"]).toContain("OUTSIDE RUNS");
    expect(outputs.byFormat["markdown"]).toContain("Under no run directory");
    for (const format of ["sarif", "junit"]) expect(outputs.byFormat[format], format).toContain("notes/todo.log");
    expect(leaksByFormat(outputs, planted)).toEqual({});
  });

  it("a plain file there is a warning: exit 0, and 1 under --fail-on warning", async () => {
    const { root, admissions } = freshRoot();
    writeFileSync(path.join(root, "index.html"), "<html></html>\n");
    const args = ["--workers", "0", "--admissions", admissions];
    expect((await run([...args, root], { now: NOW })).exitCode).toBe(0);
    expect((await run([...args, "--fail-on", "warning", root], { now: NOW })).exitCode).toBe(1);
  });

  it("a run folder with a mistyped name and no report.json is not a run: its files are reported, never skipped", async () => {
    const { root, runDir, admissions } = freshRoot();
    const mistyped = path.join(root, "2026-06-02-clean-pass");
    cpSync(runDir, mistyped, { recursive: true, filter: (source) => path.basename(source) !== "report.json" });
    const outcome = await run(["--workers", "0", "--format", "json", "--admissions", admissions, root], { now: NOW });
    const files = rootFindings(JSON.parse(outcome.stdout)).map((f) => f.file);
    expect(files).toEqual(expect.arrayContaining(["2026-06-02-clean-pass/trace.jsonl", "2026-06-02-clean-pass/backend/harness.log"]));
  });

  it("a link, a special file and a linked folder that looks like a run are errors", async () => {
    const { base, root, runDir, admissions } = freshRoot();
    const elsewhere = path.join(base, "elsewhere");
    cpSync(runDir, elsewhere, { recursive: true });
    symlinkSync(elsewhere, path.join(root, "20260602T120000Z-linked-run-2"));
    symlinkSync(path.join(runDir, "report.md"), path.join(root, "latest.md"));
    execFileSync("mkfifo", [path.join(root, "pipe")]);
    const outcome = await run(["--workers", "0", "--format", "json", "--admissions", admissions, root], { now: NOW });
    expect(outcome.exitCode).toBe(1);
    expect(rootFindings(JSON.parse(outcome.stdout)).map((f) => [f.code, f.severity, f.file])).toEqual([
      ["LINKED_RUN", "error", "20260602T120000Z-linked-run-2"],
      ["LINK_OUTSIDE_RUN", "error", "latest.md"],
      ["SPECIAL_FILE_OUTSIDE_RUN", "error", "pipe"],
    ]);
  });

  it("an archive entry under no run directory is scanned and reported the same way", async () => {
    const planted = fakeSecrets(81);
    const { base, runDir, admissions } = freshRoot();
    const entries = cleanRunEntries();
    entries.push({ name: "uploaded/notes.txt", data: Buffer.from(`token=${planted.githubToken}\n`) });
    const zip = path.join(base, "artifacts.zip");
    writeFileSync(zip, buildZip(entries));
    const outputs = await auditAllFormats([zip], ["--admissions", admissions]);
    expect(outputs.exitCode).toBe(1);
    expect(rootFindings(outputs.json).map((f) => [f.code, f.file])).toEqual([
      ["FILE_OUTSIDE_RUN", "uploaded/notes.txt"],
      ["GITHUB_TOKEN", "uploaded/notes.txt"],
    ]);
    expect(leaksByFormat(outputs, planted)).toEqual({});
  });

  it("the folder given as --admissions is the registry, not evidence, wherever it lies", async () => {
    const { root, admissions } = freshRoot();
    const inside = path.join(root, "admissions");
    cpSync(admissions, inside, { recursive: true });
    const outcome = await run(["--workers", "0", "--format", "json", "--admissions", inside, root], { now: NOW });
    expect(outcome.exitCode).toBe(0);
    expect(rootFindings(JSON.parse(outcome.stdout))).toEqual([]);
  });
});
