import { defineGate } from "./gate.js";
import { expectedFile, gateFinding } from "./locate.js";
import { needsNotAdmittedMarker } from "./markers.js";

/**
 * Contract §6 gate 2: "Requires `backend/provider-model-not-admitted.txt` when admission is
 * missing".
 */
export default defineGate({
  id: "gate/missing-admission-marker",
  number: 2,
  category: "gate",
  description: "missing_admission comes with backend/provider-model-not-admitted.txt",
  check(run) {
    const marker = run.artifacts.markerNotAdmitted;
    if (!needsNotAdmittedMarker(run) || run.files.has(marker)) return [];
    return [
      gateFinding(
        expectedFile(marker),
        "MISSING_NOT_ADMITTED_MARKER",
        `case_model_admission_status is \`missing_admission\` but ${marker} is not in the run`,
      ),
    ];
  },
});
