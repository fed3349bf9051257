/** One description of an archive's entries, written as zip, tar or tar.gz. */
import { buildTar, buildZip, tempDir } from "./build-archives.js";

export type Format = "zip" | "tar" | "tar.gz";
export const FORMATS: Format[] = ["zip", "tar", "tar.gz"];

export interface EntrySpec {
  name: string;
  data?: string;
  type?: "file" | "directory" | "symlink" | "fifo";
  linkname?: string;
}

export function buildArchive(format: Format, specs: EntrySpec[]): Promise<Buffer> {
  if (format === "zip") {
    return Promise.resolve(
      buildZip(specs.map((spec) => ({ name: spec.name, data: spec.type === "symlink" ? (spec.linkname ?? "") : spec.data, type: spec.type }))),
    );
  }
  return buildTar(specs, { gzip: format === "tar.gz" });
}

export const EXTENSION: Record<Format, string> = { zip: "zip", tar: "tar", "tar.gz": "tgz" };

/** Write the archive into a fresh temp dir; returns its path and the cleanup. */
export async function writeArchive(format: Format, specs: EntrySpec[], name = "artifact") {
  const temp = await tempDir();
  const path = await temp.file(`${name}.${EXTENSION[format]}`, await buildArchive(format, specs));
  return { path, temp };
}

export const RUN_A = "20260601T013918Z-r1-string-slugify-2381028";
export const RUN_B = "20260601T020000Z-gate-missing-marker-1001";

export const TWO_RUN_ROOT: EntrySpec[] = [
  { name: `harness-runs/${RUN_A}/report.json`, data: '{"status":"fail","backend":"case"}\n' },
  { name: `harness-runs/${RUN_A}/report.md`, data: "- Report status: `fail`.\n" },
  { name: `harness-runs/${RUN_A}/trace.jsonl`, data: '{"ts":"2026-06-01T01:39:18Z","event":"start"}\n' },
  { name: `harness-runs/${RUN_A}/backend/case-data/config.json`, data: '{"models":{"default":"gpt-5.5"}}' },
  { name: `harness-runs/${RUN_B}/report.json`, data: '{"status":"blocked"}' },
  { name: `harness-runs/${RUN_B}/backend/provider-model-not-admitted.txt`, data: "not admitted\n" },
];
