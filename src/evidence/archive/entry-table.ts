/**
 * Pure: turn the entries an archive stores (in archive order) into what `list()` returns.
 * Names are checked and normalised, duplicates and entries hidden under a non-directory are
 * refused, missing parent directories are synthesised, and the result is sorted by path.
 */
import type { EntryType, RejectedEntry, SourceEntry, SourceMetadata } from "../source.js";
import { ArchiveError } from "./archive-error.js";
import { decodeEntryName, normalizeEntryName, printableName } from "./entry-name.js";

/** One entry as the archive stores it, with whatever the format needs to read it later. */
export interface StoredEntry<Handle> {
  /**
   * The stored name: bytes (checked to be UTF-8), or text a parser already decoded lossily,
   * in which case a U+FFFD marks bytes that were not UTF-8.
   */
  name: Uint8Array | string;
  type: EntryType;
  /** Bytes, for files. */
  size: number;
  handle: Handle;
  /** The format stores a second, different name for this entry (zip Unicode Path field). */
  ambiguousName?: boolean;
  /** The format found this entry unsafe to read (see RejectedEntry's reasons): rejected, never listed. */
  rejectAs?: RejectedEntry["reason"];
  /** Text the format stores beside the entry (PAX records, a zip comment); empty or absent when none. */
  metadata?: string;
}

export interface EntryTable<Handle> {
  entries: SourceEntry[];
  rejected: RejectedEntry[];
  /** Every listed entry by path, with its handle (none for a synthesised directory). */
  stored: Map<string, { type: EntryType; handle?: Handle }>;
  /** Entries' metadata: on its entry's path when listed, on the archive (null) when refused. */
  metadata: SourceMetadata[];
}

interface Accepted<Handle> {
  path: string;
  stored: StoredEntry<Handle>;
}

/**
 * Duplicates: the later entry wins (as `tar -x` and `unzip -o` leave it on disk) and the
 * earlier one is rejected as `invalid-name`, so the audit fails closed on an archive whose
 * content depends on which extractor reads it. Two directory entries for one path are
 * harmless and merged silently.
 *
 * An entry below a symlink (`link -> /etc`, then `link/passwd`) would be written through the
 * link on extraction: rejected as `path-escape`. An entry below a file or other non-directory
 * cannot be extracted at all: rejected as `invalid-name`.
 *
 * Throws `TOO_MANY_ENTRIES` when listed plus rejected entries exceed `maxEntries`.
 */
export function buildEntryTable<Handle>(stored: Iterable<StoredEntry<Handle>>, maxEntries: number, alsoRejected: readonly RejectedEntry[] = []): EntryTable<Handle> {
  const rejected: RejectedEntry[] = [...alsoRejected];
  const metadata: SourceMetadata[] = [];
  const byPath = new Map<string, Accepted<Handle>>();
  const guard = () => {
    if (byPath.size + rejected.length > maxEntries) {
      throw new ArchiveError("TOO_MANY_ENTRIES", `archive holds more than ${maxEntries} entries`);
    }
  };

  for (const entry of stored) {
    const text = typeof entry.name === "string" ? (entry.name.includes("\ufffd") ? null : entry.name) : decodeEntryName(entry.name);
    const verdict =
      text === null || entry.ambiguousName ? ({ ok: false, reason: "invalid-name" } as const) : normalizeEntryName(text);
    if (entry.rejectAs) {
      rejected.push({ rawName: printableName(entry.name), reason: entry.rejectAs });
    } else if (!verdict.ok) {
      rejected.push({ rawName: printableName(entry.name), reason: verdict.reason });
    } else if (verdict.path === "") {
      // `./` names the root itself; anything but a directory there has no valid name.
      if (entry.type !== "directory") rejected.push({ rawName: printableName(entry.name), reason: "invalid-name" });
    } else {
      const earlier = byPath.get(verdict.path);
      if (earlier && !(earlier.stored.type === "directory" && entry.type === "directory")) {
        rejected.push({ rawName: printableName(earlier.stored.name), reason: "invalid-name" });
      }
      byPath.set(verdict.path, { path: verdict.path, stored: entry });
    }
    guard();
    if (entry.metadata) {
      const listedHere = verdict.ok && byPath.get(verdict.path)?.stored === entry;
      metadata.push({ path: listedHere && verdict.ok ? verdict.path : null, text: entry.metadata });
    }
  }

  const entries: SourceEntry[] = [];
  const handles = new Map<string, { type: EntryType; handle?: Handle }>();
  const synthesised = new Set<string>();
  for (const { path, stored: entry } of byPath.values()) {
    const blocker = nonDirectoryAncestor(path, byPath);
    if (blocker) {
      for (const item of metadata) if (item.path === path) item.path = null;
      rejected.push({ rawName: printableName(entry.name), reason: blocker.stored.type === "symlink" ? "path-escape" : "invalid-name" });
      guard();
      continue;
    }
    entries.push({ path, type: entry.type, size: entry.type === "file" ? entry.size : 0 });
    handles.set(path, { type: entry.type, handle: entry.handle });
    for (let cut = path.lastIndexOf("/"); cut > 0; cut = path.lastIndexOf("/", cut - 1)) {
      const parent = path.slice(0, cut);
      if (byPath.has(parent) || synthesised.has(parent)) break;
      synthesised.add(parent);
      entries.push({ path: parent, type: "directory", size: 0 });
      handles.set(parent, { type: "directory" });
      if (entries.length + rejected.length > maxEntries) {
        throw new ArchiveError("TOO_MANY_ENTRIES", `archive holds more than ${maxEntries} entries`);
      }
    }
  }

  entries.sort((a, b) => compareStrings(a.path, b.path));
  rejected.sort((a, b) => compareStrings(a.rawName, b.rawName) || compareStrings(a.reason, b.reason));
  // A later entry of the same path took its place: the earlier one's text belongs to no listed entry.
  for (const item of metadata) if (item.path !== null && !handles.has(item.path)) item.path = null;
  return { entries, rejected, stored: handles, metadata };
}

function nonDirectoryAncestor<Handle>(path: string, byPath: Map<string, Accepted<Handle>>): Accepted<Handle> | undefined {
  for (let cut = path.indexOf("/"); cut > 0; cut = path.indexOf("/", cut + 1)) {
    const ancestor = byPath.get(path.slice(0, cut));
    if (ancestor && ancestor.stored.type !== "directory") return ancestor;
  }
  return undefined;
}

/** Code-unit order: stable, locale-independent. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
