import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/cli.js";
import { auditResultSchema } from "../src/formatters/json-schema.js";
import { sampleRunsCopy } from "./helpers/sample-runs-copy.js";

const copy = sampleRunsCopy("ha-cli-");
const samples = copy.root;
const admissions = copy.admissions;
const now = new Date("2026-11-21T00:00:00Z");
const expectedVerdicts = new Map(
  readdirSync(path.join(copy.base, "expected")).map((f) => [
    f.replace(/\.json$/, ""),
    (JSON.parse(readFileSync(path.join(copy.base, "expected", f), "utf8")) as { verdict: string }).verdict,
  ]),
);
const passingRun = [...expectedVerdicts].find(([, v]) => v === "pass")![0];
const failingRun = [...expectedVerdicts].find(([, v]) => v === "fail")![0];
const cli = (...args: string[]) => run(["--workers", "0", ...args], { now });

describe("exit status (contract §9)", () => {
  it("is 0 for a run that passes and 1 for a run that fails", async () => {
    expect((await cli("--admissions", admissions, path.join(samples, passingRun))).exitCode).toBe(0);
    expect((await cli("--admissions", admissions, path.join(samples, failingRun))).exitCode).toBe(1);
  });

  it("is 2, never 0, when the audit cannot be carried out", async () => {
    const bad = mkdtempSync(path.join(tmpdir(), "ha-cli-"));
    const invalidConfig = path.join(bad, "config.json");
    writeFileSync(invalidConfig, JSON.stringify({ maxFileBytes: -1, unknownKey: true }));
    const cases: string[][] = [
      ["--no-such-option", samples],
      [],
      [path.join(bad, "does-not-exist")],
      ["--admissions", path.join(bad, "no-registry"), samples],
      ["--config", invalidConfig, samples],
      ["--format", "yaml", samples],
      ["--fail-on", "info", samples],
      [bad], // a folder with no run in it
    ];
    for (const args of cases) {
      const outcome = await cli(...args);
      expect(outcome.exitCode, args.join(" ")).toBe(2);
      expect(outcome.stderr).toMatch(/^harness-audit: /);
    }
  });

  it("names every problem of an invalid config at once", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ha-cli-"));
    const config = path.join(dir, "c.json");
    writeFileSync(config, JSON.stringify({ maxFileBytes: "big", failOn: "sometimes" }));
    const outcome = await cli("--config", config, samples);
    expect(outcome.stderr).toContain("maxFileBytes");
    expect(outcome.stderr).toContain("failOn");
  });

  it("prints help and version with exit 0", async () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(await run(["--version"])).toEqual({ exitCode: 0, stdout: `${pkg.version}\n`, stderr: "" });
    const help = await run(["--help"]);
    expect(help.exitCode).toBe(0);
    for (const option of ["--admissions", "--target-path", "--config", "--format", "--output", "sweep", "merge", "admissions"]) {
      expect(help.stdout).toContain(option);
    }
  });
});

describe("output", () => {
  it("--format json is the §9 document", async () => {
    const outcome = await cli("--admissions", admissions, "--target-path", "/srv/target-repos/acme-web", "--format", "json", samples);
    const parsed = auditResultSchema.parse(JSON.parse(outcome.stdout));
    expect(parsed.summary.runs).toBe(expectedVerdicts.size);
    expect(parsed.summary.failed).toBe([...expectedVerdicts.values()].filter((v) => v === "fail").length);
  });

  it("--output writes the report to a file and keeps the exit status", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ha-cli-"));
    const out = path.join(dir, "result.json");
    const outcome = await cli("--admissions", admissions, "--format", "json", "--output", out, path.join(samples, failingRun));
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stdout).toBe("");
    expect(auditResultSchema.parse(JSON.parse(readFileSync(out, "utf8"))).runs[0]?.verdict).toBe("fail");
  });

  it("refuses to write its report into the evidence it audits", async () => {
    const target = path.join(samples, passingRun, "audit.json");
    const outcome = await cli("--output", target, path.join(samples, passingRun));
    expect(outcome.exitCode).toBe(2);
    expect(existsSync(target)).toBe(false);
  });
});

describe("read-only", () => {
  it("leaves every byte and timestamp of the audited evidence as it was", async () => {
    const snapshot = () => {
      const hash = createHash("sha256");
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
          const full = path.join(dir, entry.name);
          const stat = statSync(full, { throwIfNoEntry: false });
          hash.update(`${full}\0${stat?.mtimeMs ?? "link"}\0${stat?.size ?? ""}\n`);
          if (entry.isDirectory()) walk(full);
          else if (entry.isFile()) hash.update(readFileSync(full));
        }
      };
      walk(samples);
      return hash.digest("hex");
    };
    const before = snapshot();
    await cli("--admissions", admissions, "--format", "json", samples);
    expect(snapshot()).toBe(before);
  });
});

describe("harness-audit admissions", () => {
  it("passes the bundled registry, fails invalid records, and exits 2 on a missing path", async () => {
    expect((await run(["admissions", admissions], { now })).exitCode).toBe(0);
    const invalid = await run(["admissions", "--format", "json", path.resolve("test/fixtures/registry/invalid")], { now });
    expect(invalid.exitCode).toBe(1);
    expect(auditResultSchema.parse(JSON.parse(invalid.stdout)).registry?.findings.length).toBeGreaterThan(0);
    expect((await run(["admissions", path.join(admissions, "no-such-record.json")], { now })).exitCode).toBe(2);
  });
});

describe("--fail-on", () => {
  it("a stale admission is a warning: exit 0 by default, 1 with --fail-on warning", async () => {
    const registry = mkdtempSync(path.join(tmpdir(), "ha-stale-"));
    for (const file of readdirSync(admissions)) {
      const record = JSON.parse(readFileSync(path.join(admissions, file), "utf8")) as Record<string, unknown>;
      if ("review_trigger" in record && !("decision_status" in record)) record.review_trigger = "review by 2026-09-01";
      writeFileSync(path.join(registry, file), JSON.stringify(record, null, 2));
    }
    const codexRun = [...expectedVerdicts].find(([id, v]) => v === "pass" && id.includes("codex"))![0];
    const args = ["--admissions", registry, path.join(samples, codexRun)];
    expect((await cli(...args)).exitCode).toBe(0);
    expect((await cli("--fail-on", "warning", ...args)).exitCode).toBe(1);
  });
});
