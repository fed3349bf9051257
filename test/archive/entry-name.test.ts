import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeEntryName, normalizeEntryName, printableName } from "../../src/evidence/archive/entry-name.js";

describe("normalizeEntryName", () => {
  it.each([
    ["a/b.txt", "a/b.txt", false],
    ["./a/b", "a/b", false],
    ["a//b/./c", "a/b/c", false],
    ["dir/", "dir", true],
    ["./", "", true],
    ["ab:c/d", "ab:c/d", false],
    ["..foo/bar..", "..foo/bar..", false],
  ])("accepts %j as %j", (name, path, trailingSlash) => {
    expect(normalizeEntryName(name)).toEqual({ ok: true, path, trailingSlash });
  });

  it.each([
    ["/etc/passwd", "absolute-path"],
    ["//server/share/x", "absolute-path"],
    ["\\\\server\\share\\x", "absolute-path"],
    ["\\windows\\x", "absolute-path"],
    ["C:\\Windows\\x", "absolute-path"],
    ["c:/x", "absolute-path"],
    ["D:relative", "absolute-path"],
    ["../../evil", "path-escape"],
    ["a/../../evil", "path-escape"],
    ["a/../b", "path-escape"],
    ["a/..", "path-escape"],
    ["a/.. /b", "path-escape"],
    ["a/.../b", "path-escape"],
    ["a\\..\\..\\evil", "path-escape"],
    ["a\\b", "invalid-name"],
    ["a\u0000b", "invalid-name"],
    ["a\nb", "invalid-name"],
    ["a\u007fb", "invalid-name"],
    ["", "invalid-name"],
    ["x/\ud800", "invalid-name"],
    ["a/".repeat(2049), "invalid-name"],
  ])("rejects %j as %s", (name, reason) => {
    expect(normalizeEntryName(name)).toEqual({ ok: false, reason });
  });

  it("never returns a path that is absolute, has a .. segment, a backslash or an empty segment", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.array(fc.constantFrom("a", "..", ".", "/", "\\", "C:", " ", "\u0000")).map((parts) => parts.join(""))), (name) => {
        const verdict = normalizeEntryName(name);
        if (!verdict.ok) return;
        expect(verdict.path.startsWith("/")).toBe(false);
        expect(verdict.path).not.toContain("\\");
        expect(verdict.path).not.toContain("\u0000");
        for (const segment of verdict.path === "" ? [] : verdict.path.split("/")) {
          expect(segment).not.toBe("");
          expect(segment).not.toBe(".");
          expect(segment).not.toBe("..");
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("decodeEntryName", () => {
  it("decodes UTF-8 and refuses other bytes", () => {
    expect(decodeEntryName(Buffer.from("répertoire/ü.txt"))).toBe("répertoire/ü.txt");
    expect(decodeEntryName(Uint8Array.of(0x61, 0xff, 0x62))).toBeNull();
    expect(decodeEntryName(Uint8Array.of(0xc3))).toBeNull();
  });
});

describe("printableName", () => {
  it.each([
    ["plain/name.txt", "plain/name.txt"],
    ["a\nb", "a\\x0ab"],
    ["C:\\x", "C:\\\\x"],
    ["evil\u202Etxt.exe", "evil\\u{202e}txt.exe"],
    ["a\u0000b", "a\\x00b"],
  ])("prints %j as %j", (raw, printed) => {
    expect(printableName(raw)).toBe(printed);
  });

  it("escapes bytes that are not UTF-8", () => {
    expect(printableName(Uint8Array.of(0x61, 0xff, 0x5c, 0x0a))).toBe("a\\xff\\\\\\x0a");
  });

  it("cuts long names", () => {
    const printed = printableName("x".repeat(5000));
    expect(printed.length).toBeLessThan(600);
    expect(printed).toContain("5000");
  });

  it("never contains a control character", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.uint8Array()), (raw) => {
        // eslint-disable-next-line no-control-regex
        expect(printableName(raw)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
      }),
    );
  });
});
