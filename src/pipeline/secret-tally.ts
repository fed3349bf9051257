import { createHash } from "node:crypto";
import { maskSecret, type SecretMatch } from "../secrets/index.js";

/**
 * The distinct secrets of a file, kept compact: a file of 200,000 distinct tokens reports
 * 200,000 secrets, on a scanning thread with a heap of a few tens of MB. A secret is its value's
 * sha-256 (32 bytes), its first place and count, and the first characters and length of its
 * preview, in typed arrays; rule, code, message and decoding are an index into a small table of
 * the combinations met. Nothing holds the value: it is hashed when seen, and occurrences of a
 * value already seen only count. A SecretList crosses to another thread as a few buffers.
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
  /** Per secret: index into `kinds`. */
  kind: Uint32Array;
  /** Per secret: line and column of its first occurrence (1-based), and its occurrences. */
  line: Uint32Array;
  column: Uint32Array;
  count: Float64Array;
  /** Per secret: the value's length and its first 4 UTF-16 code units (what the preview shows). */
  valueLength: Uint32Array;
  head: Uint16Array;
  /** Per secret: sha-256 of the value, 32 bytes. */
  hashes: Uint8Array;
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

const HASH_BYTES = 32;
const HEAD = 4;

/** Collects distinct secrets (rule and value) with their first place and count. */
export class SecretTally {
  private size = 0;
  private capacity = 0;
  private readonly kinds: SecretKind[] = [];
  private readonly kindIndex = new Map<string, number>();
  private kind = new Uint32Array(0);
  private line = new Uint32Array(0);
  private column = new Uint32Array(0);
  private count = new Float64Array(0);
  private valueLength = new Uint32Array(0);
  private head = new Uint16Array(0);
  private hashes = new Uint8Array(0);
  /** Open addressing over secret indices + 1 (0: empty), sized to stay at most half full. */
  private slots = new Int32Array(0);

  /** One more occurrence of `match`'s value for its rule, at `line`:`column`. */
  add(match: SecretMatch, line: number, column: number): void {
    const digest = createHash("sha256").update(match.value, "utf8").digest();
    this.addHashed(match.rule, digest, () => this.kindOf(match), match.value.length, (i) => match.value.charCodeAt(i), line, column, 1);
  }

  /** Every secret of `list` (of a segment: `toLine` maps its lines), merged into this tally. */
  addList(list: SecretList, toLine: (line: number) => number): void {
    for (let i = 0; i < list.size; i++) {
      const kind = list.kinds[list.kind[i] as number] as SecretKind;
      const digest = list.hashes.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES);
      const head = list.head.subarray(i * HEAD, (i + 1) * HEAD);
      this.addHashed(kind.rule, digest, () => this.kindIndexOf(kind), list.valueLength[i] as number, (at) => head[at] as number, toLine(list.line[i] as number), list.column[i] as number, list.count[i] as number);
    }
  }

  private addHashed(rule: string, digest: Uint8Array, kindOf: () => number, length: number, charAt: (i: number) => number, line: number, column: number, count: number): void {
    if (this.size * 2 >= this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let slot = digestSlot(digest) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] as number;
      if (entry === 0) {
        this.slots[slot] = this.append(kindOf(), digest, length, charAt, line, column, count) + 1;
        return;
      }
      const index = entry - 1;
      if (this.sameDigest(index, digest) && (this.kinds[this.kind[index] as number] as SecretKind).rule === rule) {
        this.count[index] = (this.count[index] as number) + count;
        return;
      }
    }
  }

  private append(kind: number, digest: Uint8Array, length: number, charAt: (i: number) => number, line: number, column: number, count: number): number {
    const index = this.size++;
    this.kind[index] = kind;
    this.line[index] = line;
    this.column[index] = column;
    this.count[index] = count;
    this.valueLength[index] = length;
    for (let i = 0; i < HEAD && i < length; i++) this.head[index * HEAD + i] = charAt(i);
    this.hashes.set(digest, index * HASH_BYTES);
    return index;
  }

  private sameDigest(index: number, digest: Uint8Array): boolean {
    const at = index * HASH_BYTES;
    for (let i = 0; i < HASH_BYTES; i++) if (this.hashes[at + i] !== digest[i]) return false;
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

  private grow(): void {
    const capacity = Math.max(16, this.capacity * 2);
    const grown = <T extends Uint32Array | Float64Array | Uint16Array | Uint8Array>(old: T, make: (n: number) => T, per = 1): T => {
      const next = make(capacity * per);
      next.set(old.subarray(0, this.size * per));
      return next;
    };
    this.kind = grown(this.kind, (n) => new Uint32Array(n));
    this.line = grown(this.line, (n) => new Uint32Array(n));
    this.column = grown(this.column, (n) => new Uint32Array(n));
    this.count = grown(this.count, (n) => new Float64Array(n));
    this.valueLength = grown(this.valueLength, (n) => new Uint32Array(n));
    this.head = grown(this.head, (n) => new Uint16Array(n), HEAD);
    this.hashes = grown(this.hashes, (n) => new Uint8Array(n), HASH_BYTES);
    this.capacity = capacity;
    this.slots = new Int32Array(capacity * 2);
    const mask = this.slots.length - 1;
    for (let index = 0; index < this.size; index++) {
      let slot = digestSlot(this.hashes.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES)) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = index + 1;
    }
  }

  /** The secrets so far, in buffers of their own size. */
  result(): SecretList {
    const n = this.size;
    return {
      size: n,
      kinds: [...this.kinds],
      kind: this.kind.slice(0, n),
      line: this.line.slice(0, n),
      column: this.column.slice(0, n),
      count: this.count.slice(0, n),
      valueLength: this.valueLength.slice(0, n),
      head: this.head.slice(0, n * HEAD),
      hashes: this.hashes.slice(0, n * HASH_BYTES),
    };
  }
}

/** The first 4 bytes of a digest as a slot number (a digest is uniform). */
function digestSlot(digest: Uint8Array): number {
  return ((digest[0] as number) | ((digest[1] as number) << 8) | ((digest[2] as number) << 16) | ((digest[3] as number) << 24)) >>> 0;
}

/** An empty list. */
export function noSecrets(): SecretList {
  return new SecretTally().result();
}

/**
 * The secrets of a list one by one, as objects (each made when asked for). Equal previews are one
 * string (`ghp_…(40 chars)` for 200,000 GitHub tokens), as are rule, code and message.
 */
export function* secretOccurrences(list: SecretList): Generator<SecretOccurrence> {
  const previews = new Map<string, string>();
  for (let i = 0; i < list.size; i++) {
    const kind = list.kinds[list.kind[i] as number] as SecretKind;
    const length = list.valueLength[i] as number;
    const head = String.fromCharCode(...list.head.subarray(i * HEAD, i * HEAD + Math.min(HEAD, length)));
    yield {
      rule: kind.rule,
      code: kind.code,
      message: kind.message,
      decoding: kind.decoding,
      line: list.line[i] as number,
      column: list.column[i] as number,
      count: list.count[i] as number,
      preview: shared(previews, maskSecret(head, length)),
      valueHash: Buffer.from(list.hashes.buffer, list.hashes.byteOffset + i * HASH_BYTES, HASH_BYTES).toString("hex"),
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
