/**
 * Turns a file's byte chunks into overlapping text windows, so that a file of any size is
 * scanned in bounded memory and a secret that straddles a chunk boundary is still found whole.
 *
 * Window i covers text [owned.start - overlap, owned.end + overlap) and owns the matches that
 * *start* in [owned.start, owned.end): every match no longer than `overlap` is seen whole in
 * exactly one window, with `overlap` characters of context before it.
 */

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
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let buffer = "";
  let bufferStart = 0; // file offset of buffer[0]
  let ownedStart = 0;
  let bytesSeen = 0;

  for await (const chunk of chunks) {
    if (chunk.indexOf(0) !== -1) throw new NotTextError("binary", bytesSeen + chunk.indexOf(0));
    try {
      buffer += decoder.decode(chunk, { stream: true });
    } catch {
      throw new NotTextError("invalid-utf8", bytesSeen);
    }
    bytesSeen += chunk.byteLength;
    while (bufferStart + buffer.length >= ownedStart + chunkChars + overlap) {
      const ownedEnd = ownedStart + chunkChars;
      const from = Math.max(bufferStart, ownedStart - overlap);
      yield {
        text: buffer.slice(from - bufferStart, ownedEnd + overlap - bufferStart),
        offset: from,
        ownedStart,
        ownedEnd,
        last: false,
      };
      ownedStart = ownedEnd;
      const keepFrom = Math.max(bufferStart, ownedStart - overlap);
      buffer = buffer.slice(keepFrom - bufferStart);
      bufferStart = keepFrom;
    }
  }
  try {
    buffer += decoder.decode();
  } catch {
    throw new NotTextError("invalid-utf8", bytesSeen);
  }
  const from = Math.max(bufferStart, ownedStart - overlap);
  yield {
    text: buffer.slice(from - bufferStart),
    offset: from,
    ownedStart,
    ownedEnd: bufferStart + buffer.length,
    last: true,
  };
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

  /** `text` starts at file offset `textOffset` and contains `offset`. */
  locate(text: string, textOffset: number, offset: number): { line: number; column: number } {
    if (offset < this.scanned) {
      // Rare: an earlier match inside the overlap. Count backwards from the known point.
      let line = this.line;
      for (let i = this.scanned - 1; i >= offset; i--) if (text.charCodeAt(i - textOffset) === 10) line--;
      const pos = text.lastIndexOf("\n", offset - textOffset - 1);
      const start = pos === -1 ? textOffset : pos + textOffset + 1;
      return { line, column: offset - start + 1 };
    }
    this.advance(text, textOffset, offset);
    return { line: this.line, column: offset - this.lineStart + 1 };
  }

  /** Counts the lines of `text` (at file offset `textOffset`) up to file offset `offset`. */
  advance(text: string, textOffset: number, offset: number): void {
    if (offset <= this.scanned) return;
    if (this.scanned < textOffset) throw new Error(`LineCounter: text from ${this.scanned} to ${textOffset} was never counted`);
    const stop = offset - textOffset;
    for (let newline = text.indexOf("\n", this.scanned - textOffset); newline !== -1 && newline < stop; newline = text.indexOf("\n", newline + 1)) {
      this.line++;
      this.lineStart = newline + textOffset + 1;
    }
    this.scanned = offset;
  }
}
