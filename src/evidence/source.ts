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
  /**
   * Changes whenever the entry may have changed (inode, size, mtime and ctime in ns for files on
   * disk; a folder is stamped by the entries it holds). Absent when the source cannot tell; the
   * sweep cache then never trusts the entry.
   */
  stamp?: string;
}

/** What the listing said of a file, for checking that it is still that file when it is read. */
export type ListedFile = Pick<SourceEntry, "size" | "stamp">;

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
   * the fast path (archives stream sequentially). With `listed` (what `list()` said of it), a
   * folder checks that the file is still that one and throws EvidenceChangedError if not.
   */
  read(path: string, listed?: ListedFile): AsyncIterable<Uint8Array>;
  /**
   * File paths in the order that reads them fastest (archive order for tar: one pass). Absent:
   * any order is as fast.
   */
  readOrder?(): Promise<string[]>;
  /**
   * The file's path on disk when the source is a folder (lets a worker thread open it itself);
   * undefined for archives.
   */
  localPath?(path: string): string;
  /**
   * Forget what `list()` keeps (a folder's listing, thousands of strings a run); a later `list()`
   * reads it again. Absent where the listing is the source's own index (archives).
   */
  release?(): void;
  /** Release file handles. */
  close(): Promise<void>;
}
