import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineCounter, NotTextError, textWindows, type TextWindow } from "../../src/evidence/text-windows.js";

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function collect(text: string, chunkBytes: number, chunkChars: number, overlapChars: number): Promise<TextWindow[]> {
  const windows: TextWindow[] = [];
  for await (const w of textWindows(chunked(new TextEncoder().encode(text), chunkBytes), { chunkChars, overlapChars })) windows.push(w);
  return windows;
}

describe("textWindows", () => {
  it("owned ranges tile the text exactly, and each window's text is the file's text at its offset", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme", maxLength: 400 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        async (text, chunkBytes, chunkChars, overlap) => {
          const windows = await collect(text, chunkBytes, chunkChars, overlap);
          let expectedStart = 0;
          for (const w of windows) {
            expect(w.ownedStart).toBe(expectedStart);
            expect(text.slice(w.offset, w.offset + w.text.length)).toBe(w.text);
            expectedStart = w.ownedEnd;
          }
          expect(expectedStart).toBe(text.length);
          expect(windows.at(-1)?.last).toBe(true);
        },
      ),
    );
  });

  it("shows every span no longer than the overlap whole in the one window that owns its start", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20 }), async (text, chunkChars, overlap) => {
        const windows = await collect(text, 7, chunkChars, overlap);
        for (let start = 0; start < text.length; start += 3) {
          const end = Math.min(text.length, start + overlap);
          const owners = windows.filter((w) => start >= w.ownedStart && start < w.ownedEnd);
          expect(owners).toHaveLength(1);
          const w = owners[0]!;
          expect(w.text.slice(start - w.offset, end - w.offset)).toBe(text.slice(start, end));
        }
      }),
    );
  });

  it("decodes a multi-byte character split across chunks", async () => {
    const windows = await collect("é€😀".repeat(5), 1, 1000, 10);
    expect(windows.map((w) => w.text).join("")).toBe("é€😀".repeat(5));
  });

  it("refuses NUL bytes and invalid UTF-8 with the byte offset", async () => {
    const run = async (bytes: number[]) => {
      try {
        for await (const _ of textWindows(chunked(new Uint8Array(bytes), 2))) void _;
        return null;
      } catch (error) {
        return error as NotTextError;
      }
    };
    expect(await run([65, 66, 0, 67])).toMatchObject({ reason: "binary", byteOffset: 2 });
    expect((await run([65, 0xff, 66]))?.reason).toBe("invalid-utf8");
    expect((await run([65, 0xe2, 0x82]))?.reason).toBe("invalid-utf8"); // truncated sequence at the end
  });

  it("decodes any bytes in any chunking as a one-shot strict decode does, or refuses them when it does", async () => {
    // Bytes around UTF-8's edges: ASCII, lead bytes of every length, continuations, overlong and invalid leads.
    const byte = fc.constantFrom(0x41, 0x0a, 0x7f, 0x80, 0xbf, 0xc2, 0xc0, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x82, 0xac, 0x9f, 0x98);
    const oneShot = (bytes: Uint8Array) => {
      try {
        return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        return null;
      }
    };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.array(byte, { maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 30 }).map((text) => [...new TextEncoder().encode(text)])),
        fc.integer({ min: 1, max: 9 }),
        async (list, chunkBytes) => {
          const bytes = new Uint8Array(list);
          const expected = oneShot(bytes);
          let text: string | null = "";
          try {
            for await (const w of textWindows(chunked(bytes, chunkBytes), { chunkChars: 5, overlapChars: 0 })) text += w.text;
          } catch (error) {
            expect(error).toBeInstanceOf(NotTextError);
            text = null;
          }
          expect(text).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("LineCounter", () => {
  it("refuses an offset before one already located, and a window whose text before it was never counted", () => {
    const counter = new LineCounter();
    expect(counter.locate("a\nb\nc", 0, 4)).toEqual({ line: 3, column: 1 });
    expect(() => counter.locate("a\nb\nc", 0, 2)).toThrow(/comes before/);
    expect(() => new LineCounter().locate("later text", 100, 105)).toThrow(/never counted/);
  });

  it("agrees with a naive count for increasing offsets", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 20 }), (body, picks) => {
        const text = body.replace(/[^\n]{7}/g, (m) => `${m}\n`);
        const counter = new LineCounter();
        const offsets = picks.map((p) => (text.length === 0 ? 0 : p % text.length)).sort((a, b) => a - b);
        for (const offset of offsets) {
          const before = text.slice(0, offset);
          const line = before.split("\n").length;
          const column = offset - (before.lastIndexOf("\n") + 1) + 1;
          expect(counter.locate(text, 0, offset)).toEqual({ line, column });
        }
      }),
    );
  });
});
