/** A config or allowlist file could not be used: a usage error, exit 2. */
export class ConfigError extends Error {}
