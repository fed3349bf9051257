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

/**
 * An entry the source refused to expose as a path (zip-slip, absolute path, bad name), or to
 * read (its data shared with another entry, its header too large), or the part of an archive a
 * listing could not reach (`rawName` empty).
 */
export interface RejectedEntry {
  /** The raw name as stored, made printable (control characters escaped); empty for the rest of an archive. */
  rawName: string;
  reason:
    | "absolute-path"
    | "path-escape"
    | "invalid-name"
    /** A PAX or GNU long header over the cap described it (tar). */
    | "header-too-large"
    /** Its data overlaps another entry's (zip: a non-recursive zip bomb). */
    | "overlapping-data"
    /** The central directory holds more entries than its end record declares (zip). */
    | "unlisted-entries"
    /** The listing stopped at the inflate budget: the rest of the archive was not read. */
    | "budget-exceeded"
    /** The listing stopped at damage: the rest of the archive was not read. */
    | "unreadable-rest";
  /** What stopped the listing (for the last two reasons): sizes and codes, never content. */
  detail?: string;
}

/**
 * Text an archive stores beside its entries (PAX records, GNU long link names, zip comments):
 * evidence too, secret-scanned like a name. `path` is the entry it describes; null for the
 * archive as a whole (a zip's own comment, PAX global records).
 */
export interface SourceMetadata {
  path: string | null;
  text: string;
}

/** What `list()` gives: the entries, the entries refused, and an archive's metadata texts. */
export interface SourceListing {
  entries: SourceEntry[];
  rejected: RejectedEntry[];
  /** Archives only; absent or empty when there is none. */
  metadata?: SourceMetadata[];
}

export interface EvidenceSource {
  /** Display label: a folder path, or `artifact.zip` (inner paths print as `artifact.zip!/inner`). */
  label: string;
  /** True for archives: inner paths are shown as `<label>!/<path>`. */
  isArchive: boolean;
  /** Every entry below the root, directories included, in a stable order (sorted by path). */
  list(): Promise<SourceListing>;
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
