import { ArchiveError } from "./archive-error.js";

/**
 * The bytes one archive may yield, inflated, whatever its entries declare: a small archive that
 * inflates without end (a compression bomb) is stopped at the budget, in time bounded by it,
 * and every entry not read because of it is reported.
 */
export class InflateBudget {
  private spent = 0;

  constructor(readonly limit: number) {}

  /** Counts `bytes` more; throws INFLATE_BUDGET_EXCEEDED once past the limit (and ever after). */
  take(bytes: number): void {
    this.spent += bytes;
    this.check();
  }

  check(): void {
    if (this.spent > this.limit) {
      throw new ArchiveError("INFLATE_BUDGET_EXCEEDED", `the archive inflates past its budget of ${this.limit} bytes (--max-archive-bytes)`);
    }
  }
}

/** The chunks of a stream, each counted against the budget before it is passed on. */
export async function* countedChunks(chunks: AsyncIterable<Uint8Array>, budget: InflateBudget): AsyncGenerator<Uint8Array> {
  budget.check();
  for await (const chunk of chunks) {
    budget.take(chunk.byteLength);
    yield chunk;
  }
}
