import { Writable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batched, writeToStream } from "../src/output/write-pieces.js";

const MI = 1 << 20;

/** A stream that takes one chunk at a time, slowly, and notes any write made while it asked to wait. */
function slowStream(fail = false) {
  const chunks: string[] = [];
  let writesWhileFull = 0;
  const stream = new Writable({
    highWaterMark: 1,
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      chunks.push(chunk);
      setTimeout(() => callback(fail ? new Error("EPIPE-like") : null), 2);
    },
  });
  const write = stream.write.bind(stream) as (chunk: string) => boolean;
  (stream as unknown as { write: (chunk: string) => boolean }).write = (chunk: string) => {
    if (stream.writableNeedDrain) writesWhileFull += 1;
    return write(chunk);
  };
  return { stream, text: () => chunks.join(""), writesWhileFull: () => writesWhileFull, chunks };
}

describe("writing a report in pieces", () => {
  it("batches join back to the pieces, each but the last at least 1 Mi characters", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 700_000 }), { maxLength: 8 }), (sizes) => {
        const pieces = sizes.map((n, i) => String.fromCharCode(97 + (i % 26)).repeat(n));
        const batches = [...batched(pieces)];
        expect(batches.join("")).toBe(pieces.join(""));
        batches.slice(0, -1).forEach((batch) => expect(batch.length).toBeGreaterThanOrEqual(MI));
        expect(batches.every((batch) => batch.length > 0)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it("never writes to a stream that asked to wait, and delivers every byte", async () => {
    const pieces = ["a", "b", "c", "d"].map((c) => c.repeat(MI + 10));
    const slow = slowStream();
    await writeToStream(slow.stream, pieces);
    expect(slow.chunks.length).toBeGreaterThan(2);
    expect(slow.writesWhileFull()).toBe(0);
    await new Promise<void>((resolve) => slow.stream.end(resolve));
    expect(slow.text()).toBe(pieces.join(""));
  });

  it("fails, rather than waiting forever, when the stream fails while it waits", async () => {
    const slow = slowStream(true);
    slow.stream.on("error", () => {});
    await expect(writeToStream(slow.stream, ["x".repeat(MI), "y".repeat(MI), "z".repeat(MI)])).rejects.toThrow(/EPIPE-like/);
  });
});
