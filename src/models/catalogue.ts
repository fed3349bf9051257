/**
 * The model-ID catalogue (`rules/models/catalogue.json`): families of model-ID patterns with
 * the examples each must find and the near-misses it must not. This module validates the data
 * and compiles it; matching lives in `find-model-ids.ts`. Pure: the JSON is a module import.
 */
import { z } from "zod";
import catalogueData from "../../rules/models/catalogue.json" with { type: "json" };

const exampleSchema = z.union([
  z.string().min(1),
  z.object({ text: z.string().min(1), id: z.string().min(1) }).strict(),
]);

const familySchema = z
  .object({
    family: z.string().regex(/^[a-z0-9-]+$/),
    /** Who serves the family, as a hint for messages; not used to match. */
    provider: z.string().min(1),
    source: z.url().optional(),
    notes: z.string().optional(),
    /** Match only the lowercase spelling (short IDs like `o1` that collide with prose). Default: false. */
    caseSensitive: z.boolean().optional(),
    /**
     * Regex fragments that every ID of the family starts with (after any provider prefix),
     * without capturing groups; a fast prefilter finds these before the full patterns run.
     */
    stems: z.array(z.string().min(1)).min(1),
    /** Regex alternatives without capturing groups, matched case-insensitively. */
    patterns: z.array(z.string().min(1)).min(1),
    examples: z.array(exampleSchema).min(1),
    nearMisses: z.array(z.string().min(1)).min(1),
  })
  .strict();

const catalogueSchema = z
  .object({
    version: z.literal(1),
    description: z.string().optional(),
    families: z.array(familySchema).min(1),
  })
  .strict();

export type CatalogueData = z.infer<typeof catalogueSchema>;

/** One example: the text to search and the model ID that must be reported for it. */
export interface CatalogueExample {
  text: string;
  id: string;
}

/** A family of model IDs, compiled and checked. */
export interface ModelFamily {
  family: string;
  provider: string;
  caseSensitive: boolean;
  /** The alternatives joined into one regex source, wrapped in a non-capturing group. */
  source: string;
  /** The stems joined into one regex source, wrapped in a non-capturing group. */
  stemSource: string;
  examples: CatalogueExample[];
  nearMisses: string[];
}

/** The catalogue data is malformed (a bug in `rules/models/catalogue.json`, caught by its test). */
export class CatalogueError extends Error {
  override name = "CatalogueError";
}

/** Validates catalogue data and compiles each family. Throws `CatalogueError` on bad data. */
export function compileCatalogue(data: unknown): ModelFamily[] {
  const parsed = catalogueSchema.safeParse(data);
  if (!parsed.success) throw new CatalogueError(`model catalogue: ${z.prettifyError(parsed.error)}`);
  const seen = new Set<string>();
  return parsed.data.families.map((entry) => {
    if (seen.has(entry.family)) throw new CatalogueError(`model catalogue: family ${entry.family} appears twice`);
    seen.add(entry.family);
    const source = `(?:${entry.patterns.join("|")})`;
    const stemSource = `(?:${entry.stems.join("|")})`;
    // find-model-ids.ts tells families apart by group number, so a family must add none.
    if (capturingGroups(entry.family, source) + capturingGroups(entry.family, stemSource) !== 0) {
      throw new CatalogueError(`model catalogue: family ${entry.family} has capturing groups`);
    }
    return {
      family: entry.family,
      provider: entry.provider,
      caseSensitive: entry.caseSensitive ?? false,
      source,
      stemSource,
      examples: entry.examples.map((e) => (typeof e === "string" ? { text: e, id: e } : e)),
      nearMisses: entry.nearMisses,
    };
  });
}

function capturingGroups(family: string, source: string): number {
  try {
    return (new RegExp(`${source}|`, "i").exec("")?.length ?? 1) - 1;
  } catch (error) {
    throw new CatalogueError(`model catalogue: family ${family}: ${(error as Error).message}`);
  }
}

/** The families of `rules/models/catalogue.json`, compiled once. */
export const MODEL_FAMILIES: readonly ModelFamily[] = compileCatalogue(catalogueData);
