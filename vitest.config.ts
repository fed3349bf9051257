import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "rules/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // Sweeps in tests authenticate their state with a key of their own, never the user's.
    env: { HARNESS_AUDIT_STATE_KEY_FILE: path.join(tmpdir(), "harness-audit-tests", "state-key") },
  },
});
