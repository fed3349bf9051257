/**
 * Issue 11, item 5: hostile archives are bounded. Oversized PAX and GNU long headers are a
 * finding, not memory; entries sharing one deflated stream are a finding, not inflated; a budget
 * of inflated bytes ends a bomb as a finding; 100,000 entries audit within the memory budget; out
 * of memory is never a crash (exit 134). Each case runs the built bin as a user would, measuring
 * its peak RSS.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CLEAN_RUN, cleanRunEntries, everyFormat, fakeToken, findingsOf, HAVE_BIN, leaks, quietLog, runBin, tarGzWithLongHeader, tarHeader, tempDir, ADMISSIONS, buildZip } from "./kit.js";
import { run } from "../../src/cli/cli.js";

const common = ["--admissions", ADMISSIONS, "--format", "json"];
/** Peak RSS every case stays under (the project's memory target; before: 384 MB to ~1 GB on the PAX cases). */
const RSS_BOUND_MB = 256;
const token = fakeToken("archives");

/** The clean run's entries, one of them leaking a token (so every output has something to not leak). */
function leakingRun() {
  return cleanRunEntries().map((entry) =>
    entry.name.endsWith("/backend/case.stderr.txt") ? { ...entry, data: Buffer.concat([entry.data, Buffer.from(`GITHUB_TOKEN=${token}\n`)]) } : entry,
  );
}

