/**
 * Every regular expression of ours, in rules/ and src/, is proven safe from catastrophic
 * backtracking (ReDoS) by recheck (makenowjust-labs.github.io/recheck): evidence is written by
 * whatever an agent ran, so a hostile line must cost time in proportion to its length. The
 * preset's regexes are checked too and reported, not failed on: they are not ours to change.
 *
 * Regexes are found statically in the TypeScript sources (with the oxc parser that rolldown,
 * vitest's bundler, ships: TypeScript 7 has no JavaScript compiler API): literals, and `RegExp()`
 * calls whose source evaluates from literals and module constants. A `RegExp()` built from run-time
 * values must sit in a file of BUILT_AT_RUN_TIME, whose regexes are collected where they are built.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { check, type Diagnostics } from "recheck";
import { parseAst } from "rolldown/parseAst";
import { describe, expect, it } from "vitest";
import { harnessAuditRules } from "../rules/secrets/index.js";
import { rulePatterns, ruleKeywords } from "../rules/secrets/lib/define-rule.js";
import type { Keyword } from "../rules/secrets/lib/keyword.js";
import { MODEL_FAMILIES } from "../src/models/catalogue.js";
import { buildModelIdRegex } from "../src/models/find-model-ids.js";
import { PRESET_RULE_KEYWORDS } from "../src/secrets/preset-keywords.js";

interface Found {
  where: string;
  source: string;
  flags: string;
}

/** Files whose `RegExp()` calls build sources at run time, and where those regexes are collected. */
const BUILT_AT_RUN_TIME: Record<string, () => Found[]> = {
  "rules/secrets/provider-keys.ts": rulePatternRegexes,
  "rules/secrets/user-password-flag.ts": rulePatternRegexes,
  // Copies of the rules' patterns (sticky, without indices) and of keyword confirmations (sticky):
  // the unanchored originals, checked here, are the harder case.
  "rules/secrets/lib/define-rule.ts": rulePatternRegexes,
  "rules/secrets/lib/keyword-matcher.ts": keywordRegexes,
  "rules/secrets/lib/keyword.ts": keywordRegexes,
  "src/models/catalogue.ts": modelRegexes,
  // A keyword's `through` text, escaped: one literal searched for.
  "src/secrets/prefilter.ts": throughRegexes,
  "src/models/find-model-ids.ts": modelRegexes,
};


function rulePatternRegexes(): Found[] {
  return harnessAuditRules.flatMap((rule) =>
    (rulePatterns(rule.meta.id) ?? []).map((pattern) => ({ where: `${rule.meta.id} ${pattern.code}`, source: pattern.pattern.source, flags: pattern.pattern.flags })),
  );
}

function keywordRegexes(): Found[] {
  const confirmations = (owner: string, keywords: readonly Keyword[]) =>
    keywords.flatMap((keyword) => (typeof keyword !== "string" && keyword.confirm ? [{ where: `${owner} keyword ${keyword.text}`, source: keyword.confirm.source, flags: keyword.confirm.flags }] : []));
  return [
    ...harnessAuditRules.flatMap((rule) => [
      ...confirmations(rule.meta.id, ruleKeywords(rule.meta.id) ?? []),
      ...(rulePatterns(rule.meta.id) ?? []).flatMap((pattern) => confirmations(`${rule.meta.id} ${pattern.code}`, pattern.keywords ?? [])),
    ]),
    ...Object.entries(PRESET_RULE_KEYWORDS).flatMap(([rule, keywords]) => confirmations(rule, keywords)),
  ];
}

function throughRegexes(): Found[] {
  const all = [...harnessAuditRules.flatMap((rule) => ruleKeywords(rule.meta.id) ?? []), ...Object.values(PRESET_RULE_KEYWORDS).flat()];
  return all.flatMap((keyword) =>
    typeof keyword !== "string" && keyword.through
      ? [{ where: `keyword ${keyword.text} through`, source: keyword.through.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), flags: "gi" }]
      : [],
  );
}

function modelRegexes(): Found[] {
  const combined = buildModelIdRegex(MODEL_FAMILIES);
  return [
    { where: "model catalogue, combined", source: combined.source, flags: combined.flags },
    ...MODEL_FAMILIES.flatMap((family) => [
      { where: `model family ${family.family}`, source: family.source, flags: family.caseSensitive ? "g" : "gi" },
      { where: `model family ${family.family} stems`, source: family.stemSource, flags: "gi" },
    ]),
  ];
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? typeScriptFiles(file) : file.endsWith(".ts") ? [file] : [];
    })
    .sort();
}

