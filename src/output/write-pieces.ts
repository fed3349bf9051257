import { once } from "node:events";

/** Pieces gathered into writes of about this many characters. */
const WRITE_BATCH = 1 << 20;

/** The pieces joined into batches of about 1 Mi characters (fewer, larger writes). */
export function* batched(pieces: Iterable<string>): Generator<string> {
  let batch = "";
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= WRITE_BATCH) {
      yield batch;
      batch = "";
    }
  }
  if (batch !== "") yield batch;
}

/**
 * Writes the pieces to a stream, making the next piece only once the stream has taken the last
 * (a slow pipe must not fill memory with a report made ahead of it).
 */
export async function writeToStream(stream: NodeJS.WritableStream, pieces: Iterable<string>): Promise<void> {
  for (const batch of batched(pieces)) {
    if (!stream.write(batch)) await once(stream, "drain");
  }
}
