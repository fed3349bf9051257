/**
 * Issue 11, item 6: evidence that changes while it is read is a finding of its run, never a pass,
 * never a hang, never the end of the whole audit. Each case lists the runs first, then changes a
 * file, then audits from that listing — the order a real change mid-audit has, made
 * deterministic. The audit goes through the compiled scanning threads (dist/) when they are
 * built, as the bin does, and through this thread otherwise.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ADMISSIONS, cleanRun, everyFormat, fakeToken, HAVE_BIN, leaks, quietLog, REPO, tempDir } from "./kit.js";

type Pipeline = {
  locateRuns: typeof import("../../src/pipeline/audit.js").locateRuns;
  auditRuns: typeof import("../../src/pipeline/audit.js").auditRuns;
  auditResult: typeof import("../../src/pipeline/audit.js").auditResult;
  loadAuditRegistry: typeof import("../../src/pipeline/audit.js").loadAuditRegistry;
  createFileScanPool: typeof import("../../src/pipeline/worker-pool.js").createFileScanPool;
  createSecretScanner: typeof import("../../src/secrets/index.js").createSecretScanner;
  createTextMasker: typeof import("../../src/secrets/mask-text.js").createTextMasker;
  defaultAuditOptions: typeof import("../../src/config/options.js").defaultAuditOptions;
};

/** The compiled pipeline (its pool has real scanning threads), or the sources (in this thread). */
async function pipeline(): Promise<Pipeline> {
  const base = HAVE_BIN ? pathToFileURL(path.join(REPO, "dist", "src")).href : new URL("../../src", import.meta.url).href;
  const load = (module: string) => import(`${base}/${module}.js`);
  return {
    ...(await load("pipeline/audit")),
    ...(await load("pipeline/worker-pool")),
    ...(await load("secrets/index")),
    ...(await load("secrets/mask-text")),
    ...(await load("config/options")),
  } as Pipeline;
}

const token = fakeToken("changing");
const MIB = 1024 * 1024;

/**
 * Lists the runs under `root`, lets `change` act on the files, then audits from that listing with
 * two scanning threads and 1 MiB segments (so a 4 MiB file is cut into parts, as a 500 MB one is).
 */
async function auditAfter(root: string, change: () => void) {
  const p = await pipeline();
  const options = p.defaultAuditOptions({ admissions: ADMISSIONS, workers: 2 });
  const scanner = p.createSecretScanner();
  const registry = await p.loadAuditRegistry(options, scanner);
  const located = await p.locateRuns([root], options);
  for (const target of located.runs) await target.source.list();
  change();
  const pool = p.createFileScanPool(scanner, 2, MIB);
  try {
    const sizes = new Map(located.runs.map((target) => [target, 0]));
    return await p.auditRuns({ runs: located.runs, registry, options, fileScan: pool.scanFile, scanner, masker: p.createTextMasker(scanner), sizes });
  } finally {
    await Promise.all([pool.close(), located.close()]);
  }
}

/** A root of two clean runs, the first with a 4 MiB log whose last line leaks a token. */
function root() {
  const dir = path.join(tempDir("changing"), "root");
  const first = cleanRun(path.join(dir, "a"));
  const second = cleanRun(path.join(dir, "b"));
  const log = path.join(first, "backend", "big.log");
  writeFileSync(log, Buffer.concat([quietLog(4 * MIB), Buffer.from(`GITHUB_TOKEN=${token}\n`)]));
  return { dir, first, second, log };
}

const codes = (result: { findings: Array<{ category: string; code: string; file: string | null }> }) => result.findings.map((f) => `${f.category} ${f.code} ${f.file}`);

describe("changing evidence is a finding", () => {
  it("a large log cut short after listing (its secret in the lost part) is FILE_SHRANK, never a pass", async () => {
    const r = root();
    const [first, second] = await auditAfter(r.dir, () => truncateSync(r.log, MIB + 100));
    expect(first?.verdict).toBe("fail");
    expect(codes(first!)).toContain("integrity FILE_SHRANK backend/big.log");
    expect(second?.verdict).toBe("pass");
    const p = await pipeline();
    const result = await p.auditResult([first!, second!], null, null, p.createTextMasker());
    expect(leaks(await everyFormat(JSON.stringify(result)), [token])).toEqual([]);
  });

  it("a small file cut short after listing is FILE_SHRANK too (the whole-file path)", async () => {
    const r = root();
    const [, second] = await auditAfter(r.dir, () => truncateSync(path.join(r.second, "backend", "harness.log"), 5));
    expect(second?.verdict).toBe("fail");
    expect(codes(second!)).toContain("integrity FILE_SHRANK backend/harness.log");
  });

  it("a file still growing is FILE_GREW: what is audited is not what is there", async () => {
    const r = root();
    const [, second] = await auditAfter(r.dir, () => appendFileSync(path.join(r.second, "backend", "harness.log"), "one more line\n"));
    expect(second?.verdict).toBe("fail");
    expect(codes(second!)).toContain("integrity FILE_GREW backend/harness.log");
  });

  it("a file replaced by another of the same size is FILE_REPLACED", async () => {
    const r = root();
    const target = path.join(r.second, "backend", "case.stdout.txt");
    const [, second] = await auditAfter(r.dir, () => {
      const swap = `${target}.new`;
      writeFileSync(swap, Buffer.alloc(readFileSync(target).length, 0x41));
      renameSync(swap, target);
    });
    expect(codes(second!)).toContain("integrity FILE_REPLACED backend/case.stdout.txt");
  });

  it.runIf(process.platform !== "win32")(
    "a FIFO swapped in after listing is FILE_TYPE_CHANGED, never a hang (no writer ever opens it)",
    async () => {
      const r = root();
      const target = path.join(r.second, "backend", "harness.log");
      const [first, second] = await auditAfter(r.dir, () => {
        rmSync(target);
        execFileSync("mkfifo", [target]);
      });
      expect(codes(second!)).toContain("integrity FILE_TYPE_CHANGED backend/harness.log");
      expect(first?.findings.some((f) => f.category === "secret")).toBe(true);
    },
    // A hang is what this case is about: the test's own bound, generous on a loaded machine.
    120_000,
  );

  it("a large file deleted after listing is FILE_VANISHED of its run; the other run is still audited", async () => {
    const r = root();
    const [first, second] = await auditAfter(r.dir, () => rmSync(r.log));
    expect(codes(first!)).toContain("integrity FILE_VANISHED backend/big.log");
    expect(second?.verdict).toBe("pass");
    expect(second?.artifacts.length).toBeGreaterThan(5);
  });

  it("unchanged, the same audit passes the clean run and finds the token at the end of the large log", async () => {
    const r = root();
    const [first, second] = await auditAfter(r.dir, () => {});
    expect(first?.findings.filter((f) => f.category === "integrity")).toEqual([]);
    expect(first?.findings.some((f) => f.category === "secret" && f.file === "backend/big.log")).toBe(true);
    expect(second?.verdict).toBe("pass");
  });
});