// The parts of oxc's ESTree-shaped AST this reads.
interface AstNode {
  type: string;
  start: number;
  [key: string]: unknown;
}

const isNode = (value: unknown): value is AstNode => typeof value === "object" && value !== null && typeof (value as AstNode).type === "string";

function children(node: AstNode): AstNode[] {
  return Object.entries(node).flatMap(([key, value]) => (key === "parent" ? [] : Array.isArray(value) ? value.filter(isNode) : isNode(value) ? [value] : []));
}

/**
 * The string a source expression evaluates to, from literals, template literals (`String.raw`
 * too), `+`, module constants and a regex constant's `.source`; undefined when it needs run time.
 */
function evaluate(node: unknown, constants: Map<string, AstNode>, seen = new Set<string>()): string | undefined {
  if (!isNode(node)) return undefined;
  switch (node.type) {
    case "Literal":
      if (typeof node["value"] === "string") return node["value"] as string;
      return undefined;
    case "TemplateLiteral":
    case "TaggedTemplateExpression": {
      const raw = node.type === "TaggedTemplateExpression";
      if (raw && !isStringRaw(node["tag"])) return undefined;
      const template = (raw ? node["quasi"] : node) as { quasis: Array<{ value: { raw: string; cooked: string } }>; expressions: unknown[] };
      let text = "";
      for (const [index, quasi] of template.quasis.entries()) {
        text += raw ? quasi.value.raw : quasi.value.cooked;
        if (index < template.expressions.length) {
          const part = evaluate(template.expressions[index], constants, seen);
          if (part === undefined) return undefined;
          text += part;
        }
      }
      return text;
    }
    case "BinaryExpression": {
      if (node["operator"] !== "+") return undefined;
      const left = evaluate(node["left"], constants, seen);
      const right = evaluate(node["right"], constants, seen);
      return left === undefined || right === undefined ? undefined : left + right;
    }
    case "Identifier": {
      const name = node["name"] as string;
      const init = constants.get(name);
      if (!init || seen.has(name)) return undefined;
      return evaluate(init, constants, new Set([...seen, name]));
    }
    case "MemberExpression": {
      const object = node["object"];
      const property = node["property"] as AstNode | undefined;
      if (!isNode(object) || object.type !== "Identifier" || property?.["name"] !== "source") return undefined;
      const init = constants.get(object["name"] as string);
      const regex = init?.["regex"] as { pattern: string } | undefined;
      return regex?.pattern;
    }
    default:
      return undefined;
  }
}

function isStringRaw(tag: unknown): boolean {
  return isNode(tag) && tag.type === "MemberExpression" && (tag["object"] as AstNode)["name"] === "String" && (tag["property"] as AstNode)["name"] === "raw";
}

/** Regexes written in a file, and the lines of `RegExp()` calls that only run time can build. */
function regexesIn(file: string): { found: Found[]; builtAtRunTime: number[] } {
  const text = readFileSync(file, "utf8");
  const ast = parseAst(text, { lang: "ts" }) as unknown as AstNode;
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length;
  const constants = new Map<string, AstNode>();
  const nodes: AstNode[] = [];
  const stack: AstNode[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop() as AstNode;
    nodes.push(node);
    if (node.type === "VariableDeclarator" && isNode(node["id"]) && node["id"].type === "Identifier" && isNode(node["init"])) constants.set(node["id"]["name"] as string, node["init"]);
    stack.push(...children(node));
  }
  const found: Found[] = [];
  const builtAtRunTime: number[] = [];
  for (const node of nodes) {
    const regex = node["regex"] as { pattern: string; flags: string } | undefined;
    if (node.type === "Literal" && regex) found.push({ where: `${file}:${lineOf(node.start)}`, source: regex.pattern, flags: regex.flags });
    const callee = node["callee"];
    if ((node.type === "NewExpression" || node.type === "CallExpression") && isNode(callee) && callee.type === "Identifier" && callee["name"] === "RegExp") {
      const args = node["arguments"] as unknown[];
      const source = evaluate(args[0], constants);
      const flags = args.length > 1 ? evaluate(args[1], constants) : "";
      if (source === undefined || flags === undefined) builtAtRunTime.push(lineOf(node.start));
      else found.push({ where: `${file}:${lineOf(node.start)}`, source, flags });
    }
  }
  return { found, builtAtRunTime };
}

