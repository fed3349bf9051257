import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import { FINGERPRINT_KEY } from "../../src/formatters/sarif.js";
import { formatResult } from "../../src/formatters/index.js";
import { encodePath, sarifUri } from "../../src/formatters/sarif-uri.js";
import type { FormatContext } from "../../src/formatters/context.js";
import type { AuditResult } from "../../src/types.js";
import { FIXTURE, MISSING_MARKER_RUN, ODD_FILE, ODD_PATHS_RUN, RULES } from "./fixture.js";

const formatSarif = (result: Parameters<typeof formatResult>[1], ctx: Parameters<typeof formatResult>[2]) => formatResult("sarif", result, ctx);

const SCHEMA_PATH = fileURLToPath(new URL("./schemas/sarif-schema-2.1.0.json", import.meta.url));
const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Record<string, unknown>;
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(schema);

const CTX: FormatContext = { color: false, rules: RULES, root: "harness-runs" };
const render = (result: AuditResult = FIXTURE, ctx = CTX) => formatSarif(result, ctx);
const parse = (text: string) => JSON.parse(text) as Log;

describe("sarif formatter", () => {
  it("the vendored schema is the SARIF 2.1.0 schema, in draft 2020-12", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(String(schema.title)).toContain("SARIF");
    expect(String(schema.title)).toContain("2.1.0");
  });

  it("validates against the SARIF 2.1.0 schema", () => {
    const valid = validateSarif(parse(render()));
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the validator really rejects broken logs", () => {
    const log = parse(render()) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    log.runs[0]!.results[0]!.level = "fatal";
    expect(validateSarif(log)).toBe(false);
  });

  it("has one driver rule per descriptor, then rules seen only in findings, ids unique", () => {
    const rules = parse(render()).runs[0]!.tool.driver.rules!;
    const ids = rules.map((r) => r.id);
    expect(ids.slice(0, RULES.length)).toEqual(RULES.map((r) => r.id));
    expect(ids.slice(RULES.length)).toEqual([
      "@secretlint/secretlint-rule-aws",
      "allowlist/expired-entry",
      "integrity/missing-artifact",
      "registry/stale-admission",
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rules[5]!.helpUri).toBe(RULES[5]!.helpUri);
  });

  it("each result's ruleIndex points at its rule; levels and fingerprints carried over", () => {
    const log = parse(render());
    const run = log.runs[0]!;
    const findings = [...FIXTURE.runs.flatMap((r) => r.findings), ...FIXTURE.registry!.findings, ...FIXTURE.allowlist!.findings];
    expect(run.results).toHaveLength(findings.length);
    run.results!.forEach((result, i) => {
      expect(run.tool.driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
      expect(result.ruleId).toBe(findings[i]!.rule);
      expect(result.level).toBe(findings[i]!.severity);
      expect(result.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: findings[i]!.fingerprint });
    });
  });

  it("locations: file URIs relative to the root, run directory for whole-run findings, regions when known", () => {
    const results = parse(render()).runs[0]!.results!;
    const loc = (i: number) => results[i]!.locations![0]!.physicalLocation!;
    // Whole-run finding of the missing-marker run.
    expect(loc(2).artifactLocation).toEqual({ uri: `${MISSING_MARKER_RUN}/`, uriBaseId: "%SRCROOT%" });
    expect(loc(2).region).toBeUndefined();
    // Whole-file finding: no region.
    expect(loc(3).region).toBeUndefined();
    expect(loc(5).region).toEqual({ startLine: 12, startColumn: 5 });
    // Line without column.
    expect(loc(8).region).toEqual({ startLine: 1 });
    // Spaces and <&>" percent-encoded, separators kept.
    expect(loc(7).artifactLocation!.uri).toBe(`nightly%20%3C%26%3E%20%222%22/${ODD_PATHS_RUN}/${encodePath(ODD_FILE)}`);
    expect(decodeURIComponent(loc(7).artifactLocation!.uri!)).toBe(`nightly <&> "2"/${ODD_PATHS_RUN}/${ODD_FILE}`);
    // Registry finding points into the registry folder; allowlist finding at the allowlist.
    expect(loc(9).artifactLocation!.uri).toBe("../sample-runs/admissions/CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json");
    expect(loc(11).artifactLocation!.uri).toBe("../.harness-audit-allowlist.json");
  });

  it("suppressed findings carry an external suppression with the reason", () => {
    const results = parse(render()).runs[0]!.results!;
    expect(results[1]!.suppressions).toEqual([
      { kind: "external", justification: "revoked test token, see ticket OPS-12", properties: { expires: "2026-12-31" } },
    ]);
    expect(results.filter((r) => r.suppressions)).toHaveLength(1);
  });

  it("without a root, paths stay relative to the working directory", () => {
    const results = parse(render(FIXTURE, { color: false, rules: [] })).runs[0]!.results!;
    expect(results[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      `harness-runs/${FIXTURE.runs[0]!.id}/report.json`,
    );
  });

  it("any file name gives a valid uri-reference that decodes back to the path", () => {
    const segment = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes("/") && s !== "." && s !== "..");
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (segments) => {
        const file = segments.join("/");
        const result: AuditResult = {
          ...FIXTURE,
          registry: undefined,
          allowlist: undefined,
          runs: [{ ...FIXTURE.runs[0]!, findings: [{ ...FIXTURE.runs[0]!.findings[0]!, file }] }],
        };
        const log = parse(render(result));
        expect(validateSarif(log)).toBe(true);
        const uri = log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri!;
        expect(decodeURIComponent(uri)).toBe(`${FIXTURE.runs[0]!.id}/${file}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe("sarifUri", () => {
  it.each([
    ["runs/a/f.txt", "runs", false, { uri: "a/f.txt", uriBaseId: "%SRCROOT%" }],
    ["runs/a", "runs", true, { uri: "a/", uriBaseId: "%SRCROOT%" }],
    ["runs/a", undefined, true, { uri: "runs/a/", uriBaseId: "%SRCROOT%" }],
    ["/srv/runs/a/f", "/srv/runs", false, { uri: "a/f", uriBaseId: "%SRCROOT%" }],
    ["/srv/runs/a b/f", "runs", false, { uri: "file:///srv/runs/a%20b/f" }],
    ["runs/a/f", "/abs/cwd", false, { uri: "runs/a/f", uriBaseId: "%SRCROOT%" }],
    ["runs", "runs", true, { uri: "./", uriBaseId: "%SRCROOT%" }],
    ["runs/a:b/f", undefined, false, { uri: "runs/a%3Ab/f", uriBaseId: "%SRCROOT%" }],
  ] as const)("%s against root %s", (path, root, directory, expected) => {
    expect(sarifUri(path, root, directory)).toEqual(expected);
  });
});

// The official SARIF multitool is a self-contained .NET binary from @microsoft/sarif-multitool-linux.
// It is not a project dependency (108 MB); point SARIF_MULTITOOL at its `Sarif.Multitool` to run this.
const multitool = process.env.SARIF_MULTITOOL;
describe.skipIf(!multitool)("official SARIF multitool (set SARIF_MULTITOOL to its binary to run)", () => {
  it("validates the fixture's SARIF without errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "harness-audit-sarif-"));
    try {
      writeFileSync(join(dir, "fixture.sarif"), render());
      execFileSync(multitool!, ["validate", join(dir, "fixture.sarif"), "--output", join(dir, "out.sarif")], { stdio: "pipe" });
      const results = parse(readFileSync(join(dir, "out.sarif"), "utf8")).runs[0]!.results ?? [];
      // The multitool reports nothing at all about a file it could not load (and, in 5.7.0, no
      // JSON-schema violations even with -j), so "no errors" alone proves nothing: its
      // best-practice notes on our whole-file findings (SARIF2017, no region) show it read ours.
      expect(results.some((r) => r.ruleId === "SARIF2017")).toBe(true);
      expect(results.filter((r) => r.level === "error").map((r) => r.ruleId)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
