import fc from "fast-check";
import { describe, expect, it } from "vitest";
import gate, { findTargetPaths } from "../../src/gates/no-target-repository.js";
import { buildRun, codes } from "./facts.js";

describe("gate/no-target-repository", () => {
  it("passes a run without a copied repository", () => {
    expect(gate.check(buildRun({ addDirectories: ["backend/work", "git"], addFiles: ["backend/git.log", "x.gitignore"] }))).toEqual([]);
  });

  it("fails a .git folder anywhere, reporting only the outermost", () => {
    const findings = gate.check(
      buildRun({ addDirectories: [".git", ".git/modules", ".git/modules/sub/.git", "backend/copy/.git", "backend/copy/.git/objects"] }),
    );
    expect(codes(findings)).toEqual(["COPIED_REPOSITORY", "COPIED_REPOSITORY"]);
    expect(findings.map((f) => f.file)).toEqual([".git", "backend/copy/.git"]);
    expect(findings[0]).toMatchObject({ line: null, column: null, severity: "error" });
  });

  it("fails a .git file (a worktree or submodule checkout)", () => {
    expect(gate.check(buildRun({ addFiles: ["backend/checkout/.git"] }))[0]).toMatchObject({
      code: "COPIED_REPOSITORY",
      file: "backend/checkout/.git",
    });
  });
});

describe("findTargetPaths", () => {
  const targets = ["/srv/target-repo", "/srv/target-repo/packages/core/"];

  it("finds whole path occurrences, with positions and the target's index", () => {
    const text = 'cwd="/srv/target-repo" then /srv/target-repo/packages/core/index.ts.';
    expect(findTargetPaths(text, targets)).toEqual([
      { start: 5, end: 21, targetIndex: 0 },
      { start: 28, end: 44, targetIndex: 0 },
      { start: 28, end: 58, targetIndex: 1 },
    ]);
  });

  it("does not match a longer name or a different parent", () => {
    for (const text of ["/srv/target-repo2", "/srv/target-repo.old", "/mnt/srv/target-repo", "/srv/target-repo_x", "/srv/target-repo-2"]) {
      expect(findTargetPaths(text, targets), text).toEqual([]);
    }
  });

  it("matches at a sentence's end, in URLs and after separators", () => {
    expect(findTargetPaths("see /srv/target-repo.", targets)).toHaveLength(1);
    expect(findTargetPaths("file:///srv/target-repo", targets)).toHaveLength(1);
    expect(findTargetPaths("x:/srv/target-repo\n", targets)).toHaveLength(1);
  });

  it("matches Windows paths literally and ignores empty targets", () => {
    expect(findTargetPaths("at C:\\work\\repo\\src", ["C:\\work\\repo\\", "", "/"])).toEqual([{ start: 3, end: 15, targetIndex: 0 }]);
    expect(findTargetPaths("xC:\\work\\repo", ["C:\\work\\repo"])).toEqual([]);
  });

  it("never throws, and every match is an occurrence of its target", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { maxLength: 4 }), (text, paths) => {
        for (const match of findTargetPaths(text, paths)) {
          const target = (paths[match.targetIndex] ?? "").replace(/[\\/]+$/, "");
          expect(text.slice(match.start, match.end)).toBe(target);
        }
      }),
    );
  });

  it("finds a target embedded between separators", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ "'=(]{0,3}$/), fc.stringMatching(/^(\/[a-z]{1,5}){1,3}\/?$/), (before, target) => {
        const text = `${before}${target} done`;
        expect(findTargetPaths(text, [target]).length).toBeGreaterThan(0);
      }),
    );
  });
});
