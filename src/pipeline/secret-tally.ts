import { createHash } from "node:crypto";
import { ownCopy } from "../../rules/secrets/lib/own-copy.js";
import { maskSecret, type SecretMatch } from "../secrets/index.js";

/**
 * The distinct secrets of a file, kept compact: a file of 200,000 distinct tokens reports
 * 200,000 secrets, on a scanning thread with a heap of a few tens of MB. A secret is one 64-byte
 * record — its value's sha-256, its first place and count, its preview's first characters and its
 * length — and an index into a small table of the (rule, code, message, decoding) combinations
 * met. Nothing holds the value: it is hashed when seen, and occurrences of a value already seen
 * only count. A SecretList crosses to another thread as one buffer (none when it is empty).
 */

/** What secrets of one kind share. */
export interface SecretKind {
  rule: string;
  code: string;
  message: string;
  decoding: string | null;
}

/** The distinct secrets of a file (or of one segment of it), in the order first seen. */
export interface SecretList {
  /** Distinct secrets. */
  size: number;
  kinds: SecretKind[];
  /** `size` records of RECORD_BYTES (layout below); null when there are none. */
  records: Uint8Array | null;
}

/** A secret as it leaves the scanner: the value is already reduced to a hash and a preview. */
export interface SecretOccurrence extends SecretKind {
  line: number;
  column: number;
  count: number;
  preview: string;
  /** sha-256 of the value: feeds the fingerprint, never printed. */
  valueHash: string;
}

// A record: kind u32, line u32, column u32, value length u32, count f64, the value's first four
// UTF-16 code units (what a preview shows), then the value's sha-256.
const KIND = 0;
const LINE = 4;
const COLUMN = 8;
const LENGTH = 12;
const COUNT = 16;
const HEAD = 24;
const HEAD_UNITS = 4;
const HASH = 32;
const HASH_BYTES = 32;
const RECORD_BYTES = 64;
// Values remembered without hashing: at most this many, of at most this length.
const MAX_REMEMBERED = 4096;
const MAX_REMEMBERED_VALUE = 256;

/** Collects distinct secrets (rule and value) with their first place and count. */
export class SecretTally {
  private size = 0;
  private readonly kinds: SecretKind[] = [];
  private readonly kindIndex = new Map<string, number>();
  private bytes = new Uint8Array(0);
  private view = new DataView(this.bytes.buffer);
  /** Open addressing over secret indices + 1 (0: empty), sized to stay at most half full. */
  private slots = new Int32Array(0);
  /**
   * Recently seen values and their secret: a value printed on every line (the same token in each
   * request of a log) only counts, without being hashed again. Copies, so that no window is held;
   * emptied when full.
   */
  private recent = new Map<string, number>();

  /** One more occurrence of `match`'s value for its rule, at `line`:`column`. */
  add(match: SecretMatch, line: number, column: number): void {
    const known = this.recent.get(match.value);
    if (known !== undefined && this.ruleOf(known) === match.rule) {
      this.addCount(known, 1);
      return;
    }
    const digest = createHash("sha256").update(match.value, "utf8").digest();
    const index = this.addHashed(match.rule, digest, 1, () => this.newRecord(this.kindOf(match), digest, match.value.length, line, column, (i) => match.value.charCodeAt(i)));
    if (match.value.length <= MAX_REMEMBERED_VALUE) {
      if (this.recent.size >= MAX_REMEMBERED) this.recent = new Map();
      this.recent.set(ownCopy(match.value), index);
    }
  }

  /** Every secret of `list` (of a segment: `toLine` maps its lines), merged into this tally. */
  addList(list: SecretList, toLine: (line: number) => number): void {
    if (!list.records) return;
    const view = new DataView(list.records.buffer, list.records.byteOffset, list.records.byteLength);
    for (let i = 0; i < list.size; i++) {
      const at = i * RECORD_BYTES;
      const kind = list.kinds[view.getUint32(at + KIND, true)] as SecretKind;
      const digest = list.records.subarray(at + HASH, at + HASH + HASH_BYTES);
      this.addHashed(kind.rule, digest, view.getFloat64(at + COUNT, true), () =>
        this.newRecord(this.kindIndexOf(kind), digest, view.getUint32(at + LENGTH, true), toLine(view.getUint32(at + LINE, true)), view.getUint32(at + COLUMN, true), (unit) => view.getUint16(at + HEAD + 2 * unit, true)),
      );
    }
  }

