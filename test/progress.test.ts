import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { progressHooks } from "../src/cli/progress.js";

function stream(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const s = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY: boolean; text: () => string; columns: number };
  s.isTTY = isTTY;
  s.columns = 120;
  s.text = () => chunks.join("");
  return s;
}

function drive(out: ReturnType<typeof stream>, env: Record<string, string>) {
  const hooks = progressHooks(out, env);
  hooks.onRunsFound?.(2);
  hooks.onRunDone?.(5_000_000);
  hooks.onRunDone?.(5_000_000);
  hooks.stop();
}

describe("progress bar", () => {
  it("draws runs done / total and MB/s on a terminal", () => {
    const out = stream(true);
    drive(out, {});
    expect(out.text()).toMatch(/\/2 runs · [\d.]+ MB\/s/);
  });

  it("stays silent when stderr is piped or in CI", () => {
    for (const [tty, env] of [
      [false, {}],
      [true, { CI: "true" }],
    ] as const) {
      const out = stream(tty);
      drive(out, env);
      expect(out.text()).toBe("");
    }
  });
});
