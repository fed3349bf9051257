import path from "node:path";
import { readJsonFile } from "./read-json-file.js";
import { ConfigFileSchema, type ConfigFile } from "./schema.js";

export { ConfigError } from "./config-error.js";

/** Reads and validates a config file; relative paths in it are resolved against its folder. */
export async function loadConfigFile(file: string): Promise<ConfigFile> {
  const config = await readJsonFile(file, ConfigFileSchema, "config");
  const base = path.dirname(path.resolve(file));
  return {
    ...config,
    ...(config.admissions !== undefined && { admissions: path.resolve(base, config.admissions) }),
    ...(config.allowlist !== undefined && { allowlist: path.resolve(base, config.allowlist) }),
  };
}
