/**
 * When the contract requires a marker file (contract §3, §6 gates 2, 8, 9). Gates 2, 8 and 9
 * require the markers; gate 11 uses the same conditions so that it does not report a missing
 * marker a second time. Pure.
 */
import { CODEX_PROVIDER, ENV, PROTOCOL_FAILURE_CLASS } from "../evidence/vocabulary.js";
import type { RunFacts } from "./gate.js";
import { asObject, stringField } from "./read.js";

/** Gate 2: `missing_admission` comes with `backend/provider-model-not-admitted.txt`. */
export function needsNotAdmittedMarker(run: RunFacts): boolean {
  return stringField(asObject(run.report.value), "case_model_admission_status") === "missing_admission";
}

/** Gate 8: `openai-codex` without `CTO_HARNESS_CASE_OPENAI_CODEX_AUTH_BRIDGE=1`. */
export function codexBridgeMissing(run: RunFacts): boolean {
  return (
    stringField(asObject(run.report.value), "case_model_provider") === CODEX_PROVIDER &&
    run.env[ENV.codexAuthBridge] !== "1"
  );
}

/**
 * Gate 8 requires the auth-unavailable marker when the auth preflight is what blocked the run:
 * the pair was admitted (an unadmitted pair is blocked earlier, by admission, gate 1).
 */
export function needsAuthUnavailableMarker(run: RunFacts): boolean {
  return (
    codexBridgeMissing(run) &&
    stringField(asObject(run.report.value), "case_model_admission_status") === "admitted"
  );
}

/** Gate 9: a failure classified `agent-protocol-error` comes with the protocol marker. */
export function needsProtocolMarker(run: RunFacts): boolean {
  return stringField(asObject(run.report.value), "failure_class") === PROTOCOL_FAILURE_CLASS;
}

/** Marker paths some gate requires for this run. */
export function requiredMarkers(run: RunFacts): Set<string> {
  const markers = new Set<string>();
  if (needsNotAdmittedMarker(run)) markers.add(run.artifacts.markerNotAdmitted);
  if (needsAuthUnavailableMarker(run)) markers.add(run.artifacts.markerAuthUnavailable);
  if (needsProtocolMarker(run)) markers.add(run.artifacts.markerProtocol);
  return markers;
}
