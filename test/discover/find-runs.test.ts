import { describe, expect, it } from "vitest";
import { findRunDirectories, runTimestamp } from "../../src/discover/find-runs.js";

describe("findRunDirectories", () => {
  it("finds runs by report.json or by name, at any depth, but never inside another run", () => {
    const dirs = [
      "",
      "20260601T013918Z-r1-string-slugify-2381028",
      "20260601T013918Z-r1-string-slugify-2381028/backend",
      "20260601T013918Z-r1-string-slugify-2381028/baseline",
      "profile-a",
      "profile-a/harness-runs",
      "profile-a/harness-runs/20260602T000000Z-task-7",
      "profile-a/harness-runs/custom-run",
      "admissions",
    ];
    const files = [
      "20260601T013918Z-r1-string-slugify-2381028/report.json",
      "20260601T013918Z-r1-string-slugify-2381028/baseline/report.json",
      "profile-a/harness-runs/custom-run/report.json",
      "admissions/CTO-CASE-MODEL-PROVIDER-ADMISSION.a-b.json",
    ];
    expect(findRunDirectories(dirs, files)).toEqual([
      "20260601T013918Z-r1-string-slugify-2381028",
      "profile-a/harness-runs/20260602T000000Z-task-7",
      "profile-a/harness-runs/custom-run",
    ]);
  });

  it("treats the root itself as the run when it holds report.json", () => {
    expect(findRunDirectories(["", "backend", "baseline"], ["report.json", "baseline/report.json"])).toEqual([""]);
  });

  it("reads the timestamp of a run name", () => {
    expect(runTimestamp("20260601T013918Z-r1-string-slugify-2381028")?.toISOString()).toBe("2026-06-01T01:39:18.000Z");
    expect(runTimestamp("custom-run")).toBeNull();
    expect(runTimestamp("20261399T000000Z-x-1")).toBeNull();
  });
});
