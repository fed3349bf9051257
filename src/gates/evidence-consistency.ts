import { RUN_DIR_NAME } from "../config/defaults.js";
import { parseReportMdFacts, type ReportMdFact } from "../evidence/report-md.js";
import { REPORT_RULE } from "../evidence/schemas/report.js";
import { CASE_STARTED_EVENT, REPORT_MD_FACTS } from "../evidence/vocabulary.js";
import { defineGate, type GateFinding, type RunFacts } from "./gate.js";
import { gateFinding, reportField, reportMdLine, traceEvent } from "./locate.js";
import { requiredMarkers } from "./markers.js";
import {
  asObject,
  booleanField,
  display,
  hasKey,
  normalizeRelativePath,
  stringField,
} from "./read.js";

type Report = Readonly<Record<string, unknown>>;

/** The facts every report.md carries (contract §5's example block). */
const KEY_FACT_FIELDS: readonly string[] = [
  "status",
  "backend",
  "case_process_started",
  "case_model_provider",
  "case_model",
  "case_model_admission_status",
];

/**
 * Contract §6 gate 11: report.json, report.md and trace.jsonl do not contradict one another,
 * and report.json agrees with its run directory (name, timestamps, marker). A trace event that
 * contradicts a missing admission is gate 1's and is not repeated here.
 */
export default defineGate({
  id: "gate/evidence-consistency",
  number: 11,
  category: "gate",
  description: "report.json, report.md, trace.jsonl and the run directory agree with one another",
  check(run) {
    const report = asObject(run.report.value);
    if (report === null) return [];
    return [
      ...reportMdAgrees(run, report),
      ...reportMatchesDirectory(run, report),
      ...traceAgrees(run, report),
      ...markerExists(run, report),
    ];
  },
});

function reportMdAgrees(run: RunFacts, report: Report): GateFinding[] {
  if (run.reportMd.text === null) return [];
  const facts = parseReportMdFacts(run.reportMd.text);
  const findings: GateFinding[] = [];
  for (const fact of facts) {
    if (!hasKey(report, fact.field)) {
      findings.push(
        gateFinding(
          reportMdLine(run, fact.line),
          "REPORT_MD_FACT_NOT_IN_REPORT",
          `report.md states "${fact.label}" but report.json has no ${fact.field}`,
        ),
      );
    } else if (!agrees(fact, report[fact.field])) {
      findings.push(
        gateFinding(
          reportMdLine(run, fact.line),
          "REPORT_MD_DISAGREES",
          `report.md states "${fact.label}" as ${display(fact.value)} but report.json ${fact.field} is ${display(report[fact.field])}`,
        ),
      );
    }
  }
  const stated = new Set(facts.map((fact) => fact.field as string));
  for (const field of KEY_FACT_FIELDS) {
    if (stated.has(field)) continue;
    const label = REPORT_MD_FACTS.find((fact) => fact.field === field)?.label ?? field;
    findings.push(
      gateFinding(reportMdLine(run, null), "REPORT_MD_FACT_MISSING", `report.md has no "${label}" bullet`),
    );
  }
  return findings;
}

/** Null may be written `null` or `none`; markers compare as paths. */
function agrees(fact: ReportMdFact, value: unknown): boolean {
  const stated = fact.value.trim();
  if (value === null) return ["null", "none"].includes(stated.toLowerCase());
  if (typeof value === "boolean") return stated.toLowerCase() === String(value);
  if (typeof value === "number") return stated === String(value);
  if (typeof value !== "string") return false;
  if (fact.field === "marker") return normalizeRelativePath(stated) === normalizeRelativePath(value);
  return stated === value.trim();
}

function reportMatchesDirectory(run: RunFacts, report: Report): GateFinding[] {
  const findings: GateFinding[] = [];
  const runId = stringField(report, "run_id");
  if (runId !== null && runId !== run.id) {
    // Contract §4 makes this a field rule of report.json (run_id equals the directory name): schema, not gate 11.
    findings.push({
      ...gateFinding(reportField(run, "run_id"), "RUN_ID_MISMATCH", `run_id is ${display(runId)} but the run directory is ${display(run.id)}`),
      rule: REPORT_RULE,
      category: "schema",
    });
  }
  const taskId = stringField(report, "task_id");
  const directoryTaskId = RUN_DIR_NAME.exec(run.id)?.[2];
  if (taskId !== null && directoryTaskId !== undefined && taskId !== directoryTaskId) {
    findings.push(
      gateFinding(
        reportField(run, "task_id"),
        "TASK_ID_MISMATCH",
        `task_id is ${display(taskId)} but the run directory names task ${display(directoryTaskId)}`,
      ),
    );
  }
  const started = Date.parse(stringField(report, "started_at") ?? "");
  const finished = Date.parse(stringField(report, "finished_at") ?? "");
  if (!Number.isNaN(started) && !Number.isNaN(finished) && finished < started) {
    findings.push(gateFinding(reportField(run, "finished_at"), "FINISHED_BEFORE_STARTED", "finished_at is earlier than started_at"));
  }
  return findings;
}

function traceAgrees(run: RunFacts, report: Report): GateFinding[] {
  if (!run.trace.present) return [];
  const started = booleanField(report, "case_process_started");
  const traced = run.trace.firstLineOfEvent.has(CASE_STARTED_EVENT);
  const admitted = stringField(report, "case_model_admission_status") === "admitted";
  if (started === false && traced && admitted) {
    return [
      gateFinding(
        traceEvent(run, CASE_STARTED_EVENT),
        "TRACE_CONTRADICTS_NOT_STARTED",
        `trace has a \`${CASE_STARTED_EVENT}\` event but report.json case_process_started is \`false\``,
      ),
    ];
  }
  if (started === true && !traced && run.trace.events > 0) {
    return [
      gateFinding(
        { file: run.artifacts.trace, line: null, column: null },
        "TRACE_MISSING_CASE_START",
        `report.json case_process_started is \`true\` but the trace has no \`${CASE_STARTED_EVENT}\` event`,
      ),
    ];
  }
  return [];
}

/** A marker the report names is in the run (unless gates 2, 8 or 9 already require it). */
function markerExists(run: RunFacts, report: Report): GateFinding[] {
  const named = stringField(report, "marker");
  if (named === null || named.trim() === "") return [];
  const marker = normalizeRelativePath(named);
  if (run.files.has(marker) || requiredMarkers(run).has(marker)) return [];
  return [
    gateFinding(reportField(run, "marker"), "MARKER_FILE_MISSING", `marker names ${display(marker)}, which is not in the run`),
  ];
}
