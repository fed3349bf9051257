/** Format detection, and the property that no archive name ever becomes an unsafe path. */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatFromMagic, formatFromName } from "../../src/evidence/archive/detect.js";
import { isArchivePath, openArchiveSource } from "../../src/evidence/archive/index.js";
import { buildTar, buildZip, readAll, tempDir } from "./build-archives.js";

let temp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  temp = await tempDir();
});
afterAll(() => temp.cleanup());

describe("isArchivePath / formatFromName", () => {
  it.each([
    ["artifact.zip", "zip"],
    ["runs/ARTIFACT.ZIP", "zip"],
    ["a.tar", "tar"],
    ["a.tar.gz", "tar.gz"],
    ["a.TGZ", "tar.gz"],
    ["report.json", null],
    ["a.gz", null],
    ["zip", null],
    ["a.zip.txt", null],
  ])("%s → %s", (path, format) => {
    expect(formatFromName(path)).toBe(format);
    expect(isArchivePath(path)).toBe(format !== null);
  });
});

describe("openArchiveSource format detection", () => {
  it("recognises formats by magic bytes", async () => {
    expect(formatFromMagic(buildZip([]))).toBe("zip");
    expect(formatFromMagic(buildZip([{ name: "a", data: "x" }]))).toBe("zip");
    expect(formatFromMagic(await buildTar([{ name: "a", data: "x" }]))).toBe("tar");
    expect(formatFromMagic(await buildTar([{ name: "a", data: "x" }], { gzip: true }))).toBe("tar.gz");
    expect(formatFromMagic(Buffer.from("hello"))).toBeNull();
  });

  it("trusts magic bytes over the extension", async () => {
    const path = await temp.file("mislabelled.zip", await buildTar([{ name: "run/report.json", data: "{}" }], { gzip: true }));
    const source = await openArchiveSource(path, { maxEntryBytes: 100 });
    expect(source.format).toBe("tar.gz");
    expect(source.label).toBe(path);
    expect((await source.list()).entries.map((e) => e.path)).toEqual(["run", "run/report.json"]);
    await source.close();
  });

  it("refuses a file that is neither by magic nor by name", async () => {
    const path = await temp.file("notes.txt", Buffer.from("hello"));
    await expect(openArchiveSource(path, { maxEntryBytes: 100 })).rejects.toMatchObject({ code: "UNSUPPORTED_ARCHIVE" });
  });

  it("reports a missing file as ARCHIVE_UNREADABLE", async () => {
    await expect(openArchiveSource(`${temp.dir}/missing.zip`, { maxEntryBytes: 100 })).rejects.toMatchObject({ code: "ARCHIVE_UNREADABLE" });
  });

  it("opens an empty zip", async () => {
    const source = await openArchiveSource(await temp.file("empty.zip", buildZip([])), { maxEntryBytes: 100 });
    expect(await source.list()).toEqual({ entries: [], rejected: [], metadata: [] });
    await source.close();
  });
});

function assertSafe(paths: string[]) {
  for (const path of paths) {
    expect(path.startsWith("/")).toBe(false);
    expect(path).not.toContain("\\");
    expect(path.split("/")).not.toContain("..");
  }
}

const hostileSegments = fc.constantFrom("run", "..", ".", "", "/", "\\", "C:", "é", " ", "\u0000", "\n", "...");
const hostileName = fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), fc.array(hostileSegments, { maxLength: 8 }).map((parts) => parts.join("/")));

describe("list() on archives with arbitrary entry names (property)", () => {
  it("zip: never throws, never lists an absolute, .. or backslash path", async () => {
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(hostileName, fc.uint8Array({ minLength: 1, maxLength: 40 })), { minLength: 1, maxLength: 12 }), async (names) => {
        const path = await temp.file(`p${counter++}.zip`, buildZip(names.map((name) => ({ name, data: "x" }))));
        const source = await openArchiveSource(path, { maxEntryBytes: 10 });
        try {
          const { entries, rejected } = await source.list();
          assertSafe(entries.map((e) => e.path));
          // Every stored entry is accounted for: listed (a name ending in "/" is a folder) or rejected.
          expect(entries.length + rejected.length).toBeGreaterThanOrEqual(1);
        } finally {
          await source.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it("tar and tar.gz: never throw, never list an absolute, .. or backslash path", async () => {
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hostileName.filter((n) => n.length > 0), { minLength: 1, maxLength: 12 }), fc.boolean(), async (names, gzip) => {
        const path = await temp.file(`p${counter++}.tar`, await buildTar(names.map((name) => ({ name, data: "x" })), { gzip }));
        const source = await openArchiveSource(path, { maxEntryBytes: 10 });
        try {
          const { entries } = await source.list();
          assertSafe(entries.map((e) => e.path));
          for (const entry of entries.filter((e) => e.type === "file")) {
            expect((await readAll(source.read(entry.path))).toString()).toBe("x");
          }
        } finally {
          await source.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