// recheck's automaton checker decides from the regex's structure alone: exact, with no randomness (its
// fuzz checker's verdicts vary with the machine's load, which a test must not). It cannot read
// lookarounds and back-references, and a check past its time limit gives up: those regexes are
// reported as not proven, never failed on, so a busy machine can only prove less, never fail more.
const recheckParams = { checker: "automaton" as const, timeout: 10_000 };

/** recheck's verdict; `d` (indices) and `g`/`y` do not change how a regex matches at a position. */
async function verdict(found: Found): Promise<Diagnostics> {
  return check(found.source, found.flags.replace(/[dgy]/g, ""), recheckParams);
}

const unsupported = (result: Diagnostics) => result.status === "unknown" && (result.error.kind === "unsupported" || result.error.kind === "timeout");

function describeDiagnostics(found: Found, result: Diagnostics): string {
  const detail = result.status === "vulnerable" ? `${result.complexity.summary}; attack ${result.attack.pattern}` : result.status === "unknown" ? `unknown: ${result.error.kind}` : result.status;
  return `${found.where}: /${found.source.length > 160 ? `${found.source.slice(0, 160)}…` : found.source}/${found.flags} — ${detail}`;
}

describe("regular expressions", () => {
  it("of ours, in rules/ and src/, are proven safe from catastrophic backtracking", async () => {
    const files = [...typeScriptFiles("rules"), ...typeScriptFiles("src")];
    const found: Found[] = [];
    const unlisted: string[] = [];
    const runTimeCollectors = new Set<() => Found[]>();
    for (const file of files) {
      const inFile = regexesIn(file);
      found.push(...inFile.found);
      if (inFile.builtAtRunTime.length === 0) continue;
      const collector = BUILT_AT_RUN_TIME[file];
      if (collector) runTimeCollectors.add(collector);
      else unlisted.push(`${file}:${inFile.builtAtRunTime.join(",")}`);
    }
    for (const collect of runTimeCollectors) found.push(...collect());
    expect(unlisted, "RegExp() built at run time in a file BUILT_AT_RUN_TIME does not list").toEqual([]);
    expect(found.length).toBeGreaterThan(200);

    const unsafe: string[] = [];
    const unproven: string[] = [];
    const checked = new Map<string, Diagnostics>();
    for (const regex of found) {
      const key = `${regex.source}\u0000${regex.flags.replace(/[dgy]/g, "")}`;
      let result = checked.get(key);
      if (!result) {
        result = await verdict(regex);
        checked.set(key, result);
      }
      if (result.status === "safe") continue;
      if (unsupported(result)) {
        unproven.push(describeDiagnostics(regex, result));
        continue;
      }
      unsafe.push(describeDiagnostics(regex, result));
    }
    console.info(`${checked.size} distinct regexes of ours checked; ${unproven.length} with lookarounds, back-references or a size the automaton cannot judge:\n${unproven.join("\n")}`);
    expect(unsafe).toEqual([]);
  }, 300_000);

  it("of the recommended preset are checked and reported", async () => {
    const file = path.resolve("node_modules/@secretlint/secretlint-rule-preset-recommend/module/index.js");
    const text = readFileSync(file, "utf8");
    const ast = parseAst(text, { lang: "js" }) as unknown as AstNode;
    const regexes: Found[] = [];
    const stack: AstNode[] = [ast];
    while (stack.length > 0) {
      const node = stack.pop() as AstNode;
      const regex = node["regex"] as { pattern: string; flags: string } | undefined;
      if (node.type === "Literal" && regex) regexes.push({ where: `preset:${text.slice(0, node.start).split("\n").length}`, source: regex.pattern, flags: regex.flags });
      stack.push(...children(node));
    }
    const report: string[] = [];
    for (const regex of regexes) {
      const result = await verdict(regex);
      if (result.status !== "safe" && !unsupported(result)) report.push(describeDiagnostics(regex, result));
    }
    console.info(`preset: ${regexes.length} regexes, ${report.length} proven vulnerable:\n${report.join("\n")}`);
    expect(regexes.length).toBeGreaterThan(50);
  }, 300_000);
});
