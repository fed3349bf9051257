import { CASE_STARTED_EVENT } from "../evidence/vocabulary.js";
import { defineGate, type GateFinding } from "./gate.js";
import { gateFinding, reportField, traceEvent } from "./locate.js";
import { asObject, booleanField, display, stringField } from "./read.js";

/**
 * Contract §6 gate 1: "Missing or unadmitted provider/model blocks before
 * `case_process_started`". Any admission status other than `admitted` (an absent or unknown
 * one included: fail closed) means Case must not have started and the run is `blocked`.
 */
export default defineGate({
  id: "gate/admission-before-start",
  number: 1,
  category: "gate",
  description: "Without an admitted provider/model, Case is not started and the run is blocked",
  check(run) {
    const report = asObject(run.report.value);
    if (report === null) return [];
    const admission = stringField(report, "case_model_admission_status");
    if (admission === "admitted") return [];
    const why = `case_model_admission_status is ${display(admission ?? undefined)}, not \`admitted\``;
    const findings: GateFinding[] = [];
    if (booleanField(report, "case_process_started") === true) {
      findings.push(
        gateFinding(
          reportField(run, "case_process_started"),
          "STARTED_WITHOUT_ADMISSION",
          `case_process_started is \`true\` but ${why}`,
        ),
      );
    }
    const status = stringField(report, "status");
    if (status !== null && status !== "blocked") {
      findings.push(
        gateFinding(reportField(run, "status"), "NOT_BLOCKED_WITHOUT_ADMISSION", `status is ${display(status)}, not \`blocked\`, but ${why}`),
      );
    }
    if (run.trace.firstLineOfEvent.has(CASE_STARTED_EVENT)) {
      findings.push(
        gateFinding(
          traceEvent(run, CASE_STARTED_EVENT),
          "TRACE_STARTED_WITHOUT_ADMISSION",
          `trace has a \`${CASE_STARTED_EVENT}\` event but ${why}`,
        ),
      );
    }
    return findings;
  },
});
