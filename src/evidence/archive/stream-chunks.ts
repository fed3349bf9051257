import type { Readable } from "node:stream";

/**
 * The chunks of a stream, pulled one at a time (paused in between). Unlike Node's own
 * async iterator, stopping early only calls `destroy()` and does not wait for a "close" event:
 * yauzl's stored-entry streams (fd-slicer) never emit one, so waiting would hang.
 */
export async function* streamChunks(stream: Readable): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let ended = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  stream.on("data", (chunk: Buffer) => {
    queue.push(chunk);
    stream.pause();
    notify();
  });
  stream.on("end", () => {
    ended = true;
    notify();
  });
  stream.on("error", (error: unknown) => {
    failure = { error };
    notify();
  });
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk) {
        yield chunk;
        if (queue.length === 0) stream.resume();
        continue;
      }
      if (failure) throw (failure as { error: unknown }).error;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.destroy();
  }
}
