import { promises as fs } from "node:fs";
import { z } from "zod";
import { ConfigError } from "./config-error.js";

/**
 * Reads a JSON input file of ours (config, allowlist) and validates it; any problem is a usage
 * error (exit 2) that lists every issue at once. `what` names the file kind in messages.
 */
export async function readJsonFile<T>(file: string, schema: z.ZodType<T>, what: string): Promise<T> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError(`${what} ${file} is not valid JSON`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${what} ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
