import { z } from "zod";

/**
 * The allowlist file (`--allowlist <file>`): known false positives, by fingerprint — never by
 * the secret itself, and never by line, so an entry survives lines moving and cannot hide a
 * different secret on the same line.
 */
export const AllowlistEntrySchema = z
  .object({
    /** The finding's fingerprint (hash of rule, file path and, for secrets, the value). */
    fingerprint: z.string().regex(/^[0-9a-f]{16,64}$/, "a hex fingerprint from harness-audit's output"),
    /** The rule that reported it; must match too. */
    rule: z.string().min(1),
    /** A run id, or a glob of run ids (`20260601T*-r1-string-slugify-*`). */
    runs: z.string().min(1),
    /** Why this is not a leak. `TODO` (as written by --write-allowlist) suppresses nothing. */
    reason: z.string().min(1),
    /** Last day the entry holds, `YYYY-MM-DD`; after it the entry suppresses nothing. */
    expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD"),
  })
  .strict();

export const AllowlistSchema = z
  .object({
    version: z.literal(1),
    entries: z.array(AllowlistEntrySchema),
  })
  .strict();

export type Allowlist = z.infer<typeof AllowlistSchema>;
export type AllowlistEntry = z.infer<typeof AllowlistEntrySchema>;

/** The reason --write-allowlist leaves for a person to fill in. */
export const UNREVIEWED_REASON = "TODO";
