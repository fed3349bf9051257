/**
 * Turns a file's byte chunks into overlapping text windows, so that a file of any size is
 * scanned in bounded memory and a secret that straddles a chunk boundary is still found whole.
 *
 * Window i covers text [owned.start - overlap, owned.end + overlap) and owns the matches that
 * *start* in [owned.start, owned.end): every match no longer than `overlap` is seen whole in
 * exactly one window, with `overlap` characters of context before it.
 */
import { isAscii } from "node:buffer";

export interface TextWindow {
  /** The window's text. */
  text: string;
  /** Offset of `text[0]` in the whole file (UTF-16 code units). */
  offset: number;
  /** Matches starting in [ownedStart, ownedEnd) (file offsets) belong to this window. */
  ownedStart: number;
  ownedEnd: number;
  /** True for the last window of the file. */
  last: boolean;
}

export interface TextWindowOptions {
  /** Characters each window owns. Default: 1 Mi. */
  chunkChars?: number;
  /** Characters of context before and after the owned range. Default: 64 Ki. */
  overlapChars?: number;
}

/** Why a file could not be read as text. */
export class NotTextError extends Error {
  constructor(
    readonly reason: "binary" | "invalid-utf8",
    /** Byte offset where the problem was seen. */
    readonly byteOffset: number,
  ) {
    super(reason === "binary" ? "file contains NUL bytes (binary)" : "file is not valid UTF-8");
  }
}

export async function* textWindows(
  chunks: AsyncIterable<Uint8Array>,
  options: TextWindowOptions = {},
): AsyncGenerator<TextWindow> {
  const chunkChars = options.chunkChars ?? 1024 * 1024;
  const overlap = options.overlapChars ?? 64 * 1024;
  const decoder = new Utf8Chunks();
  const text = new DecodedText();
  let ownedStart = 0;
  let bytesSeen = 0;

  for await (const chunk of chunks) {
    if (chunk.indexOf(0) !== -1) throw new NotTextError("binary", bytesSeen + chunk.indexOf(0));
    try {
      text.append(decoder.decode(chunk));
    } catch {
      throw new NotTextError("invalid-utf8", bytesSeen);
    }
    bytesSeen += chunk.byteLength;
    while (text.end >= ownedStart + chunkChars + overlap) {
      const ownedEnd = ownedStart + chunkChars;
      const from = Math.max(text.start, ownedStart - overlap);
      yield { text: text.between(from, ownedEnd + overlap), offset: from, ownedStart, ownedEnd, last: false };
      ownedStart = ownedEnd;
      text.dropBefore(ownedStart - overlap);
    }
  }
  try {
    text.append(decoder.end());
  } catch {
    throw new NotTextError("invalid-utf8", bytesSeen);
  }
  const from = Math.max(text.start, ownedStart - overlap);
  yield { text: text.between(from, text.end), offset: from, ownedStart, ownedEnd: text.end, last: true };
}

/**
 * The decoded text not yet left behind, as the decoded pieces themselves. A window is joined from
 * slices of them: one new flat string the size of the window (V8 scans a flat string faster than a
 * slice of a larger one), where appending to one buffer string would copy the whole buffer.
 */
class DecodedText {
  private readonly parts: string[] = [];
  /** File offsets (UTF-16) of the first kept character and after the last. */
  start = 0;
  end = 0;

  append(part: string): void {
    if (part.length === 0) return;
    this.parts.push(part);
    this.end += part.length;
  }

  between(from: number, to: number): string {
    const slices: string[] = [];
    let partStart = this.start;
    for (const part of this.parts) {
      const partEnd = partStart + part.length;
      if (partEnd > from && partStart < to) slices.push(part.slice(Math.max(0, from - partStart), Math.min(part.length, to - partStart)));
      partStart = partEnd;
    }
    return slices.length === 1 ? (slices[0] as string) : slices.join("");
  }

  /** Forgets the parts that end at or before `offset`. */
  dropBefore(offset: number): void {
    while (this.parts.length > 0 && this.start + (this.parts[0] as string).length <= offset) this.start += (this.parts.shift() as string).length;
  }
}

/**
 * Decodes UTF-8 chunk by chunk, each cut at a character boundary (the bytes of a character split
 * across chunks wait for the next one). Node 20's streaming `TextDecoder.decode(…, { stream })`
 * returns large ASCII text as a two-byte string: twice the memory, and slower to scan. Its
 * one-shot decode returns a one-byte string.
 */
class Utf8Chunks {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private carry: Uint8Array = new Uint8Array(0);

  /** The text of the whole characters so far; throws on invalid UTF-8. */
  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.carry.length > 0) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
    }
    // ASCII (most evidence) is its own Latin-1: one SIMD check, then a one-byte string without
    // UTF-8 decoding (TextDecoder took ~7 % of a scan of real agent evidence).
    if (this.carry.length === 0 && isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
    const complete = completeLength(bytes);
    this.carry = bytes.slice(complete);
    return this.decoder.decode(bytes.subarray(0, complete));
  }

  /** What is left; throws when it is an incomplete character. */
  end(): string {
    const rest = this.carry;
    this.carry = new Uint8Array(0);
    return rest.length === 0 ? "" : this.decoder.decode(rest);
  }
}

/** Bytes of `bytes` that end with a whole UTF-8 character (or are invalid anyway: decoding them throws). */
function completeLength(bytes: Uint8Array): number {
  let lead = bytes.length - 1;
  while (lead >= 0 && bytes.length - lead <= 3 && ((bytes[lead] as number) & 0xc0) === 0x80) lead--;
  if (lead < 0) return bytes.length;
  const first = bytes[lead] as number;
  const needed = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  return bytes.length - lead < needed ? lead : bytes.length;
}

/**
 * Maps file offsets to 1-based line and column while windows stream past. Offsets must be
 * asked in non-decreasing order per window sequence, which is how matches arrive, and every
 * window must be counted through (`advance` to its owned end) before the next one is asked:
 * the next window no longer holds the text between.
 */
export class LineCounter {
  private line = 1;
  private lineStart = 0; // file offset where `line` starts
  private scanned = 0; // file offset up to which newlines were counted
  // No line feed lies in [scanned, feedFreeUntil): the hits of one long line do not each search
  // to its end again (a 1 Mi-character line with a key every few characters was quadratic).
  private feedFreeUntil = 0;

  /** `text` starts at file offset `textOffset` and contains `offset`. */
  locate(text: string, textOffset: number, offset: number): { line: number; column: number } {
    // Windows only report hits in their owned range, in order, and are counted through to its
    // end: an earlier offset is a caller's bug.
    if (offset < this.scanned) throw new Error(`LineCounter: offset ${offset} comes before ${this.scanned}`);
    this.advance(text, textOffset, offset);
    return { line: this.line, column: offset - this.lineStart + 1 };
  }

  /** Counts the lines of `text` (at file offset `textOffset`) up to file offset `offset`. */
  advance(text: string, textOffset: number, offset: number): void {
    if (offset <= this.scanned) return;
    if (this.scanned < textOffset) throw new Error(`LineCounter: text from ${this.scanned} to ${textOffset} was never counted`);
    const stop = offset - textOffset;
    for (let at = Math.max(this.scanned, this.feedFreeUntil) - textOffset; at < stop; ) {
      const newline = text.indexOf("\n", at);
      if (newline === -1 || newline >= stop) {
        this.feedFreeUntil = textOffset + (newline === -1 ? text.length : newline);
        break;
      }
      this.line++;
      this.lineStart = newline + textOffset + 1;
      at = newline + 1;
    }
    this.scanned = offset;
  }
}
