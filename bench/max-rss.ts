/**
 * Preload for bench children (`node --import <this file>`): on exit, appends
 * `<pid> <peak RSS in KiB>` to the file named by BENCH_MAX_RSS_FILE. Used when /usr/bin/time is
 * not available.
 */
import { appendFileSync } from "node:fs";

const file = process.env["BENCH_MAX_RSS_FILE"];
if (file) {
  process.on("exit", () => {
    appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
  });
}
