/**
 * The harness-audit benchmark, in pieces:
 *
 *   npm run bench                          every piece: shapes, compare, sweep
 *   npm run bench -- --only shapes         one piece (or several, comma separated)
 *
 * - `shapes`  (bench/shapes-bench.ts): the worst case — every adversarial shape of one file, a
 *   run of tiny files and the real-agent-evidence corpus, each at n and 2n bytes: MB/s, CPU,
 *   doubling ratio, peak RSS. 3–5 minutes on 2 cores (1.1 GB of shapes generated the first time).
 * - `compare` (bench/compare-bench.ts): harness-audit against the secretlint CLI on evidence from
 *   elsewhere (real-agent-evidence, 40 runs × 5 MB of agent logs, 300 small runs), cold and warm.
 *   2–4 minutes.
 * - `sweep`   (bench/sweep-bench.ts): the generated ≥ 1 GB nightly root, cold and warm, against
 *   secretlint, and 6,000 small runs. 10–15 minutes, most of it secretlint's; ~2.9 GB of disk.
 *
 * Corpora are generated into `bench/.corpus/` (git-ignored) and reused while their stamps match.
 * Exit status: 1 when the sweep's cold run missed a planted secret (or did not finish); targets
 * missed are reported, not failed on.
 */
import os from "node:os";
import { compareBench } from "./compare-bench.js";
import { shapesBench } from "./shapes-bench.js";
import { sweepBench } from "./sweep-bench.js";

const PIECES = ["shapes", "compare", "sweep"] as const;
type Piece = (typeof PIECES)[number];

function chosenPieces(argv: readonly string[]): Piece[] {
  const at = argv.indexOf("--only");
  if (at === -1) return [...PIECES];
  const names = (argv[at + 1] ?? "").split(",").filter((name) => name !== "");
  const unknown = names.filter((name) => !(PIECES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) throw new Error(`--only takes ${PIECES.join(", ")} (comma separated)${unknown.length > 0 ? `, not ${unknown.join(", ")}` : ""}`);
  return names as Piece[];
}

async function main(): Promise<void> {
  let pieces: Piece[];
  try {
    pieces = chosenPieces(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    process.exitCode = 2;
    return;
  }
  const cpus = os.cpus();
  console.log(`machine: ${cpus.length} cores (${cpus[0]?.model ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, node ${process.version}, ${os.platform()} ${os.release()}`);
  const started = Date.now();
  for (const piece of pieces) {
    const pieceStarted = Date.now();
    console.log(`\n== ${piece} ==`);
    if (piece === "shapes") await shapesBench();
    else if (piece === "compare") await compareBench();
    else if (!(await sweepBench())) process.exitCode = 1;
    console.log(`(${piece}: ${((Date.now() - pieceStarted) / 1000).toFixed(0)} s)`);
  }
  console.log(`\nbench: ${((Date.now() - started) / 60000).toFixed(1)} minutes`);
}

await main();
