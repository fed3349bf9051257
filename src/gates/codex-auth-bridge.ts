import { CODEX_PROVIDER, ENV } from "../evidence/vocabulary.js";
import { blockedBeforeStart } from "./blocked-before-start.js";
import { defineGate } from "./gate.js";
import { expectedFile, gateFinding } from "./locate.js";
import { needsAuthUnavailableMarker } from "./markers.js";

/**
 * Contract §6 gate 8: "blocks `openai-codex` before `case_process_started` unless
 * `CTO_HARNESS_CASE_OPENAI_CODEX_AUTH_BRIDGE=1`" and "The block writes
 * `backend/provider-auth-unavailable.txt`". Only admitted runs are checked here: an unadmitted
 * run is blocked by admission first (gate 1) and has no auth preflight.
 */
export default defineGate({
  id: "gate/codex-auth-bridge",
  number: 8,
  category: "gate",
  description: "openai-codex without the auth bridge is blocked before Case starts and leaves the auth marker",
  check(run) {
    if (!needsAuthUnavailableMarker(run)) return [];
    const why = `case_model_provider is \`${CODEX_PROVIDER}\` and ${ENV.codexAuthBridge} is not \`1\``;
    const findings = blockedBeforeStart(
      run,
      {
        started: "CODEX_STARTED_WITHOUT_AUTH_BRIDGE",
        notBlocked: "CODEX_NOT_BLOCKED_WITHOUT_AUTH_BRIDGE",
      },
      why,
    );
    const marker = run.artifacts.markerAuthUnavailable;
    if (!run.files.has(marker)) {
      findings.push(gateFinding(expectedFile(marker), "MISSING_AUTH_UNAVAILABLE_MARKER", `${why}, but ${marker} is not in the run`));
    }
    return findings;
  },
});
