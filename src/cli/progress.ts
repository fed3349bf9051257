import { SingleBar } from "cli-progress";
import type { AuditHooks } from "../pipeline/audit.js";

/**
 * A progress bar on stderr (runs done / total, MB/s, ETA) — only on a terminal and never in CI,
 * so logs and pipes stay clean.
 */
export function progressHooks(stream: NodeJS.WritableStream & { isTTY?: boolean }, env: Record<string, string | undefined>): AuditHooks & { stop(): void } {
  if (!stream.isTTY || (env.CI !== undefined && env.CI !== "" && env.CI !== "false")) return { stop() {} };
  const bar = new SingleBar({
    stream,
    format: "harness-audit {bar} {value}/{total} runs · {mbps} MB/s · ETA {eta_formatted}",
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  });
  const started = Date.now();
  let bytes = 0;
  let begun = false;
  return {
    onRunsFound(total) {
      if (!begun) bar.start(total, 0, { mbps: "0.0" });
      else bar.setTotal(total);
      begun = true;
    },
    onRunDone(runBytes) {
      bytes += runBytes;
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      if (begun) bar.increment(1, { mbps: (bytes / 1_048_576 / seconds).toFixed(1) });
    },
    stop() {
      if (begun) bar.stop();
    },
  };
}