  /** Counts `count` occurrences of the secret with this rule and digest, made by `create` when new; returns its index. */
  private addHashed(rule: string, digest: Uint8Array, count: number, create: () => number): number {
    if (this.size * 2 >= this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let slot = digestSlot(digest) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] as number;
      if (entry === 0) {
        const index = create();
        this.addCount(index, count - 1);
        this.slots[slot] = index + 1;
        return index;
      }
      const index = entry - 1;
      if (this.sameDigest(index, digest) && this.ruleOf(index) === rule) {
        this.addCount(index, count);
        return index;
      }
    }
  }

  private newRecord(kind: number, digest: Uint8Array, length: number, line: number, column: number, unitAt: (i: number) => number): number {
    const index = this.size++;
    const at = index * RECORD_BYTES;
    this.view.setUint32(at + KIND, kind, true);
    this.view.setUint32(at + LINE, line, true);
    this.view.setUint32(at + COLUMN, column, true);
    this.view.setUint32(at + LENGTH, length, true);
    this.view.setFloat64(at + COUNT, 1, true);
    for (let i = 0; i < HEAD_UNITS && i < length; i++) this.view.setUint16(at + HEAD + 2 * i, unitAt(i), true);
    this.bytes.set(digest, at + HASH);
    return index;
  }

  private addCount(index: number, count: number): void {
    if (count === 0) return;
    const at = index * RECORD_BYTES + COUNT;
    this.view.setFloat64(at, this.view.getFloat64(at, true) + count, true);
  }

  private ruleOf(index: number): string {
    return (this.kinds[this.view.getUint32(index * RECORD_BYTES + KIND, true)] as SecretKind).rule;
  }

  private sameDigest(index: number, digest: Uint8Array): boolean {
    const at = index * RECORD_BYTES + HASH;
    for (let i = 0; i < HASH_BYTES; i++) if (this.bytes[at + i] !== digest[i]) return false;
    return true;
  }

  private kindOf(match: SecretMatch): number {
    // Defence in depth: a rule's message must not carry the value, whatever the rule does.
    const message = match.message.includes(match.value) ? match.message.split(match.value).join(maskSecret(match.value)) : match.message;
    return this.kindIndexOf({ rule: match.rule, code: match.code, message, decoding: match.decoding });
  }

  private kindIndexOf(kind: SecretKind): number {
    const key = `${kind.rule}\u0000${kind.code}\u0000${kind.message}\u0000${kind.decoding ?? ""}`;
    let index = this.kindIndex.get(key);
    if (index === undefined) {
      index = this.kinds.length;
      this.kinds.push({ rule: kind.rule, code: kind.code, message: kind.message, decoding: kind.decoding });
      this.kindIndex.set(key, index);
    }
    return index;
  }

  /** Twice the records' room, and the slots rebuilt for it. */
  private grow(): void {
    const capacity = Math.max(16, (this.bytes.length / RECORD_BYTES) * 2);
    const bytes = new Uint8Array(capacity * RECORD_BYTES);
    bytes.set(this.bytes.subarray(0, this.size * RECORD_BYTES));
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer);
    this.slots = new Int32Array(capacity * 2);
    const mask = this.slots.length - 1;
    for (let index = 0; index < this.size; index++) {
      const at = index * RECORD_BYTES + HASH;
      let slot = digestSlot(this.bytes.subarray(at, at + HASH_BYTES)) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = index + 1;
    }
  }

  /** The secrets so far, in a buffer of their own size. */
  result(): SecretList {
    return { size: this.size, kinds: [...this.kinds], records: this.size === 0 ? null : this.bytes.slice(0, this.size * RECORD_BYTES) };
  }
}

/** The first 4 bytes of a digest as a slot number (a digest is uniform). */
function digestSlot(digest: Uint8Array): number {
  return ((digest[0] as number) | ((digest[1] as number) << 8) | ((digest[2] as number) << 16) | ((digest[3] as number) << 24)) >>> 0;
}

/**
 * The secrets of a list one by one, as objects (each made when asked for). Equal previews are one
 * string (`ghp_…(40 chars)` for 200,000 GitHub tokens), as are rule, code and message.
 */
export function* secretOccurrences(list: SecretList): Generator<SecretOccurrence> {
  if (!list.records) return;
  const records = list.records;
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const previews = new Map<string, string>();
  for (let i = 0; i < list.size; i++) {
    const at = i * RECORD_BYTES;
    const kind = list.kinds[view.getUint32(at + KIND, true)] as SecretKind;
    const length = view.getUint32(at + LENGTH, true);
    let head = "";
    for (let unit = 0; unit < HEAD_UNITS && unit < length; unit++) head += String.fromCharCode(view.getUint16(at + HEAD + 2 * unit, true));
    yield {
      rule: kind.rule,
      code: kind.code,
      message: kind.message,
      decoding: kind.decoding,
      line: view.getUint32(at + LINE, true),
      column: view.getUint32(at + COLUMN, true),
      count: view.getFloat64(at + COUNT, true),
      preview: shared(previews, maskSecret(head, length)),
      valueHash: Buffer.from(records.buffer, records.byteOffset + at + HASH, HASH_BYTES).toString("hex"),
    };
  }
}

/** `text`, or the equal string already in `strings` (which keeps at most 10,000). */
function shared(strings: Map<string, string>, text: string): string {
  const known = strings.get(text);
  if (known !== undefined) return known;
  if (strings.size < 10_000) strings.set(text, text);
  return text;
}
