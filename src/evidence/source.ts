/**
 * Where evidence bytes come from: a folder on disk, or an archive read without extracting it.
 * Everything above this interface is the same for both.
 */

export type EntryType = "file" | "directory" | "symlink" | "other";

export interface SourceEntry {
  /** POSIX path relative to the source root; never starts with `/` and has no `..` segment. */
  path: string;
  type: EntryType;
  /** Bytes, for files; 0 otherwise. */
  size: number;
}

/** An entry the source refused to expose as a path (zip-slip, absolute path, bad name). */
export interface RejectedEntry {
  /** The raw name as stored, made printable (control characters escaped). */
  rawName: string;
  reason: "absolute-path" | "path-escape" | "invalid-name";
}

export interface EvidenceSource {
  /** Display label: a folder path, or `artifact.zip` (inner paths print as `artifact.zip!/inner`). */
  label: string;
  /** True for archives: inner paths are shown as `<label>!/<path>`. */
  isArchive: boolean;
  /** Every entry below the root, directories included, in a stable order (sorted by path). */
  list(): Promise<{ entries: SourceEntry[]; rejected: RejectedEntry[] }>;
  /**
   * The bytes of one file entry, in chunks. Reading files in the order `list()` gave them is
   * the fast path (archives stream sequentially).
   */
  read(path: string): AsyncIterable<Uint8Array>;
  /** Release file handles. */
  close(): Promise<void>;
}
