import { matchRegistry } from "./admission-match.js";
import { defineGate, type GateFinding, type RunFacts } from "./gate.js";
import { caseConfigFile, expectedFile, gateFinding, reportField } from "./locate.js";
import { asObject, booleanField, display, nullableStringField, stringAt, stringField } from "./read.js";

/**
 * Contract §6 gate 5: "Real Case Stage 2 produces a pass report only if the admitted
 * provider/model was used" and "Same-run fake baseline comparison remains required".
 * A `pass` needs: admitted, started, a current registry record for the pair, the pair's model
 * in the generated config, and a fake baseline report. Each unmet condition is one finding.
 */
export default defineGate({
  id: "gate/pass-on-admitted-path",
  number: 5,
  category: "gate",
  description: "A pass report comes only from an admitted, started Case run with a fake baseline",
  check(run) {
    const report = asObject(run.report.value);
    if (stringField(report, "status") !== "pass") return [];
    const findings: GateFinding[] = [];
    const admission = stringField(report, "case_model_admission_status");
    if (admission !== "admitted") {
      findings.push(
        gateFinding(
          reportField(run, "case_model_admission_status"),
          "PASS_WITHOUT_ADMISSION",
          `status is \`pass\` but case_model_admission_status is ${display(admission ?? undefined)}`,
        ),
      );
    }
    if (booleanField(report, "case_process_started") !== true) {
      findings.push(
        gateFinding(
          reportField(run, "case_process_started"),
          "PASS_WITHOUT_CASE_START",
          "status is `pass` but case_process_started is not `true`",
        ),
      );
    }
    if (matchRegistry(run).admitting.length === 0) {
      findings.push(
        gateFinding(
          reportField(run, "case_model"),
          "PASS_WITHOUT_REGISTRY_ADMISSION",
          "status is `pass` but no current admission record in the registry admits the reported provider/model",
        ),
      );
    }
    const configFinding = configHoldsModel(run, report);
    if (configFinding) findings.push(configFinding);
    const baselineFinding = fakeBaselineExists(run);
    if (baselineFinding) findings.push(baselineFinding);
    return findings;
  },
});

function configHoldsModel(
  run: RunFacts,
  report: Readonly<Record<string, unknown>> | null,
): GateFinding | null {
  if (!run.caseConfig.present) {
    return gateFinding(
      expectedFile(run.artifacts.caseConfig),
      "PASS_WITHOUT_CASE_CONFIG",
      `status is \`pass\` but the generated Case config ${run.artifacts.caseConfig} is not in the run`,
    );
  }
  // Unparsable: the loader has reported it, and the run already fails.
  if (run.caseConfig.value === null) return null;
  const configured = stringAt(run.caseConfig.value, ["models", "default"]);
  const reported = nullableStringField(report, "case_model");
  if (configured !== null && configured === reported) return null;
  return gateFinding(
    caseConfigFile(run),
    "PASS_CONFIG_MODEL_MISMATCH",
    `status is \`pass\` but models.default (${display(configured ?? undefined)}) is not case_model (${display(reported)})`,
  );
}

function fakeBaselineExists(run: RunFacts): GateFinding | null {
  const baseline = run.baselineReport;
  if (!baseline.present) {
    return gateFinding(
      expectedFile(run.artifacts.baselineReport),
      "PASS_WITHOUT_BASELINE",
      `status is \`pass\` but the fake baseline report ${run.artifacts.baselineReport} is not in the run`,
    );
  }
  if (baseline.value === null) return null;
  const backend = stringField(asObject(baseline.value), "backend");
  if (backend === "fake") return null;
  return gateFinding(
    { file: baseline.file, line: null, column: null },
    "PASS_BASELINE_NOT_FAKE",
    `status is \`pass\` but the baseline report's backend is ${display(backend ?? undefined)}, not \`fake\``,
  );
}
