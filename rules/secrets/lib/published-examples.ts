import { createHash } from "node:crypto";

/**
 * Credentials that their vendors or projects publish as examples, in documentation, SDK tests or
 * public configuration: they authenticate nothing (or are public by design), so finding one is no
 * leak. Kept as the first 16 hex digits of their SHA-256, so that the values themselves sit in no
 * file of ours. Compared to the whole secret a rule reports.
 */
const PUBLISHED_EXAMPLE_DIGESTS = new Set([
  // AWS's documented access key pair (docs.aws.amazon.com, "Managing access keys"): AKIA…EXAMPLE and its secret
  "1a5d44a2dca19669", "78314b11be2e5815",
  // Firebase SDK test keys (github.com/firebase/firebase-js-sdk and firebase-android-sdk), as gitleaks' gcp.go allow-lists them
  "f56e323494a6ffc2", "2037abcaffb2b777", "3f370c9dd8225c63", "e4a5542bb7fd7b67", "a19f89ab3555eac1", "0b476bdf9acf2123",
  "eb540d2b6ee2a0a4", "37f8f09bdf12c2f2", "8731261cb72d8626", "49f777db995e8260", "27a9a42931dff7eb", "dc0fcf046c61640c",
  "4c98242dcadc8b29", "ea9bb1082cf95663", "3a8b61d0f636b007", "a6c814bc555ae62c",
  // jwt.io's example token (HS256, signed with the documented key "your-256-bit-secret")
  "7f75367e78812551",
  // Yarn's public Algolia search key (yarnpkg/berry#6201; gitleaks generic.go stop word)
  "2f21fd9c81678e39",
]);

const MAX_EXAMPLE_LENGTH = 512;

/** The digest a published example is kept by: the first 16 hex digits of its SHA-256. */
export function exampleDigest(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 16);
}

/**
 * True when `value` is one of the published example credentials above (or of `digests`). The
 * values themselves are tested where they are published: the corpus test reads gitleaks' samples
 * from ../shared, and no copy of them is kept here.
 */
export function isPublishedExample(value: string, digests: ReadonlySet<string> = PUBLISHED_EXAMPLE_DIGESTS): boolean {
  if (value.length > MAX_EXAMPLE_LENGTH) return false;
  return digests.has(exampleDigest(value));
}
