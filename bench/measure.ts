/**
 * Runs a child process to completion and measures its wall time and peak RSS: through
 * `/usr/bin/time -v` when present (it reports even for a child that crashed), else through the
 * `max-rss` preload. Output goes to files, so the bench never buffers a child's report.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface Measurement {
  seconds: number;
  /** User plus system CPU seconds of the command and the children it waited for; null when unknown. */
  cpuSeconds: number | null;
  /** Peak resident set size in MiB, null when it could not be read. */
  peakRssMb: number | null;
  /** Exit code of the measured command; null when it died of a signal or the time limit. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdoutFile: string;
  stderrFile: string;
}

const TIME = "/usr/bin/time";
const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), "max-rss.js");

/** Runs `node <args>` with a time limit. */
export async function measureNode(args: readonly string[], options: { cwd: string; workDir: string; name: string; timeoutSeconds: number }): Promise<Measurement> {
  const stdoutFile = path.join(options.workDir, `${options.name}.stdout`);
  const stderrFile = path.join(options.workDir, `${options.name}.stderr`);
  const rssFile = path.join(options.workDir, `${options.name}.maxrss`);
  const timeFile = path.join(options.workDir, `${options.name}.time`);
  rmSync(rssFile, { force: true });
  rmSync(timeFile, { force: true });
  const useTime = existsSync(TIME);
  const command = useTime ? TIME : process.execPath;
  const argv = useTime ? ["-v", "-o", timeFile, process.execPath, ...args] : ["--import", pathToFileURL(PRELOAD).href, ...args];
  const out = openSync(stdoutFile, "w");
  const err = openSync(stderrFile, "w");
  const started = process.hrtime.bigint();
  let timedOut = false;
  const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: options.cwd,
      stdio: ["ignore", out, err],
      env: { ...process.env, BENCH_MAX_RSS_FILE: rssFile, NO_COLOR: "1" },
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutSeconds * 1000);
    child.on("error", reject);
    child.on("exit", (exitCode, exitSignal) => {
      clearTimeout(timer);
      resolve({ code: exitCode, signal: exitSignal });
    });
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(out);
  closeSync(err);
  let exitCode = code;
  let peakKb: number | null = null;
  let cpuSeconds: number | null = null;
  if (useTime && existsSync(timeFile)) {
    const report = readFileSync(timeFile, "utf8");
    const user = /User time \(seconds\): ([\d.]+)/.exec(report);
    const system = /System time \(seconds\): ([\d.]+)/.exec(report);
    if (user && system) cpuSeconds = Number(user[1]) + Number(system[1]);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
    if (rss) peakKb = Number(rss[1]);
    const status = /Exit status: (\d+)/.exec(report);
    if (status) exitCode = Number(status[1]);
    if (/Command terminated by signal/.test(report)) exitCode = null;
  } else if (existsSync(rssFile)) {
    peakKb = Math.max(...readFileSync(rssFile, "utf8").trim().split("\n").map((line) => Number(line.split(" ")[1])));
  }
  return { seconds, cpuSeconds, peakRssMb: peakKb === null ? null : peakKb / 1024, exitCode: timedOut ? null : exitCode, signal, timedOut, stdoutFile, stderrFile };
}
