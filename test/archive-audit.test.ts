import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/cli.js";
import type { AuditResult } from "../src/types.js";
import { buildZip, type ZipEntrySpec } from "./archive/build-archives.js";
import { sampleRunsCopy } from "./helpers/sample-runs-copy.js";

/** CI artifacts arrive as archives: auditing one must give what auditing the folder gives. */
const now = new Date("2026-11-21T00:00:00Z");
const base = mkdtempSync(path.join(tmpdir(), "ha-archive-"));
const { root, admissions: sampleAdmissions } = sampleRunsCopy("ha-archive-runs-");
const admissions = path.join(base, "admissions");
cpSync(sampleAdmissions, admissions, { recursive: true });

function zipOfFolder(folder: string, prefix = ""): Buffer {
  const specs: ZipEntrySpec[] = [];
  if (prefix) specs.push({ name: `${prefix}/`, type: "directory" });
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) specs.push({ name, type: "symlink", data: readlinkSync(full) });
      else if (entry.isDirectory()) {
        specs.push({ name: `${name}/`, type: "directory" });
        walk(full, name);
      } else specs.push({ name, data: readFileSync(full) });
    }
  };
  walk(folder, prefix);
  return buildZip(specs);
}

const byRun = (result: AuditResult) =>
  Object.fromEntries(
    result.runs.map((r) => [r.id, { verdict: r.verdict, findings: r.findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column} ${f.fingerprint}`) }]),
  );

async function audit(target: string): Promise<{ exitCode: number; result: AuditResult }> {
  const outcome = await run(
    ["--workers", "0", "--admissions", admissions, "--target-path", "/srv/target-repos/acme-web", "--format", "json", target],
    { now },
  );
  return { exitCode: outcome.exitCode, result: JSON.parse(outcome.stdout) as AuditResult };
}

describe("auditing archives", () => {
  it("a .tar.gz, a .tar and a .zip of a root audit exactly like the folder", async () => {
    const folder = await audit(root);
    const tgz = path.join(base, "runs.tar.gz");
    const tarFile = path.join(base, "runs.tar");
    execFileSync("tar", ["-czf", tgz, "-C", root, "--exclude", "./admissions", "."]);
    execFileSync("tar", ["-cf", tarFile, "-C", root, "--exclude", "./admissions", "."]);
    const zip = path.join(base, "runs.zip");
    writeFileSync(zip, zipOfFolder(root));
    for (const archive of [tgz, tarFile, zip]) {
      const audited = await audit(archive);
      expect(audited.exitCode, archive).toBe(folder.exitCode);
      expect(byRun(audited.result), archive).toEqual(byRun(folder.result));
      expect(audited.result.runs[0]?.path).toMatch(/runs\.(tar\.gz|tar|zip)!\/2026/);
    }
  });

  it("rejects zip-slip and absolute entries as integrity findings without reading them", async () => {
    const runName = "20260602T090000Z-clean-pass-with-baseline-1000";
    const runDir = path.join(root, runName);
    const clean = zipOfFolder(runDir, runName);
    expect((await audit(writeTo("clean.zip", clean))).exitCode).toBe(0);
    const specs: ZipEntrySpec[] = [];
    for (const file of ["report.json", "report.md", "trace.jsonl", "backend/case.stdout.txt", "backend/case.stderr.txt", "backend/case-data/config.json", "baseline/report.json", "task.json", "argv.json"]) {
      specs.push({ name: `${runName}/${file}`, data: readFileSync(path.join(runDir, file)) });
    }
    specs.push({ name: `${runName}/../../evil.sh`, data: "echo pwned" }, { name: "/etc/cron.d/evil", data: "* * * * * root true" });
    const audited = await audit(writeTo("slip.zip", buildZip(specs)));
    expect(audited.exitCode).toBe(1);
    const codes = audited.result.runs.flatMap((r) => r.findings.filter((f) => f.rule === "integrity/path-escape").map((f) => f.code)).sort();
    expect(codes).toEqual(["ABSOLUTE_PATH", "PATH_ESCAPE"]);
  });
});

function writeTo(name: string, bytes: Buffer): string {
  const file = path.join(base, name);
  writeFileSync(file, bytes);
  return file;
}
