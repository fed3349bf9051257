import { ENV } from "../evidence/vocabulary.js";
import { matchRegistry, namesRecord } from "./admission-match.js";
import { defineGate, type GateFinding, type RunFacts } from "./gate.js";
import { gateFinding, reportField } from "./locate.js";
import { asObject, baseName, display, nullableStringField, stringField } from "./read.js";

/**
 * Contract §6 gate 3: the requested env pair is the reported pair, and "the admission JSON is
 * the authority": a report that says `admitted` names a pair a current registry record admits,
 * and `case_model_admission_file` is that record.
 */
export default defineGate({
  id: "gate/admission-matches-record",
  number: 3,
  category: "gate",
  description: "The env pair matches the report, and an admitted pair is admitted by the named registry record",
  check(run) {
    const report = asObject(run.report.value);
    if (report === null) return [];
    const findings = envAgreesWithReport(run, report);
    if (stringField(report, "case_model_admission_status") === "admitted") {
      findings.push(...admittedByRecord(run, report));
    }
    return findings;
  },
});

function envAgreesWithReport(run: RunFacts, report: Readonly<Record<string, unknown>>): GateFinding[] {
  const findings: GateFinding[] = [];
  const pairs = [
    { variable: ENV.provider, key: "case_model_provider", code: "ENV_PROVIDER_MISMATCH" },
    { variable: ENV.model, key: "case_model", code: "ENV_MODEL_MISMATCH" },
  ] as const;
  for (const { variable, key, code } of pairs) {
    const requested = run.env[variable];
    const reported = nullableStringField(report, key);
    if (requested === undefined || reported === undefined || requested === reported) continue;
    findings.push(
      gateFinding(reportField(run, key), code, `${variable} is ${display(requested)} but ${key} is ${display(reported)}`),
    );
  }
  const requestedFile = run.env[ENV.admissionFile];
  const reportedFile = stringField(report, "case_model_admission_file");
  if (requestedFile !== undefined && reportedFile !== null && baseName(requestedFile) !== baseName(reportedFile)) {
    findings.push(
      gateFinding(
        reportField(run, "case_model_admission_file"),
        "ENV_ADMISSION_FILE_MISMATCH",
        `${ENV.admissionFile} and case_model_admission_file name different files (${display(baseName(requestedFile))}, ${display(baseName(reportedFile))})`,
      ),
    );
  }
  return findings;
}

function admittedByRecord(run: RunFacts, report: Readonly<Record<string, unknown>>): GateFinding[] {
  const { provider, model, pairRecords, admitting } = matchRegistry(run);
  const pair = `${display(provider)} / ${display(model)}`;
  if (pairRecords.length === 0) {
    return [
      gateFinding(
        reportField(run, "case_model"),
        "NOT_ADMITTED_BY_REGISTRY",
        `case_model_admission_status is \`admitted\` but no admission record in the registry admits ${pair}`,
      ),
    ];
  }
  const findings: GateFinding[] = [];
  if (admitting.length === 0) {
    findings.push(
      gateFinding(
        reportField(run, "case_model_admission_file"),
        "ADMISSION_STALE",
        `every admission record for ${pair} was due for review before the run started`,
      ),
    );
  }
  const file = stringField(report, "case_model_admission_file");
  if (file === null) {
    findings.push(
      gateFinding(
        reportField(run, "case_model_admission_file"),
        "ADMISSION_FILE_MISSING",
        "case_model_admission_status is `admitted` but case_model_admission_file names no admission record",
      ),
    );
  } else if (!pairRecords.some((admission) => namesRecord(file, admission))) {
    findings.push(
      gateFinding(
        reportField(run, "case_model_admission_file"),
        "ADMISSION_FILE_MISMATCH",
        `case_model_admission_file (${display(baseName(file))}) is not the registry record that admits ${pair}`,
      ),
    );
  }
  return findings;
}
