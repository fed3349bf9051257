import type { EvidenceSource, ListedFile, RejectedEntry, SourceEntry, SourceListing } from "./source.js";

/**
 * A view of one folder inside a source (one run inside a root or an archive). The parent's
 * listing is taken once and shared, since archives can only list by reading themselves.
 */
export function subSource(
  parent: EvidenceSource,
  listing: SourceListing,
  prefix: string,
  /** Rejected entries this run answers for. Default: those whose raw name starts with the prefix. */
  rejectedHere?: RejectedEntry[],
): EvidenceSource {
  const lead = prefix === "" ? "" : `${prefix}/`;
  const entries = listing.entries
    .filter((entry) => entry.path.startsWith(lead) && entry.path !== prefix)
    .map((entry) => ({ ...entry, path: entry.path.slice(lead.length) }));
  const rejected = rejectedHere ?? listing.rejected.filter((entry) => rejectedBelongsTo(entry, prefix));
  // The metadata of this folder's entries; the archive's own (path null) is its root's.
  const metadata = (listing.metadata ?? [])
    .filter((item) => item.path !== null && (prefix === "" || item.path === prefix || item.path.startsWith(lead)))
    .map((item) => ({ path: item.path === prefix ? "" : (item.path as string).slice(lead.length), text: item.text }));
  return {
    label: prefix === "" ? parent.label : `${parent.label}${parent.isArchive ? "!/" : "/"}${prefix}`,
    isArchive: parent.isArchive,
    async list() {
      return { entries, rejected, metadata };
    },
    read(path: string, listed?: ListedFile) {
      return parent.read(lead + path, listed);
    },
    ...(parent.readOrder && {
      readOrder: async () => (await parent.readOrder!()).filter((p) => p.startsWith(lead)).map((p) => p.slice(lead.length)),
    }),
    ...(parent.localPath && { localPath: (path: string) => parent.localPath!(lead + path) }),
    async close() {},
  };
}

/** Whether a rejected entry's raw name lies under a run's prefix (textually: it has no safe path). */
export function rejectedBelongsTo(entry: RejectedEntry, prefix: string): boolean {
  if (prefix === "") return true;
  const name = entry.rawName.replace(/^(\.\/)+/, "");
  return name === prefix || name.startsWith(`${prefix}/`);
}
