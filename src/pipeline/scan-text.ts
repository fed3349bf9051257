/**
 * Secret scanning of small texts held in memory that are not evidence files: names (of files,
 * folders, runs, archive entries, registry records) and the records of the registry.
 */
import type { SecretScanner } from "../secrets/index.js";
import type { SourceMetadata } from "../evidence/source.js";
import type { FindingDraft } from "../types.js";
import { scanFile, secretOccurrences, type SecretOccurrence } from "./scan-file.js";

async function* singleChunk(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

/** The distinct secrets of a text, each with its first place (1-based line and column). */
export async function secretsInText(scanner: SecretScanner, text: string, file: string): Promise<SecretOccurrence[]> {
  return [...secretOccurrences((await scanFile(singleChunk(text), scanner, { file, keepText: false, trace: false, targetPaths: [] })).secrets)];
}

/** A secret finding from a scanned occurrence; `where` follows the rule's label. */
export function secretFinding(secret: SecretOccurrence, where: string, file: string | null, line: number | null, column: number | null): FindingDraft {
  return {
    category: "secret",
    rule: secret.rule,
    code: secret.code,
    severity: "error",
    message: `${secret.message} ${where}`,
    file,
    line,
    column,
    preview: secret.preview,
    fingerprintKey: secret.valueHash,
  };
}

/**
 * Names are evidence too (issue 11): a token can be a file's or a folder's name as well as its
 * content. Scans every name at once, one a line (a line break inside a name is read as a blank,
 * so that line numbers stay names), and reports each distinct secret once, on the first name
 * that holds it, as a finding on that path.
 */
export async function nameSecretFindings(scanner: SecretScanner, names: readonly string[], where: string): Promise<FindingDraft[]> {
  if (names.length === 0) return [];
  const text = names.map((name) => name.replace(/[\r\n\u2028\u2029]/g, " ")).join("\n");
  const found = await secretsInText(scanner, text, "names");
  return found.map((secret) => secretFinding(secret, where, names[secret.line - 1] ?? null, null, null));
}

/**
 * Archive metadata is evidence too (issue 11): a PAX record or a zip comment can carry a token
 * no entry shows. Each text is scanned; a secret there is a finding on the entry it describes
 * (`""`, the run folder itself, and null, the archive as a whole, are whole-run findings).
 */
export async function metadataSecretFindings(scanner: SecretScanner, metadata: readonly SourceMetadata[]): Promise<FindingDraft[]> {
  const findings: FindingDraft[] = [];
  for (const item of metadata) {
    const file = item.path === null || item.path === "" ? null : item.path;
    for (const secret of await secretsInText(scanner, item.text, "archive-metadata")) {
      findings.push(secretFinding(secret, "in the archive's metadata (a PAX record or a zip comment)", file, null, null));
    }
  }
  return findings;
}
