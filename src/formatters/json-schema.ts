import { z } from "zod";
import { FINDING_CATEGORIES, SEVERITIES, VERDICTS, type AuditResult, type Masked } from "../types.js";

/** 1-based line or column, or null for a whole-file / whole-run finding. */
const position = z.number().int().min(1).nullable();

export const suppressionSchema = z.object({
  reason: z.string(),
  expires: z.string(),
});

export const findingSchema = z.object({
  category: z.enum(FINDING_CATEGORIES),
  rule: z.string().min(1),
  code: z.string().min(1),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  file: z.string().nullable(),
  line: position,
  column: position,
  preview: z.string().optional(),
  decoding: z.string().optional(),
  fingerprint: z.string().regex(/^[0-9a-f]+$/, "lowercase hex"),
  suppressed: suppressionSchema.optional(),
});

export const runResultSchema = z.object({
  id: z.string().min(1),
  path: z.string(),
  verdict: z.enum(VERDICTS),
  status: z.string().nullable(),
  findings: z.array(findingSchema),
  artifacts: z.array(z.string()).optional(),
});

export const sharedFindingsSchema = z.object({
  path: z.string(),
  findings: z.array(findingSchema),
});

const count = z.number().int().min(0);

/**
 * The `--format json` document (contract §9). Unknown fields are stripped, not rejected:
 * the contract allows later versions to add fields. `merge` validates its inputs with this.
 */
export const auditResultSchema = z.object({
  version: z.literal(1),
  tool: z.object({ name: z.literal("harness-audit"), version: z.string() }),
  summary: z.object({
    runs: count,
    passed: count,
    failed: count,
    findings: count,
    suppressed: count,
  }),
  runs: z.array(runResultSchema),
  registry: sharedFindingsSchema.optional(),
  allowlist: sharedFindingsSchema.optional(),
  roots: z.array(sharedFindingsSchema).optional(),
});

// Compile-time guard: the schema and the AuditResult type must describe the same document (a
// parsed document's texts are plain strings: `merge` puts them through the masking gate).
type Parsed = z.infer<typeof auditResultSchema>;
type Unmasked<T> = T extends Masked ? string : T extends readonly (infer U)[] ? Unmasked<U>[] : T extends object ? { [K in keyof T]: Unmasked<T[K]> } : T;
const parsedIsResult = (value: Parsed): Unmasked<AuditResult> => value;
const resultIsParsed = (value: AuditResult): Parsed => value;
void parsedIsResult;
void resultIsParsed;
