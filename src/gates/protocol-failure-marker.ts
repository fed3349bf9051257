import { PROTOCOL_FAILURE_CLASS } from "../evidence/vocabulary.js";
import { defineGate, type GateFinding } from "./gate.js";
import { expectedFile, gateFinding, reportField } from "./locate.js";
import { needsProtocolMarker } from "./markers.js";
import { asObject, display, normalizeRelativePath, stringField } from "./read.js";

/**
 * Contract §6 gate 9: a failure classified `agent-protocol-error` comes with
 * `backend/provider-agent-protocol.txt`, and a `marker` the report names is that file.
 */
export default defineGate({
  id: "gate/protocol-failure-marker",
  number: 9,
  category: "gate",
  description: "An agent-protocol-error failure comes with backend/provider-agent-protocol.txt",
  check(run) {
    if (!needsProtocolMarker(run)) return [];
    const marker = run.artifacts.markerProtocol;
    const findings: GateFinding[] = [];
    if (!run.files.has(marker)) {
      findings.push(
        gateFinding(
          expectedFile(marker),
          "MISSING_PROTOCOL_MARKER",
          `failure_class is \`${PROTOCOL_FAILURE_CLASS}\` but ${marker} is not in the run`,
        ),
      );
    }
    const named = stringField(asObject(run.report.value), "marker");
    if (named !== null && normalizeRelativePath(named) !== marker) {
      findings.push(
        gateFinding(
          reportField(run, "marker"),
          "PROTOCOL_MARKER_FIELD_MISMATCH",
          `failure_class is \`${PROTOCOL_FAILURE_CLASS}\` but marker is ${display(named)}, not \`${marker}\``,
        ),
      );
    }
    return findings;
  },
});
