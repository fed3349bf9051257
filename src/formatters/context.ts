import type { AuditView, FindingCategory, RunResult } from "../types.js";

/** What a formatter knows about one rule or gate, beyond the findings themselves. */
export interface RuleDescriptor {
  /** Rule or gate id, e.g. `gate/admission-before-start`. */
  id: string;
  category: FindingCategory;
  /** One sentence saying what the rule checks. */
  description: string;
  /** Where to read more about the rule. */
  helpUri?: string;
}

/** Everything a formatter may use besides the result. Formatters never read the environment. */
export interface FormatContext {
  /** Emit ANSI colour (text format only). The bin decides from TTY, NO_COLOR and FORCE_COLOR. */
  color: boolean;
  /** Every gate and secret rule that ran, in registry order (SARIF rules, JUnit test cases). */
  rules: readonly RuleDescriptor[];
  /** The scanned harness-runs root as a display path; SARIF URIs are made relative to it. */
  root?: string;
  /** The previous sweep's verdicts (markdown: "newly failing" section). An `AuditResult` will do. */
  previous?: { runs: Iterable<Pick<RunResult, "id" | "verdict">> };
}

/**
 * A formatter is a pure function of the result: same input, byte-identical output. It yields the
 * output in pieces, reading the runs as it goes (more than once where a format needs totals
 * before its body), so that a sweep of any size is written without holding it in memory.
 */
export type Formatter = (result: AuditView, ctx: FormatContext) => Iterable<string>;
