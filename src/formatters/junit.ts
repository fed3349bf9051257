import type { Finding, RunResult } from "../types.js";
import type { Formatter, RuleDescriptor } from "./context.js";
import { allRules, compareStrings, counts, locationOf, sharedGroups } from "./finding-groups.js";
import { xmlAttrs, xmlText } from "./xml.js";

interface TestCase {
  classname: string;
  name: string;
  findings: Finding[];
}

function findingLine(finding: Finding, wholeLabel: string): string {
  const preview = finding.preview === undefined ? "" : ` (${finding.preview})`;
  return `${locationOf(finding, wholeLabel)}  ${finding.severity}  ${finding.rule}  ${finding.code}  ${finding.message}${preview}`;
}

function suppressedLine(finding: Finding, wholeLabel: string): string {
  return `${findingLine(finding, wholeLabel)}  [suppressed: ${finding.suppressed?.reason ?? ""}]`;
}

/** A test case fails when at least one finding counts; suppressed ones are only listed in system-out. */
function renderCase(test: TestCase, wholeLabel: string): string {
  const attrs = xmlAttrs([["classname", test.classname], ["name", test.name]]);
  const failing = test.findings.filter(counts);
  const hidden = test.findings.filter((f) => !counts(f));
  if (failing.length === 0 && hidden.length === 0) return `    <testcase${attrs}/>`;
  const parts: string[] = [`    <testcase${attrs}>`];
  if (failing.length > 0) {
    const rules = [...new Set(failing.map((f) => f.rule))].join(", ");
    const message = failing.length === 1 ? failing[0]!.message : `${failing.length} findings`;
    const body = failing.map((f) => findingLine(f, wholeLabel)).join("\n");
    parts.push(`      <failure${xmlAttrs([["message", message], ["type", rules]])}>${xmlText(body)}</failure>`);
  }
  if (hidden.length > 0) {
    parts.push(`      <system-out>${xmlText(hidden.map((f) => suppressedLine(f, wholeLabel)).join("\n"))}</system-out>`);
  }
  parts.push("    </testcase>");
  return parts.join("\n");
}

function isFailing(test: TestCase): boolean {
  return test.findings.some(counts);
}

function renderSuite(name: string, tests: readonly TestCase[], properties: ReadonlyArray<readonly [string, string]>, wholeLabel: string): string {
  const failures = tests.filter(isFailing).length;
  const head = `  <testsuite${xmlAttrs([["name", name], ["tests", tests.length], ["failures", failures], ["errors", 0], ["skipped", 0]])}>`;
  const props = properties.map(([key, value]) => `      <property${xmlAttrs([["name", key], ["value", value]])}/>`);
  return [head, "    <properties>", ...props, "    </properties>", ...tests.map((t) => renderCase(t, wholeLabel)), "  </testsuite>"].join("\n");
}

/** One case per rule (classname `gates`), then one per scanned artifact and per other file with findings (classname `artifacts`). */
function runCases(run: RunResult, rules: readonly RuleDescriptor[]): TestCase[] {
  const byRule = rules.map((rule): TestCase => ({
    classname: "gates",
    name: rule.id,
    findings: run.findings.filter((f) => f.rule === rule.id),
  }));
  const files = [...new Set([...(run.artifacts ?? []), ...run.findings.flatMap((f) => (f.file === null ? [] : [f.file]))])].sort(compareStrings);
  const byFile = files.map((file): TestCase => ({
    classname: "artifacts",
    name: file,
    findings: run.findings.filter((f) => f.file === file),
  }));
  return [...byRule, ...byFile];
}

/**
 * JUnit XML (Ant/Surefire dialect, as read by Jenkins, GitLab and most CI): one suite per run.
 * A finding fails both the case of its rule and, when it names a file, the case of that
 * artifact — the two views a reader asks for ("which check?", "which file?"). Registry and
 * allowlist findings get their own suites. Characters illegal in XML 1.0 are dropped.
 */
export const formatJunit: Formatter = function* (result, ctx) {
  // Every run suite lists the same cases, so CI can follow one case from sweep to sweep.
  const rules = allRules(runFindings(result.runs), ctx.rules);

  function* suites(): Generator<{ tests: TestCase[]; render: () => string }> {
    for (const run of result.runs) {
      const tests = runCases(run, rules);
      const properties: [string, string][] = [
        ["path", run.path],
        ["verdict", run.verdict],
        ["status", run.status ?? ""],
      ];
      yield { tests, render: () => renderSuite(run.id, tests, properties, "(run)") };
    }
    for (const group of sharedGroups(result)) {
      const ruleIds = [...new Set(group.findings.map((f) => f.rule))].sort(compareStrings);
      const tests: TestCase[] =
        ruleIds.length === 0
          ? [{ classname: group.kind, name: group.path, findings: [] }]
          : ruleIds.map((id) => ({ classname: group.kind, name: id, findings: group.findings.filter((f) => f.rule === id) }));
      const properties: [string, string][] = [["path", group.path]];
      yield { tests, render: () => renderSuite(group.kind, tests, properties, `(${group.kind})`) };
    }
  }

  // The root element carries the totals: one pass to count them, one to write the suites.
  let tests = 0;
  let failures = 0;
  for (const suite of suites()) {
    tests += suite.tests.length;
    failures += suite.tests.filter(isFailing).length;
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites${xmlAttrs([["name", result.tool.name], ["tests", tests], ["failures", failures], ["errors", 0]])}>\n`;
  for (const suite of suites()) yield `${suite.render()}\n`;
  yield "</testsuites>\n";
};

function* runFindings(runs: Iterable<RunResult>): Generator<Finding> {
  for (const run of runs) yield* run.findings;
}
