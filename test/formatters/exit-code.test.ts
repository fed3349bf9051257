import { describe, expect, it } from "vitest";
import { exitCodeFor } from "../../src/cli/exit-code.js";
import type { AuditResult, Finding } from "../../src/types.js";
import { FIXTURE } from "./fixture.js";

const finding = (severity: Finding["severity"], suppressed = false): Finding => ({
  category: "schema",
  rule: "schema/report",
  code: "X",
  severity,
  message: "m",
  file: null,
  line: null,
  column: null,
  fingerprint: "ab",
  ...(suppressed ? { suppressed: { reason: "r", expires: "2099-01-01" } } : {}),
});

function result(runFindings: Finding[], verdict: "pass" | "fail", shared: Finding[] = [], where: "registry" | "allowlist" = "registry"): AuditResult {
  return {
    ...FIXTURE,
    registry: undefined,
    allowlist: undefined,
    runs: [{ id: "r", path: "r", verdict, status: "pass", findings: runFindings }],
    [where]: { path: "x", findings: shared },
  };
}

describe("exitCodeFor", () => {
  it("is 1 for the fixture, which has failing runs", () => {
    expect(exitCodeFor(FIXTURE, "error")).toBe(1);
  });

  it("is 0 when every run passed and nothing else counts", () => {
    expect(exitCodeFor(result([], "pass"), "error")).toBe(0);
    expect(exitCodeFor({ ...FIXTURE, runs: [], registry: undefined, allowlist: undefined }, "warning")).toBe(0);
  });

  it("is 1 when a run failed, whatever the threshold", () => {
    expect(exitCodeFor(result([finding("error")], "fail"), "error")).toBe(1);
    expect(exitCodeFor(result([finding("error")], "fail"), "warning")).toBe(1);
  });

  it("fails on warnings only with --fail-on warning", () => {
    expect(exitCodeFor(result([finding("warning")], "pass"), "error")).toBe(0);
    expect(exitCodeFor(result([finding("warning")], "pass"), "warning")).toBe(1);
  });

  it("ignores suppressed findings", () => {
    expect(exitCodeFor(result([finding("warning", true)], "pass"), "warning")).toBe(0);
    expect(exitCodeFor(result([], "pass", [finding("error", true)]), "warning")).toBe(0);
  });

  it.each(["registry", "allowlist"] as const)("counts unsuppressed %s findings against the threshold", (where) => {
    expect(exitCodeFor(result([], "pass", [finding("error")], where), "error")).toBe(1);
    expect(exitCodeFor(result([], "pass", [finding("warning")], where), "error")).toBe(0);
    expect(exitCodeFor(result([], "pass", [finding("warning")], where), "warning")).toBe(1);
  });
});
