import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { sampleRunsCopy } from "../helpers/sample-runs-copy.js";

/**
 * action.yml's audit step, run as GitHub would run it: its `run:` script in bash, with the
 * GITHUB_* files pointing at temporary files and the inputs in the step's env variables.
 */
const repo = path.resolve(import.meta.dirname, "..", "..");
const bin = path.join(repo, "dist", "src", "cli", "bin.js");

interface Step {
  id?: string;
  name?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = yaml.load(readFileSync(path.join(repo, "action.yml"), "utf8")) as Action;
const auditStep = action.runs.steps.find((step) => step.id === "audit");

const INPUT_OF_ENV: Record<string, string> = {
  HA_PATHS: "path",
  HA_ADMISSIONS: "admissions",
  HA_FORMAT: "format",
  HA_OUTPUT: "output",
  HA_ALLOWLIST: "allowlist",
  HA_FAIL_ON: "fail-on",
  HA_ANNOTATIONS: "annotations",
};

interface StepOutcome {
  code: number;
  stdout: string;
  stderr: string;
  output: string;
  summary: string;
  temp: string[];
}

/** Runs the step's script with these inputs (defaults as action.yml gives them) in `cwd`. */
async function runStep(cwd: string, inputs: Record<string, string>): Promise<StepOutcome> {
  const files = mkdtempSync(path.join(tmpdir(), "ha-action-"));
  const runnerTemp = path.join(files, "runner-temp");
  const outputFile = path.join(files, "output");
  const summaryFile = path.join(files, "summary");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  await promisify(execFile)("mkdir", [runnerTemp]);
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", CI: "true" };
  for (const [variable, input] of Object.entries(INPUT_OF_ENV)) env[variable] = inputs[input] ?? action.inputs[input]?.default ?? "";
  Object.assign(env, { GITHUB_ACTION_PATH: repo, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, RUNNER_TEMP: runnerTemp });
  const outcome = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile("bash", ["-c", auditStep!.run!], { cwd, env, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: number }).code ?? -1) : 0;
      resolve({ code: typeof code === "number" ? code : -1, stdout, stderr });
    });
  });
  return { ...outcome, output: readFileSync(outputFile, "utf8"), summary: readFileSync(summaryFile, "utf8"), temp: readdirSync(runnerTemp) };
}

/** The CLI itself, in the same folder, for the bytes the step should reproduce. */
async function cli(cwd: string, args: string[]): Promise<string> {
  try {
    return (await promisify(execFile)(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: "true" }, maxBuffer: 1 << 26 })).stdout;
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

describe("action.yml", () => {
  it("is a composite action whose audit step takes every input through its env", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs).sort()).toEqual(["admissions", "allowlist", "annotations", "fail-on", "format", "output", "path"]);
    expect(auditStep?.shell).toBe("bash");
    for (const [variable, input] of Object.entries(INPUT_OF_ENV)) {
      expect(auditStep?.env?.[variable]).toMatch(new RegExp(`^\\$\\{\\{ inputs(\\.${input}|\\['${input}'\\]) \\}\\}$`));
    }
    for (const key of ["runs", "failed", "findings"]) expect(action.outputs[key]?.value).toBe(`\${{ steps.audit.outputs.${key} }}`);
  });

  describe.skipIf(!existsSync(bin))(`the audit step's script${existsSync(bin) ? "" : " (skipped: run npm run build first)"}`, { timeout: 240_000 }, () => {
    const cwd = path.dirname(sampleRunsCopy("ha-action-runs-").base);
    const runs = "sample-runs/harness-runs";
    const admissions = "sample-runs/admissions";

    it("writes the report, annotations in the log, the markdown summary and the counts, and exits 1 like the audit", async () => {
      const step = await runStep(cwd, { path: runs, admissions, format: "sarif", output: "report.sarif" });
      const args = ["--admissions", admissions];
      const json = JSON.parse(await cli(cwd, [...args, "--format", "json", runs])) as { summary: { runs: number; failed: number; findings: number } };
      expect(step.code).toBe(1);
      expect(readFileSync(path.join(cwd, "report.sarif"), "utf8")).toBe(await cli(cwd, [...args, "--format", "sarif", runs]));
      expect(step.stdout).toBe(await cli(cwd, [...args, "--format", "github", runs]));
      expect(step.stdout).toMatch(/^::error file=[^\n]*title=/m);
      expect(step.summary).toBe(await cli(cwd, [...args, "--format", "markdown", runs]));
      expect(step.output).toBe(`runs=${json.summary.runs}\nfailed=${json.summary.failed}\nfindings=${json.summary.findings}\n`);
      expect(json.summary.failed).toBeGreaterThan(0);
      expect(step.temp).toEqual([]);
    });

    it("exits 0 for a passing run, and with annotations off and no output file prints only the report", async () => {
      const passing = path.join(runs, "20260602T090000Z-clean-pass-with-baseline-1000");
      const step = await runStep(cwd, { path: passing, admissions, format: "text", output: "", annotations: "false" });
      expect(step.code).toBe(0);
      expect(step.stdout).toBe(await cli(cwd, ["--admissions", admissions, passing]));
      expect(step.stdout).not.toContain("::");
      expect(step.output).toBe("runs=1\nfailed=0\nfindings=0\n");
      expect(step.summary).toMatch(/^## harness-audit: 0 of 1 run failed/);
    });

    it("passes exit 2 through when the audit cannot be carried out, and says so in the summary", async () => {
      const step = await runStep(cwd, { path: "no-such-folder", admissions });
      expect(step.code).toBe(2);
      expect(step.stderr).toMatch(/no-such-folder/);
      expect(step.summary).toMatch(/could not carry out the audit \(exit 2\)/);
      expect(step.output).toBe("");
      expect(step.temp).toEqual([]);
    });

    it("passes the allowlist and --fail-on through: a stale entry is a warning that fails only with fail-on warning", async () => {
      const passing = path.join(runs, "20260602T090000Z-clean-pass-with-baseline-1000");
      const allowlist = path.join(cwd, "allowlist.json");
      const entry = { fingerprint: "0123456789abcdef", rule: "harness-audit/generic-assignment", runs: "*", reason: "matches nothing", expires: "2099-01-01" };
      writeFileSync(allowlist, JSON.stringify({ version: 1, entries: [entry] }));
      const inputs = { path: passing, admissions, allowlist: "allowlist.json", output: "", format: "json" };
      const lenient = await runStep(cwd, { ...inputs, "fail-on": "error" });
      const strict = await runStep(cwd, { ...inputs, "fail-on": "warning" });
      expect(lenient.code).toBe(0);
      expect(strict.code).toBe(1);
      for (const step of [lenient, strict]) {
        expect(step.stdout).toMatch(/^::warning file=allowlist\.json,title=allowlist\//m);
        expect(step.output).toBe("runs=1\nfailed=0\nfindings=1\n");
      }
    });
  });
});
