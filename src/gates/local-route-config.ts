import { ENV } from "../evidence/vocabulary.js";
import { blockedBeforeStart } from "./blocked-before-start.js";
import { defineGate } from "./gate.js";
import { asObject, stringField } from "./read.js";

/**
 * Contract §6 gate 7: with `provider_class: local_case_compatible`, a run without
 * `CTO_HARNESS_CASE_LOCAL_BASE_URL` blocks before start ("Missing local adapter config blocks
 * before `case_process_started`"). Only admitted runs are checked here: an unadmitted run is
 * blocked by admission, which gate 1 checks. The external-fallback half is gate 6's.
 */
export default defineGate({
  id: "gate/local-route-config",
  number: 7,
  category: "gate",
  description: "On the local route, a run without CTO_HARNESS_CASE_LOCAL_BASE_URL is blocked before Case starts",
  check(run) {
    const report = asObject(run.report.value);
    if (stringField(report, "provider_class") !== "local_case_compatible") return [];
    if (stringField(report, "case_model_admission_status") !== "admitted") return [];
    if ((run.env[ENV.localBaseUrl] ?? "").trim() !== "") return [];
    return blockedBeforeStart(
      run,
      {
        started: "LOCAL_STARTED_WITHOUT_BASE_URL",
        notBlocked: "LOCAL_NOT_BLOCKED_WITHOUT_BASE_URL",
      },
      `provider_class is \`local_case_compatible\` and ${ENV.localBaseUrl} is not set`,
    );
  },
});