describe.skipIf(!HAVE_BIN)("hostile archives are bounded", () => {
  it.each([
    ["a PAX 'x' record of 100 MB (a ~100 KB .tar.gz)", "x", 100],
    ["a global PAX 'g' record of 100 MB", "g", 100],
    ["a GNU long name of 300 MB (a ~300 KB .tar.gz; before: V8 fatal out-of-memory, exit 134)", "L", 300],
  ] as const)("%s is a HEADER_TOO_LARGE finding, within the memory bound", async (_, kind, megabytes) => {
    const file = path.join(tempDir("pax"), "artifact.tar.gz");
    await tarGzWithLongHeader(file, megabytes * 1024 * 1024, kind);
    const outcome = await runBin([...common, file]);
    expect(outcome.signal).toBeNull();
    expect(outcome.code).toBe(1);
    expect(findingsOf(outcome.stdout)).toContainEqual(expect.stringMatching(/^integrity integrity\/archive-limit HEADER_TOO_LARGE /));
    expect(outcome.peakRssMb ?? 0).toBeLessThan(RSS_BOUND_MB);
    expect(outcome.stderr).not.toMatch(/FATAL|JavaScript heap/);
  });

  it("entries whose central records share one 20 MB deflated stream (a non-recursive zip bomb) are findings, never inflated", async () => {
    const aliases = Array.from({ length: 19 }, (_, i) => `${CLEAN_RUN}/backend/bomb-${String(i + 1).padStart(2, "0")}.log`);
    const file = path.join(tempDir("overlap"), "artifact.zip");
    writeFileSync(file, buildZip([...leakingRun(), { name: `${CLEAN_RUN}/backend/bomb-00.log`, data: quietLog(20 * 1024 * 1024), aliases }]));
    const outcome = await runBin([...common, file]);
    expect(outcome.code).toBe(1);
    const overlapping = findingsOf(outcome.stdout).filter((f) => f.includes(" OVERLAPPING_ENTRIES "));
    expect(overlapping).toHaveLength(20);
    expect(overlapping.every((f) => f.startsWith("integrity integrity/archive-limit "))).toBe(true);
    expect(leaks((await everyFormat(outcome.stdout)) + outcome.stderr, [token])).toEqual([]);
  });

  it("a zip that inflates past --max-archive-bytes is stopped there: each file left unread is a finding", async () => {
    const big = Array.from({ length: 6 }, (_, i) => ({ name: `${CLEAN_RUN}/backend/big-${i}.log`, data: quietLog(20 * 1024 * 1024) }));
    const file = path.join(tempDir("budget"), "artifact.zip");
    writeFileSync(file, buildZip([...leakingRun(), ...big]));
    const outcome = await runBin([...common, "--max-archive-bytes", String(50 * 1024 * 1024), file]);
    expect(outcome.code).toBe(1);
    const budget = findingsOf(outcome.stdout).filter((f) => f.includes(" INFLATE_BUDGET_EXCEEDED "));
    // 50 MB: two 20 MB files fit, the third crosses the budget; it and every file after it are reported.
    expect(budget.length).toBeGreaterThanOrEqual(4);
    expect(budget.every((f) => f.startsWith("integrity integrity/archive-limit "))).toBe(true);
    expect(outcome.peakRssMb ?? 0).toBeLessThan(RSS_BOUND_MB);
    expect(leaks((await everyFormat(outcome.stdout)) + outcome.stderr, [token])).toEqual([]);
  });

  it("a tar.gz bomb stops its listing pass at the budget set in the config file: the rest, and every file listed, are findings", async () => {
    const dir = tempDir("tarbomb");
    const entries = [...leakingRun(), { name: `${CLEAN_RUN}/zz/bomb.log`, data: quietLog(60 * 1024 * 1024) }, { name: `${CLEAN_RUN}/zz/after.log`, data: Buffer.from("after\n") }];
    const blocks = entries.flatMap((e) => [tarHeader(e.name, e.data.length), e.data, Buffer.alloc((512 - (e.data.length % 512)) % 512)]);
    const file = path.join(dir, "artifact.tar.gz");
    writeFileSync(file, gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)])));
    const config = path.join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ maxArchiveBytes: 30 * 1024 * 1024 }));
    const outcome = await runBin([...common, "--config", config, file]);
    expect(outcome.code).toBe(1);
    const findings = findingsOf(outcome.stdout);
    expect(findings).toContainEqual("integrity integrity/archive-limit INFLATE_BUDGET_EXCEEDED -");
    // The listing spent the budget: no file listed before the bomb can be read again (each pass counts).
    expect(findings).toContainEqual("integrity integrity/archive-limit INFLATE_BUDGET_EXCEEDED report.json");
    expect(findings.some((f) => f.includes("zz/after.log"))).toBe(false);
    expect(leaks((await everyFormat(outcome.stdout)) + outcome.stderr, [token])).toEqual([]);
  });

  it("a zip of 100,000 tiny entries is audited with the default heap (before: exit 2, out of memory), under the memory bound", async () => {
    const tiny = Array.from({ length: 100_000 }, (_, i) => ({
      name: `${CLEAN_RUN}/backend/logs/entry-${String(i).padStart(6, "0")}.log`,
      data: Buffer.from(`line ${i} ok\n`),
      stored: true,
    }));
    const file = path.join(tempDir("many"), "artifact.zip");
    writeFileSync(file, buildZip([...leakingRun(), ...tiny]));
    const outcome = await runBin([...common, file]);
    expect(outcome.stderr).not.toMatch(/heap/);
    expect(outcome.code).toBe(1);
    const result = JSON.parse(outcome.stdout) as { runs: Array<{ artifacts: string[]; findings: Array<{ category: string; file: string }> }> };
    expect(result.runs[0]?.artifacts).toHaveLength(100_000 + 10);
    expect(result.runs[0]?.findings.map((f) => `${f.category} ${f.file}`)).toContainEqual("secret backend/case.stderr.txt");
    expect(outcome.peakRssMb ?? 0).toBeLessThan(RSS_BOUND_MB);
    expect(leaks((await everyFormat(outcome.stdout)) + outcome.stderr, [token])).toEqual([]);
  }, 240_000);

  it("central directory records beyond the count its end record declares are a finding (other extractors see them)", async () => {
    const zip = buildZip([...leakingRun(), { name: `${CLEAN_RUN}/backend/hidden.log`, data: Buffer.from(`TOKEN=${token}\n`) }]);
    // Declare one entry fewer in the end record: yauzl reads only that many.
    const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    zip.writeUInt16LE(zip.readUInt16LE(end + 8) - 1, end + 8);
    zip.writeUInt16LE(zip.readUInt16LE(end + 10) - 1, end + 10);
    const file = path.join(tempDir("unlisted"), "artifact.zip");
    writeFileSync(file, zip);
    const outcome = await run([...common, "--workers", "0", file]);
    expect(outcome.exitCode).toBe(1);
    expect(findingsOf(outcome.stdout)).toContainEqual("integrity integrity/archive-limit UNLISTED_ENTRIES -");
  });
});
