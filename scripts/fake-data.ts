/**
 * Fake-data helpers that the sample-run generator and the bench generator share: checksums and
 * encodings used by real token formats, and the same-run fake baseline report. Pure.
 */

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3) of the UTF-8 bytes of `text`. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, "utf8")) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** `value` in base62 (0-9, A-Z, a-z), most significant digit first. */
export function base62(value: number): string {
  let out = "";
  let rest = value;
  do {
    out = ALNUM[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The same-run fake baseline's report (backend `fake`, status pass), 1.6 s long from `startMs`. */
export function fakeBaselineReport(runId: string, taskId: string, startMs: number): Record<string, unknown> {
  return {
    run_id: runId,
    task_id: taskId,
    status: "pass",
    backend: "fake",
    case_process_started: false,
    case_model_provider: null,
    case_model: null,
    case_model_admission_status: "not_admitted",
    case_model_admission_file: null,
    provider_class: null,
    failure_class: null,
    marker: null,
    started_at: iso(startMs),
    finished_at: iso(startMs + 1600),
    duration_s: 1.6,
  };
}

