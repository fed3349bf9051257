import { describe, expect, it } from "vitest";
import { defineGate } from "../../src/gates/gate.js";
import { GATE_FAILED, GATES, runGates } from "../../src/gates/index.js";
import { buildRun } from "./facts.js";

describe("gate registry", () => {
  it("has unique ids and gate numbers, each with a description", () => {
    const ids = GATES.map((gate) => gate.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(GATES.map((gate) => gate.number)).size).toBe(GATES.length);
    for (const gate of GATES) {
      expect(gate.id).toMatch(/^gate\/[a-z0-9-]+$/);
      expect(gate.description.trim().length).toBeGreaterThan(10);
      expect(gate.category).toBe("gate");
    }
  });

  it("holds the contract's gates in order, without 6 (models) and 10 (secrets)", () => {
    expect(GATES.map((gate) => gate.number)).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 11, 12]);
  });

  it("passes the default admitted, started, passing run", () => {
    expect(runGates(buildRun())).toEqual([]);
  });

  it("stamps rule and category unless the draft set its own", () => {
    const stamped = runGates(buildRun({ report: { status: "blocked", reason: "x", case_process_started: true, case_model_admission_status: "not_admitted" } }));
    expect(stamped.length).toBeGreaterThan(0);
    expect(stamped.every((finding) => finding.category === "gate")).toBe(true);
    expect(stamped.map((finding) => finding.rule)).toContain("gate/admission-before-start");

    const own = defineGate({
      id: "gate/test-own",
      number: 99,
      category: "gate",
      description: "test gate with its own rule",
      check: () => [{ code: "X", severity: "error", message: "m", file: null, line: null, column: null, rule: "custom/rule", category: "schema" }],
    });
    expect(runGates(buildRun(), [own])[0]).toMatchObject({ rule: "custom/rule", category: "schema" });
  });

  it("turns a gate that throws into one GATE_FAILED error", () => {
    const broken = defineGate({
      id: "gate/test-broken",
      number: 98,
      category: "gate",
      description: "test gate that throws",
      check: () => {
        throw new TypeError("sk-this-must-not-appear");
      },
    });
    const findings = runGates(buildRun(), [broken]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: GATE_FAILED, rule: "gate/test-broken", severity: "error" });
    expect(findings[0]?.message).not.toContain("sk-this");
  });

  it("never throws on report values of any shape", () => {
    for (const value of [null, 1, "x", [], {}, { status: 1 }, { env: "x" }]) {
      expect(() => runGates(buildRun({ reportArtifact: { value } }))).not.toThrow();
      expect(runGates(buildRun({ reportArtifact: { value } })).map((f) => f.code)).not.toContain(GATE_FAILED);
    }
  });
});
