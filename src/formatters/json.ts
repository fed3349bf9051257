import type { RunResult } from "../types.js";
import type { Formatter } from "./context.js";
import { spliceList } from "./json-splice.js";

/**
 * Contract §9: the AuditResult itself, two-space indented, one trailing newline — byte for byte
 * `JSON.stringify(result, null, 2)`, written one run at a time.
 */
export const formatJson: Formatter = function* (result) {
  const skeleton = {
    version: result.version,
    tool: result.tool,
    summary: result.summary,
    runs: [] as RunResult[],
    registry: result.registry,
    allowlist: result.allowlist,
    roots: result.roots,
  };
  yield* spliceList(skeleton, (list) => (skeleton.runs = list as RunResult[]), result.runs);
  yield "\n";
};
