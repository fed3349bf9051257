import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArchiveError } from "../../src/evidence/archive/archive-error.js";
import { buildEntryTable, type StoredEntry } from "../../src/evidence/archive/entry-table.js";
import type { EntryType } from "../../src/evidence/source.js";

function stored(name: string | Uint8Array, type: EntryType = "file", size = 1): StoredEntry<string> {
  return { name, type, size, handle: typeof name === "string" ? name : "bytes" };
}

describe("buildEntryTable", () => {
  it("sorts by path and synthesises parent directories the archive does not list", () => {
    const table = buildEntryTable([stored("runs/r2/report.json", "file", 5), stored("runs/r1/trace.jsonl", "file", 7), stored("runs/", "directory")], 100);
    expect(table.entries).toEqual([
      { path: "runs", type: "directory", size: 0 },
      { path: "runs/r1", type: "directory", size: 0 },
      { path: "runs/r1/trace.jsonl", type: "file", size: 7 },
      { path: "runs/r2", type: "directory", size: 0 },
      { path: "runs/r2/report.json", type: "file", size: 5 },
    ]);
    expect(table.rejected).toEqual([]);
    expect([...table.stored].filter(([, e]) => e.handle !== undefined).map(([p]) => p).sort()).toEqual(["runs", "runs/r1/trace.jsonl", "runs/r2/report.json"]);
  });

  it("skips the root entry ./ and normalises ./a/b", () => {
    const table = buildEntryTable([stored("./", "directory"), stored("./a/b")], 100);
    expect(table.entries.map((e) => e.path)).toEqual(["a", "a/b"]);
  });

  it("lets the later duplicate win and rejects the earlier one", () => {
    const table = buildEntryTable([stored("a/x", "file", 1), stored("./a/x", "file", 2)], 100);
    expect(table.entries).toContainEqual({ path: "a/x", type: "file", size: 2 });
    expect(table.stored.get("a/x")?.handle).toBe("./a/x");
    expect(table.rejected).toEqual([{ rawName: "a/x", reason: "invalid-name" }]);
  });

  it("merges duplicate directory entries silently", () => {
    const table = buildEntryTable([stored("d/", "directory"), stored("d", "directory")], 100);
    expect(table.entries).toEqual([{ path: "d", type: "directory", size: 0 }]);
    expect(table.rejected).toEqual([]);
  });

  it("rejects entries below a symlink as path-escape, below a file as invalid-name", () => {
    const table = buildEntryTable(
      [stored("link/passwd"), stored("link", "symlink", 0), stored("file"), stored("file/inner")],
      100,
    );
    expect(table.entries.map((e) => `${e.path}:${e.type}`)).toEqual(["file:file", "link:symlink"]);
    expect(table.rejected).toEqual([
      { rawName: "file/inner", reason: "invalid-name" },
      { rawName: "link/passwd", reason: "path-escape" },
    ]);
  });

  it("rejects bad names with their raw name made printable", () => {
    const table = buildEntryTable(
      [stored("../../evil"), stored("/etc/passwd"), stored("C:\\x"), stored(Uint8Array.of(0x62, 0xff)), stored("lossy\ufffd"), stored("./", "file")],
      100,
    );
    expect(table.entries).toEqual([]);
    expect(table.rejected).toEqual([
      { rawName: "../../evil", reason: "path-escape" },
      { rawName: "./", reason: "invalid-name" },
      { rawName: "/etc/passwd", reason: "absolute-path" },
      { rawName: "C:\\\\x", reason: "absolute-path" },
      { rawName: "b\\xff", reason: "invalid-name" },
      { rawName: "lossy\ufffd", reason: "invalid-name" },
    ]);
  });

  it("reports a size only for files", () => {
    const table = buildEntryTable([stored("l", "symlink", 9), stored("d", "directory", 9)], 100);
    expect(table.entries.every((e) => e.size === 0)).toBe(true);
  });

  it("throws TOO_MANY_ENTRIES past maxEntries, synthesised directories included", () => {
    expect(() => buildEntryTable([stored("a"), stored("b"), stored("c")], 2)).toThrow(
      expect.objectContaining({ code: "TOO_MANY_ENTRIES" }) as ArchiveError,
    );
    expect(() => buildEntryTable([stored("a/b/c/d/e")], 3)).toThrow(expect.objectContaining({ code: "TOO_MANY_ENTRIES" }));
    expect(buildEntryTable([stored("a/b/c")], 3).entries).toHaveLength(3);
  });

  it("never throws below the cap and never lists an unsafe path (property)", () => {
    const name = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.uint8Array({ maxLength: 40 }),
      fc.array(fc.constantFrom("a", "b", "..", ".", "/", "\\", "C:", "\u0000", "é"), { maxLength: 8 }).map((parts) => parts.join("")),
    );
    const entry = fc.record({ name, type: fc.constantFrom<EntryType>("file", "directory", "symlink", "other"), size: fc.nat() });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const table = buildEntryTable(
          entries.map((e) => ({ ...e, handle: null })),
          100_000,
        );
        const paths = table.entries.map((e) => e.path);
        expect(new Set(paths).size).toBe(paths.length);
        expect([...paths].sort()).toEqual(paths);
        for (const path of paths) {
          expect(path.startsWith("/")).toBe(false);
          expect(path).not.toContain("\\");
          expect(path.split("/")).not.toContain("..");
          expect(path.split("/")).not.toContain("");
          const parent = path.slice(0, Math.max(0, path.lastIndexOf("/")));
          if (parent) expect(table.entries.find((e) => e.path === parent)?.type).toBe("directory");
        }
      }),
      { numRuns: 500 },
    );
  });
});
