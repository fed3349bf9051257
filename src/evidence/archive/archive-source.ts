import type { EvidenceSource } from "../source.js";
import type { ArchiveFormat } from "./detect.js";

/** Options of `openArchiveSource`. */
export interface ArchiveSourceOptions {
  /**
   * Size cap of one entry. `read()` yields at most `maxEntryBytes + 1` bytes, so a caller can
   * tell "over the cap" from the bytes as well as from `size`.
   */
  maxEntryBytes: number;
  /** Most entries (listed, synthesised and rejected) an archive may hold. Default: 200,000. */
  maxEntries?: number;
  /**
   * Most bytes read out of the archive, inflated, over every pass (a tar is read once to list it
   * and again to read it). Past it, reads fail with INFLATE_BUDGET_EXCEEDED. Default: 100 times
   * the archive's size, at least 1 GiB.
   */
  maxArchiveBytes?: number;
}

export const DEFAULT_MAX_ENTRIES = 200_000;

/** An EvidenceSource over an archive, with what an archive can tell beyond the interface. */
export interface ArchiveSource extends EvidenceSource {
  readonly format: ArchiveFormat;
  /** `passes`: times the archive was read from its start (tar: list pass + one per restart). */
  readonly stats: { passes: number };
  /**
   * File paths in the order that reads them cheapest: archive order for tar (each step back
   * costs a pass from the start), path order for zip.
   */
  readOrder(): Promise<string[]>;
}
