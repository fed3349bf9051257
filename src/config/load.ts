import { promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ConfigFileSchema, type ConfigFile } from "./schema.js";

/** The config file could not be used: a usage error, exit 2. */
export class ConfigError extends Error {}

/** Reads and validates a config file; relative paths in it are resolved against its folder. */
export async function loadConfigFile(file: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError(`config ${file} is not valid JSON`);
  }
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`config ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  const base = path.dirname(path.resolve(file));
  const config = parsed.data;
  return {
    ...config,
    ...(config.admissions !== undefined && { admissions: path.resolve(base, config.admissions) }),
    ...(config.allowlist !== undefined && { allowlist: path.resolve(base, config.allowlist) }),
  };
}
