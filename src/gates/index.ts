/**
 * The registry of the contract's gates (§6), in contract order. Hand-written so that a gate
 * left out is visible in review. Gates 6 (models) and 10 (secrets) are text scans and live in
 * `models/` and `secrets/`.
 */
import type { FindingDraft } from "../types.js";
import admissionBeforeStart from "./admission-before-start.js";
import admissionMatchesRecord from "./admission-matches-record.js";
import codexAuthBridge from "./codex-auth-bridge.js";
import configAdmittedModel from "./config-admitted-model.js";
import evidenceConsistency from "./evidence-consistency.js";
import type { Gate, RunFacts } from "./gate.js";
import localRouteConfig from "./local-route-config.js";
import missingAdmissionMarker from "./missing-admission-marker.js";
import noTargetRepository from "./no-target-repository.js";
import passOnAdmittedPath from "./pass-on-admitted-path.js";
import protocolFailureMarker from "./protocol-failure-marker.js";

export const GATES: readonly Gate[] = [
  admissionBeforeStart,
  missingAdmissionMarker,
  admissionMatchesRecord,
  configAdmittedModel,
  passOnAdmittedPath,
  localRouteConfig,
  codexAuthBridge,
  protocolFailureMarker,
  evidenceConsistency,
  noTargetRepository,
];

/** Code of the finding that stands in for a gate that threw (fail closed: the run fails). */
export const GATE_FAILED = "GATE_FAILED";

/**
 * Every gate's findings for one run, each stamped with its gate's id and category unless the
 * gate set its own. A gate that throws yields one `GATE_FAILED` error instead of ending the
 * audit; its message names only the error's class, never evidence content.
 */
export function runGates(run: RunFacts, gates: readonly Gate[] = GATES): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const gate of gates) {
    let drafts;
    try {
      drafts = gate.check(run);
    } catch (error) {
      const kind = error instanceof Error ? error.name : typeof error;
      findings.push({
        category: gate.category,
        rule: gate.id,
        code: GATE_FAILED,
        severity: "error",
        message: `gate ${gate.id} could not be evaluated (${kind})`,
        file: null,
        line: null,
        column: null,
      });
      continue;
    }
    for (const draft of drafts) {
      findings.push({ ...draft, rule: draft.rule ?? gate.id, category: draft.category ?? gate.category });
    }
  }
  return findings;
}
