import type { Formatter } from "./context.js";

/** Contract §9: the AuditResult itself, two-space indented, one trailing newline. */
export const formatJson: Formatter = (result) => JSON.stringify(result, null, 2) + "\n";
