import { defineGate } from "./gate.js";
import { caseConfigFile, expectedFile, gateFinding } from "./locate.js";
import { asObject, booleanField, display, nullableStringField, stringAt } from "./read.js";

/**
 * Contract §6 gate 4: "Requires isolated `CASE_DATA_DIR/config.json` to contain admitted
 * `models.default`": when Case started, the generated config exists and its `models.default`
 * is the reported `case_model` (whose admission gate 3 checks).
 */
export default defineGate({
  id: "gate/config-admitted-model",
  number: 4,
  category: "gate",
  description: "When Case started, the generated Case config exists and models.default is case_model",
  check(run) {
    const report = asObject(run.report.value);
    if (booleanField(report, "case_process_started") !== true) return [];
    if (!run.caseConfig.present) {
      return [
        gateFinding(
          expectedFile(run.artifacts.caseConfig),
          "CASE_CONFIG_MISSING",
          `case_process_started is \`true\` but the generated Case config ${run.artifacts.caseConfig} is not in the run`,
        ),
      ];
    }
    const configured = stringAt(run.caseConfig.value, ["models", "default"]);
    const reported = nullableStringField(report, "case_model");
    if (configured === null || reported === undefined || configured === reported) return [];
    return [
      gateFinding(
        caseConfigFile(run),
        "CONFIG_MODEL_MISMATCH",
        `models.default is ${display(configured)} but report.json case_model is ${display(reported)}`,
      ),
    ];
  },
});
