import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { TOOL_VERSION } from "../src/version.js";
import { sampleRunsCopy } from "./helpers/sample-runs-copy.js";

/**
 * The package as a user gets it: `npm pack` (whose prepack builds dist/ afresh), then
 * `npm install -g` of the tarball into an empty prefix, then the installed command run from a
 * folder outside the repository with nothing of the repository on its PATH.
 *
 * The pack runs in a copy of the package's sources, so the repository's own dist/ (which other
 * tests run) is never removed or rebuilt underneath them.
 */
const repo = path.resolve(import.meta.dirname, "..");
const repoBin = path.join(repo, "dist", "src", "cli", "bin.js");
/** What the package is built from; anything else the build needs makes this test fail. */
const SOURCES = ["package.json", "package-lock.json", "tsconfig.json", "README.md", "LICENSE", "src", "rules"];
/** npm's codes for "the registry could not be asked": the install then cannot be tried here. */
const OFFLINE_CODES = /\b(ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|ENETUNREACH|EHOSTUNREACH|E5\d\d)\b/;

interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Exec> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      if (error && typeof (error as { code?: unknown }).code !== "number") return reject(error);
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function npmAvailable(): Promise<boolean> {
  try {
    return (await exec("npm", ["--version"], { cwd: repo })).code === 0;
  } catch {
    return false;
  }
}

interface PackedFile {
  path: string;
}

describe("the npm package", { timeout: 600_000 }, () => {
  it("packs only what runs, installs globally into an empty prefix, and audits sample-runs like the repository's build", async (ctx) => {
    if (!(await npmAvailable())) ctx.skip("skipped: npm is not on the PATH, so the package cannot be packed");
    const work = mkdtempSync(path.join(tmpdir(), "ha-package-"));
    const sources = path.join(work, "package");
    mkdirSync(sources);
    for (const entry of SOURCES) cpSync(path.join(repo, entry), path.join(sources, entry), { recursive: true });
    symlinkSync(path.join(repo, "node_modules"), path.join(sources, "node_modules"), "dir");

    const pack = await exec("npm", ["pack", "--json", "--pack-destination", work], { cwd: sources });
    expect(pack.stderr + pack.stdout).not.toMatch(/npm error/);
    expect(pack.code).toBe(0);
    const [packed] = JSON.parse(pack.stdout) as Array<{ filename: string; files: PackedFile[] }>;
    const files = packed!.files.map((f) => f.path).sort();

    // Only what runs: compiled sources and rules, their types, the rule data, README, LICENSE.
    for (const file of files) expect(file, file).toMatch(/^(package\.json|README\.md|LICENSE|dist\/(src|rules)\/.+\.(js|d\.ts|json))$/);
    expect(files.filter((f) => /\.map$|(^|\/)(test|bench|scripts|sample-runs)\//.test(f))).toEqual([]);
    // The files loaded by path at run time, not by import: the bin, its audit thread, the scan
    // worker (without it scanning would quietly stay on one thread) and the model catalogue.
    for (const file of ["dist/src/cli/bin.js", "dist/src/cli/audit-thread.js", "dist/src/pipeline/scan-worker.js", "dist/rules/models/catalogue.json", "LICENSE"]) {
      expect(files).toContain(file);
    }
    const manifest = JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(files).toContain(manifest.bin["harness-audit"]);

    // Dependencies come from npm's cache; the registry is asked only for what the cache lacks
    // (package metadata: `npm ci` caches only the tarballs it installs).
    const prefix = path.join(work, "prefix");
    const tarball = path.join(work, packed!.filename);
    // One quick retry: npm's default back-off keeps an unreachable registry busy for minutes.
    const retries = ["--fetch-retries=1", "--fetch-retry-mintimeout=1000", "--fetch-retry-maxtimeout=5000"];
    const install = (mode: string) => exec("npm", ["install", "-g", "--prefix", prefix, mode, ...retries, "--no-audit", "--no-fund", tarball], { cwd: work });
    let installed = await install("--offline");
    if (installed.code !== 0 && /ENOTCACHED/.test(installed.stderr)) installed = await install("--prefer-offline");
    if (installed.code !== 0 && OFFLINE_CODES.test(installed.stderr)) {
      ctx.skip(`skipped: npm install -g needs package metadata that is not in the npm cache, and the registry cannot be reached (${OFFLINE_CODES.exec(installed.stderr)?.[1]})`);
    }
    expect(installed.stderr).not.toMatch(/npm error/);
    expect(installed.code).toBe(0);

    // The installed command, from a folder outside the repository, with only node on its PATH.
    const command = path.join(prefix, "bin", "harness-audit");
    const env = { PATH: [path.join(prefix, "bin"), path.dirname(process.execPath)].join(path.delimiter), HOME: work, CI: "true" };
    const elsewhere = mkdtempSync(path.join(tmpdir(), "ha-installed-cwd-"));
    const version = await exec(command, ["--version"], { cwd: elsewhere, env });
    expect(version).toEqual({ code: 0, stdout: `${TOOL_VERSION}\n`, stderr: "" });

    const cwd = path.dirname(sampleRunsCopy("ha-installed-runs-").base);
    const args = ["--admissions", "sample-runs/admissions", "--target-path", "/srv/target-repos/acme-web", "--workers", "2", "--format", "json", "sample-runs/harness-runs"];
    const audited = await exec(command, args, { cwd, env });
    expect(audited.stderr).toBe("");
    expect(audited.code).toBe(1);
    const result = JSON.parse(audited.stdout) as { summary: { runs: number; failed: number } };
    expect(result.summary.runs).toBe(27);
    expect(result.summary.failed).toBeGreaterThan(0);
    if (existsSync(repoBin)) expect(audited.stdout).toBe((await exec(process.execPath, [repoBin, ...args], { cwd, env })).stdout);

    const swept = await exec(command, ["sweep", "--no-cache", ...args], { cwd, env });
    expect(swept.code).toBe(1);
    expect(JSON.parse(swept.stdout)).toEqual(result);
  });
});
