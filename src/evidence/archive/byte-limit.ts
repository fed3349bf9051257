/** Yield at most `limit` bytes of `chunks`, then stop pulling from the source. */
export async function* takeBytes(chunks: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let remaining = limit;
  if (remaining <= 0) return;
  for await (const chunk of chunks) {
    if (chunk.byteLength >= remaining) {
      yield chunk.subarray(0, remaining);
      return;
    }
    remaining -= chunk.byteLength;
    yield chunk;
  }
}
