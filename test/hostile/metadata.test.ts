import { writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildZip } from "../archive/build-archives.js";
import { ADMISSIONS, CLEAN_RUN, cleanRunEntries, paxRecord, tarHeader, tempDir } from "./kit.js";
import { auditAllFormats, fakeSecrets, leaksByFormat } from "./plant.js";

/**
 * Issue 11 item 2: archive metadata is evidence. A token in a PAX record or a zip comment used
 * to pass: nothing read it.
 */
const padding = (size: number) => Buffer.alloc((512 - (size % 512)) % 512);

/** A tar of the clean run, with PAX records before one entry (`x`) or for the whole archive (`g`). */
function tarWithPax(kind: "x" | "g", key: string, value: string): Buffer {
  const blocks: Buffer[] = [];
  const pax = (records: Array<[string, string]>) => {
    const body = Buffer.concat(records.map(([k, v]) => {
      const { head } = paxRecord(k, Buffer.byteLength(v));
      return Buffer.from(`${head}${v}\n`, "utf8");
    }));
    blocks.push(tarHeader("././@PaxHeader", body.length, kind), body, padding(body.length));
  };
  if (kind === "g") pax([[key, value]]);
  for (const entry of cleanRunEntries()) {
    if (kind === "x" && entry.name.endsWith("/backend/harness.log")) pax([[key, value]]);
    blocks.push(tarHeader(entry.name, entry.data.length), entry.data, padding(entry.data.length));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

describe("archive metadata is evidence", () => {
  const cases: Array<[string, (token: string) => { name: string; bytes: Buffer }, string | null]> = [
    ["a PAX record of an entry", (token) => ({ name: "runs.tar.gz", bytes: gzipSync(tarWithPax("x", "comment", `uploaded with ${token}`)) }), "backend/harness.log"],
    ["a PAX global record", (token) => ({ name: "runs.tar", bytes: tarWithPax("g", "SCHILY.note", token) }), null],
    [
      "a zip entry's comment",
      (token) => ({ name: "runs.zip", bytes: buildZip(cleanRunEntries().map((e) => ({ ...e, ...(e.name.endsWith("/report.md") && { comment: `token ${token}` }) }))) }),
      "report.md",
    ],
    ["a zip's own comment", (token) => ({ name: "runs.zip", bytes: buildZip(cleanRunEntries(), { comment: `CI_TOKEN=${token}` }) }), null],
  ];
  for (const [where, build, file] of cases) {
    it(`a token in ${where} fails the audit, as a masked secret finding${file ? ` on ${file}` : " of the archive"}`, async () => {
      const planted = fakeSecrets(where.length * 7);
      const archive = build(planted.githubToken);
      const target = path.join(tempDir("metadata"), archive.name);
      writeFileSync(target, archive.bytes);
      const outputs = await auditAllFormats([target], ["--admissions", ADMISSIONS]);
      expect(outputs.exitCode).toBe(1);
      const json = outputs.json as { runs: Array<{ id: string; findings: Array<{ category: string; file: string | null }> }>; roots?: Array<{ findings: Array<{ category: string; file: string | null }> }> };
      const secrets = file === null ? (json.roots ?? []).flatMap((root) => root.findings) : (json.runs.find((run) => run.id === CLEAN_RUN)?.findings ?? []);
      expect(secrets.filter((f) => f.category === "secret").map((f) => f.file)).toEqual([file]);
      expect(leaksByFormat(outputs, planted)).toEqual({});
    });
  }
});
