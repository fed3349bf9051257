import { readJsonFile } from "../config/read-json-file.js";
import { AllowlistSchema, type Allowlist } from "./schema.js";

/** Reads and validates an allowlist; any problem is a usage error (exit 2), all listed at once. */
export function loadAllowlist(file: string): Promise<Allowlist> {
  return readJsonFile(file, AllowlistSchema, "allowlist");
}
