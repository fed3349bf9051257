import { z } from "zod";
import { DEFAULT_ARTIFACTS } from "./defaults.js";

const artifactKeys = Object.keys(DEFAULT_ARTIFACTS) as [keyof typeof DEFAULT_ARTIFACTS, ...(keyof typeof DEFAULT_ARTIFACTS)[]];

/** The config file (`--config <file>`, JSON). Paths inside are relative to the file. */
export const ConfigFileSchema = z
  .object({
    /** Folder of admission and decision records. Default: none, so nothing is admitted. */
    admissions: z.string().min(1).optional(),
    /** Target-repository paths that no artifact may contain (gate 12). */
    targetPaths: z.array(z.string().min(1)).optional(),
    /** Artifact locations inside a run directory (contract §3, v1 choices). */
    artifacts: z.partialRecord(z.enum(artifactKeys), z.string().min(1)).optional(),
    /** Largest file scanned, in bytes; larger files are integrity findings. Default: 1 GiB. */
    maxFileBytes: z.number().int().positive().optional(),
    /** Most bytes read out of one archive, inflated, over every pass; the rest is a finding. Default: 100 × its size, ≥ 1 GiB. */
    maxArchiveBytes: z.number().int().positive().optional(),
    /** Allowlist file of known false positives (by fingerprint). */
    allowlist: z.string().min(1).optional(),
    /** Lowest severity that fails the audit. Default: error. */
    failOn: z.enum(["error", "warning"]).optional(),
    models: z
      .object({
        /**
         * A run that blocked before Case started may name the model it refused in its own
         * evidence (v1 choice). Default: true.
         */
        allowRefusedModelInBlockedRun: z.boolean().optional(),
        /** Model IDs allowed in every run besides the admitted one (e.g. the fake baseline's). */
        alwaysAllowed: z.array(z.string().min(1)).optional(),
        /** Findings per file and non-admitted model ID; past it one finding counts the rest. Default: 100. */
        maxFindingsPerFile: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof ConfigFileSchema>;
