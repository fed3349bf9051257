import { posix } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatResult } from "../../src/formatters/index.js";
import { printable } from "../../src/formatters/terminal.js";
import type { AuditResult, Finding } from "../../src/types.js";
import { FIXTURE, MISSING_MARKER_RUN, ODD_FILE, ODD_PATHS_RUN, PASSING_RUN, RULES } from "./fixture.js";

const CTX = { color: false, rules: RULES };

interface Command {
  name: string;
  properties: Record<string, string>;
  message: string;
}

/**
 * Reads a workflow command back as the Actions runner does (its ActionCommand parser): the name,
 * `key=value` pairs split at `,` and at the first `=`, the data after `::`, then the escapes undone.
 */
function parseCommand(line: string): Command | null {
  const match = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) return null;
  const unescapeData = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
  const unescapeProperty = (s: string) => unescapeData(s.replace(/%3A/g, ":").replace(/%2C/g, ","));
  const properties: Record<string, string> = {};
  for (const pair of (match[2] ?? "").split(",").filter(Boolean)) {
    const eq = pair.indexOf("=");
    properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
  }
  return { name: match[1]!, properties, message: unescapeData(match[3]!) };
}

/** What the annotation shows of a text: line breaks as line breaks, other controls as `\xNN`. */
const shown = (text: string) => text.split(/([\r\n])/).map((part) => (part === "\r" || part === "\n" ? part : printable(part))).join("");

function commands(output: string): Command[] {
  return output.split("\n").map(parseCommand).filter((c): c is Command => c !== null);
}

/** The fixture's OpenAI key finding (line 12, column 5, a masked preview), changed as a test needs. */
const finding = (over: Partial<Finding> = {}): Finding => ({ ...FIXTURE.runs[1]!.findings[3]!, ...over });

function oneRun(path: string, findings: Finding[]): AuditResult {
  return {
    version: 1,
    tool: { name: "harness-audit", version: "0.1.0" },
    summary: { runs: 1, passed: 0, failed: 1, findings: findings.length, suppressed: 0 },
    runs: [{ id: MISSING_MARKER_RUN, path, verdict: "fail", status: "fail", findings }],
  };
}

