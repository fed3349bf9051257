import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { formatResult } from "../../src/formatters/index.js";
import { stripIllegalXml, xmlAttr } from "../../src/formatters/xml.js";
import type { AuditResult } from "../../src/types.js";
import { FIXTURE, ODD_FILE, ODD_PATHS_RUN, RULES } from "./fixture.js";

const formatJunit = (result: Parameters<typeof formatResult>[1], ctx: Parameters<typeof formatResult>[2]) => formatResult("junit", result, ctx);

const XSD = fileURLToPath(new URL("./schemas/junit-10.xsd", import.meta.url));
const CTX = { color: false, rules: RULES };

interface Case { "@_classname": string; "@_name": string; failure?: { "#text": string; "@_type": string } }
interface Suite { "@_name": string; "@_tests": string; "@_failures": string; testcase: Case[] }

const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "testsuite" || name === "testcase" });
function suites(xml: string): Suite[] {
  return (parser.parse(xml) as { testsuites: { testsuite: Suite[] } }).testsuites.testsuite;
}

function withMessage(message: string, file: string = "report.json"): AuditResult {
  const run = FIXTURE.runs[1]!;
  return { ...FIXTURE, runs: [{ ...run, findings: [{ ...run.findings[0]!, message, file }] }] };
}

describe("junit formatter", () => {
  const xml = formatJunit(FIXTURE, CTX);

  it("has a case for every scanned artifact, passing when the file has no finding", () => {
    const run = FIXTURE.runs[1]!;
    const clean = "backend/case.stdout.txt";
    const withArtifacts: AuditResult = { ...FIXTURE, runs: [{ ...run, artifacts: [clean, ...run.findings.flatMap((f) => (f.file ? [f.file] : []))] }] };
    const cases = suites(formatJunit(withArtifacts, CTX))[0]!.testcase.filter((c) => c["@_classname"] === "artifacts");
    const cleanCase = cases.find((c) => c["@_name"] === clean);
    expect(cleanCase).toBeDefined();
    expect(cleanCase?.failure).toBeUndefined();
    expect(cases.filter((c) => c.failure).length).toBeGreaterThan(0);
  });

  it("is well-formed XML", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it("one suite per run, then registry and allowlist; counts match the cases", () => {
    const parsed = suites(xml);
    expect(parsed.map((s) => s["@_name"])).toEqual([...FIXTURE.runs.map((r) => r.id), "registry", "allowlist"]);
    for (const suite of parsed) {
      expect(Number(suite["@_tests"])).toBe(suite.testcase.length);
      expect(Number(suite["@_failures"])).toBe(suite.testcase.filter((c) => c.failure).length);
    }
    const root = (parser.parse(xml) as { testsuites: Record<string, string> }).testsuites;
    expect(Number(root["@_tests"])).toBe(parsed.reduce((n, s) => n + s.testcase.length, 0));
    expect(Number(root["@_failures"])).toBe(parsed.reduce((n, s) => n + Number(s["@_failures"]), 0));
  });

  it("a case per rule (gates) and per artifact with findings (artifacts); suppressed findings do not fail", () => {
    const [passing, missingMarker, odd] = suites(xml);
    const gateNames = missingMarker!.testcase.filter((c) => c["@_classname"] === "gates").map((c) => c["@_name"]);
    expect(gateNames.slice(0, RULES.length)).toEqual(RULES.map((r) => r.id));
    expect(gateNames).not.toContain("registry/stale-admission");
    const failed = (suite: Suite) => suite.testcase.filter((c) => c.failure).map((c) => `${c["@_classname"]}:${c["@_name"]}`);
    expect(failed(passing!)).toEqual(["gates:schema/report", "artifacts:report.json"]);
    expect(failed(missingMarker!)).toEqual([
      "gates:gate/admission-before-start",
      "gates:gate/missing-admission-marker",
      "gates:model/non-admitted",
      "gates:@secretlint/secretlint-rule-openai",
      "artifacts:backend/case.stderr.txt",
      "artifacts:backend/provider-model-not-admitted.txt",
      "artifacts:report.md",
    ]);
    const oddCase = odd!.testcase.find((c) => c["@_name"] === ODD_FILE);
    expect(oddCase?.failure?.["@_type"]).toBe("@secretlint/secretlint-rule-aws");
  });

  it("escapes markup and drops characters XML 1.0 forbids", () => {
    expect(xml).toContain(`name="backend/logs/odd name &lt;&amp;&gt; &apos;q&apos;.log"`);
    expect(xml).not.toContain("\u0001");
    expect(xml).not.toContain("\u001b");
    expect(suites(xml)[2]!["@_name"]).toBe(ODD_PATHS_RUN);
  });

  it("stays well-formed for any message and file name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary", minLength: 1 }), (message, file) => {
        const out = formatJunit(withMessage(message, file), CTX);
        expect(XMLValidator.validate(out)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("attribute values survive a parse exactly (minus illegal characters)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const out = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: true, trimValues: false, parseAttributeValue: false })
          .parse(`<a v="${xmlAttr(text)}"/>`) as { a: { "@_v": string } };
        expect(out.a["@_v"]).toBe(stripIllegalXml(text));
      }),
      { numRuns: 200 },
    );
  });
});

const hasXmllint = spawnSync("xmllint", ["--version"]).status === 0;
describe.skipIf(!hasXmllint)("junit against the Jenkins junit-10.xsd (needs xmllint from libxml2-utils)", () => {
  it("the fixture's JUnit XML is schema-valid", () => {
    const dir = mkdtempSync(join(tmpdir(), "harness-audit-junit-"));
    try {
      const file = join(dir, "fixture.xml");
      writeFileSync(file, formatJunit(FIXTURE, CTX));
      expect(() => execFileSync("xmllint", ["--noout", "--schema", XSD, file], { stdio: "pipe" })).not.toThrow();
      // The check is real: a suite without its required `errors` attribute is rejected.
      writeFileSync(file, '<testsuites><testsuite name="x" tests="0" failures="0"/></testsuites>');
      expect(() => execFileSync("xmllint", ["--noout", "--schema", XSD, file], { stdio: "pipe" })).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
