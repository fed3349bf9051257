import { close, read } from "node:fs";
import { Readable } from "node:stream";
import yauzl from "yauzl";

/** Bytes read from the file at a time for small reads. */
const BLOCK_BYTES = 256 * 1024;
/** Blocks kept (the central directory's and the entries' being read in turn). */
const BLOCKS_KEPT = 4;
const STREAM_CHUNK_BYTES = 64 * 1024;

/**
 * yauzl's file reader, with small reads served from a few cached blocks: yauzl reads every
 * central directory record with two reads of a few dozen bytes, and every entry's local header
 * with another. Each went to the thread pool on its own — 300,000 round trips for a zip of
 * 100,000 entries, most of its audit time spent waiting. Large ranges (big entries) stream from
 * the file as before. Nothing is ever written.
 */
export class BlockReader extends yauzl.RandomAccessReader {
  private readonly blocks = new Map<number, Promise<Buffer>>();

  constructor(private readonly fd: number) {
    super();
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null) => void): void {
    // yauzl checks the byte count it is given; readAt fills all of it or fails.
    const done = callback as (error: Error | null, bytesRead?: number) => void;
    this.readAt(buffer, offset, length, position).then(() => done(null, length), (error: Error) => done(error));
  }

  /** Fills `length` bytes of `buffer` from `position` (an error if the file ends first). */
  async readAt(buffer: Buffer, offset: number, length: number, position: number): Promise<void> {
    for (let done = 0; done < length; ) {
      const at = position + done;
      const start = at - (at % BLOCK_BYTES);
      const block = await this.block(start);
      const from = at - start;
      if (from >= block.length) throw Object.assign(new Error("unexpected end of the zip file"), { code: "EOF" });
      done += block.copy(buffer, offset + done, from, Math.min(block.length, from + length - done));
    }
  }

  /** A range as a stream of positioned reads (not fs.ReadStream: destroying one closes the shared descriptor). */
  override _readStreamForRange(start: number, end: number): Readable {
    const fd = this.fd;
    let position = start;
    return new Readable({
      highWaterMark: STREAM_CHUNK_BYTES,
      read() {
        const length = Math.min(STREAM_CHUNK_BYTES, end - position);
        if (length <= 0) {
          this.push(null);
          return;
        }
        const buffer = Buffer.allocUnsafe(length);
        read(fd, buffer, 0, length, position, (error, bytesRead) => {
          if (error) this.destroy(error);
          else if (bytesRead === 0) this.destroy(Object.assign(new Error("unexpected end of the zip file"), { code: "EOF" }));
          else {
            position += bytesRead;
            this.push(buffer.subarray(0, bytesRead));
          }
        });
      },
    });
  }

  override close(callback: (error: Error | null) => void): void {
    this.blocks.clear();
    // A failed close leaves nothing to release; reported, it would keep the zip's "close" from coming.
    close(this.fd, () => callback(null));
  }

  private block(start: number): Promise<Buffer> {
    let block = this.blocks.get(start);
    if (block) {
      // Most recently used last.
      this.blocks.delete(start);
    } else {
      block = new Promise<Buffer>((resolve, reject) => {
        const buffer = Buffer.allocUnsafe(BLOCK_BYTES);
        read(this.fd, buffer, 0, BLOCK_BYTES, start, (error, bytesRead) => (error ? reject(error) : resolve(buffer.subarray(0, bytesRead))));
      });
      block.catch(() => this.blocks.delete(start));
      if (this.blocks.size >= BLOCKS_KEPT) this.blocks.delete(this.blocks.keys().next().value as number);
    }
    this.blocks.set(start, block);
    return block;
  }
}