describe("github formatter", () => {
  const output = formatResult("github", FIXTURE, CTX);
  const parsed = commands(output);

  it("is one command per finding, runs then registry then allowlist, and a plain summary line last", () => {
    const all = [...FIXTURE.runs.flatMap((r) => r.findings), ...FIXTURE.registry!.findings, ...FIXTURE.allowlist!.findings];
    expect(parsed).toHaveLength(all.length);
    expect(parsed.map((c) => c.properties.title?.replace(/ \(suppressed\)$/, ""))).toEqual(all.map((f) => f.rule));
    const lines = output.trimEnd().split("\n");
    expect(lines).toHaveLength(all.length + 1);
    expect(lines.at(-1)).toBe("3 runs: 1 passed, 2 failed · 11 findings (1 suppressed)");
  });

  it("errors are ::error, warnings ::warning, and a suppressed finding a ::notice that says why", () => {
    const all = [...FIXTURE.runs.flatMap((r) => r.findings), ...FIXTURE.registry!.findings, ...FIXTURE.allowlist!.findings];
    expect(parsed.map((c) => c.name)).toEqual(all.map((f) => (f.suppressed ? "notice" : f.severity)));
    const notice = parsed.find((c) => c.name === "notice")!;
    expect(notice.properties.title).toBe("@secretlint/secretlint-rule-github (suppressed)");
    expect(notice.message).toContain("suppressed until 2026-12-31: revoked test token, see ticket OPS-12");
  });

  it("points at the file relative to the working directory, with line and column when known", () => {
    expect(parsed[0]!.properties).toEqual({
      file: `harness-runs/${PASSING_RUN}/report.json`,
      line: "14",
      col: "3",
      title: "schema/report",
    });
    const wholeRun = parsed.find((c) => c.properties.title === "gate/admission-before-start")!;
    expect(wholeRun.properties).toEqual({ file: `harness-runs/${MISSING_MARKER_RUN}`, title: "gate/admission-before-start" });
    const odd = parsed.find((c) => c.properties.title === "@secretlint/secretlint-rule-aws")!;
    expect(odd.properties.file).toBe(`harness-runs/nightly <&> "2"/${ODD_PATHS_RUN}/${ODD_FILE}`);
    const lineOnly = parsed.find((c) => c.properties.file?.endsWith("trace.jsonl"))!;
    expect(lineOnly.properties).toMatchObject({ line: "1" });
    expect(lineOnly.properties.col).toBeUndefined();
  });

  it("registry findings point at their record, allowlist findings at the allowlist", () => {
    const registry = parsed.filter((c) => c.properties.title === "registry/stale-admission");
    expect(registry.map((c) => c.properties.file)).toEqual([
      "sample-runs/admissions/CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json",
      "sample-runs/admissions/CTO-CASE-MODEL-PROVIDER-ADMISSION.qwen-local-qwen3.6-35b-a3b.json",
    ]);
    expect(registry[0]!.properties).toMatchObject({ line: "9", col: "3" });
    expect(parsed.at(-1)!.properties).toEqual({ file: ".harness-audit-allowlist.json", title: "allowlist/expired-entry" });
  });

  it("a finding under no run directory points at its file under the audited root", () => {
    const result: AuditResult = { ...oneRun("harness-runs/r", []), roots: [{ path: "harness-runs", findings: [finding({ file: "notes/stray.log", line: 2, column: 7 })] }] };
    const [stray] = commands(formatResult("github", result, CTX));
    expect(stray!.properties).toEqual({ file: "harness-runs/notes/stray.log", line: "2", col: "7", title: "@secretlint/secretlint-rule-openai" });
  });

  it("the message carries the masked preview, never more", () => {
    const secret = parsed.find((c) => c.properties.title === "@secretlint/secretlint-rule-openai")!;
    expect(secret.message).toBe("OpenAI API key (sk-p…(56 chars))");
  });

  it("a finding inside an archive points at the archive, with the inner location in the message", () => {
    const result = oneRun(`artifacts/runs.zip!/harness-runs/${MISSING_MARKER_RUN}`, [finding(), finding({ file: null, line: null, column: null, message: "whole run" })]);
    const [inner, whole] = commands(formatResult("github", result, CTX));
    expect(inner!.properties).toEqual({ file: "artifacts/runs.zip", title: "@secretlint/secretlint-rule-openai" });
    expect(inner!.message).toBe(`harness-runs/${MISSING_MARKER_RUN}/backend/case.stderr.txt:12:5: OpenAI API key (sk-p…(56 chars))`);
    expect(whole!.message).toBe(`harness-runs/${MISSING_MARKER_RUN}: whole run (sk-p…(56 chars))`);
  });

  it("a run that is an archive's root points at the archive too; a folder named like an archive is a folder", () => {
    const [root, whole] = commands(formatResult("github", oneRun("artifacts/run.tar.gz", [finding(), finding({ file: null, line: null, column: null, message: "whole run" })]), CTX));
    expect(root!.properties.file).toBe("artifacts/run.tar.gz");
    expect(root!.message).toBe("backend/case.stderr.txt:12:5: OpenAI API key (sk-p…(56 chars))");
    expect(whole!.message).toBe("(run): whole run (sk-p…(56 chars))");
    const [folder] = commands(formatResult("github", oneRun("runs.zip.d/r!/x", [finding()]), CTX));
    expect(folder!.properties).toMatchObject({ file: "runs.zip.d/r!/x/backend/case.stderr.txt", line: "12", col: "5" });
  });

  it("a run given as '.' or with ./ in its path gives a normalised file", () => {
    const [here] = commands(formatResult("github", oneRun(".", [finding()]), CTX));
    expect(here!.properties.file).toBe("backend/case.stderr.txt");
    const [dotted] = commands(formatResult("github", oneRun("./runs//r/", [finding()]), CTX));
    expect(dotted!.properties.file).toBe("runs/r/backend/case.stderr.txt");
  });

  it("escapes %, CR and LF in data and also : and , in properties, so any text reads back as itself", () => {
    const text = fc.string({ unit: "binary", maxLength: 30 });
    fc.assert(
      fc.property(text, text, text, (file, rule, message) => {
        const out = formatResult("github", oneRun("runs/r", [finding({ file: `x${file}`, rule, message, preview: undefined })]), CTX);
        const lines = out.split("\n");
        // One command line and the summary: no text can start a line of its own.
        expect(lines).toHaveLength(3);
        const [command] = commands(out);
        expect(command).toBeDefined();
        expect(command!.properties.file).toBe(shown(posix.normalize(`runs/r/x${file}`)));
        expect(command!.properties.title).toBe(shown(rule));
        expect(command!.message).toBe(shown(message));
        expect(Object.keys(command!.properties)).toEqual(["file", "line", "col", "title"]);
      }),
      { numRuns: 300 },
    );
  });

  it("the exact escapes of each special character", () => {
    const [command] = formatResult("github", oneRun("r", [finding({ file: "a:b,c%d.log", rule: "x,y:z", message: "50% done\r\nnext: a, b", preview: undefined })]), CTX).split("\n");
    expect(command).toBe("::error file=r/a%3Ab%2Cc%25d.log,line=12,col=5,title=x%2Cy%3Az::50%25 done%0D%0Anext: a, b");
  });

  it("terminal control characters are shown, not sent to the log", () => {
    const [command] = commands(formatResult("github", oneRun("r", [finding({ message: "\u001b[2Jgone\u0007", preview: undefined })]), CTX));
    expect(command!.message).toBe("\\x1b[2Jgone\\x07");
  });
});
