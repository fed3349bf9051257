/**
 * The ways a planted secret is written: as it stands, or hidden in an encoding that the auditor
 * must look through. Every form is one line (a PEM block stays multi-line only in `plain` text).
 */
import type { SecretSample } from "./fake-secrets.js";

export const ENCODINGS = ["plain", "json-escape", "base64", "hex", "percent", "json-in-json"] as const;
export type Encoding = (typeof ENCODINGS)[number];

/**
 * A JSON string literal (with its quotes) that decodes to `text` but escapes `-`, `/`, `_`, `.`
 * and the first character, the way some serializers do (`\u002d`, `\/`).
 */
export function escapedJsonLiteral(text: string): string {
  const standard = JSON.stringify(text).slice(1, -1);
  let out = "";
  for (let i = 0; i < standard.length; i++) {
    const ch = standard[i] as string;
    if (ch === "\\") {
      out += standard.slice(i, i + 2);
      i++;
      if (standard[i] === "u") {
        out += standard.slice(i + 1, i + 5);
        i += 4;
      }
    } else if (ch === "/") out += "\\/";
    else if (i === 0 || ch === "-" || ch === "_" || ch === ".") out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `"${out}"`;
}

/** Percent-encoding of every character but letters and digits. */
export function percentEncode(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** A JSON text whose string holds JSON whose string holds the secret's JSON: two levels deep. */
export function nestedJson(sample: SecretSample): string {
  const inner = JSON.stringify({ [sample.key]: sample.jsonValue });
  return JSON.stringify({ tool: "bash", stdout: inner, exit_code: 0 });
}

/** A key and the exact JSON string literal to write under it in a JSON artifact. */
export function jsonForm(sample: SecretSample, encoding: Encoding): { key: string; literal: string } {
  switch (encoding) {
    case "plain":
      return { key: sample.key, literal: JSON.stringify(sample.jsonValue) };
    case "json-escape":
      return { key: sample.key, literal: escapedJsonLiteral(sample.jsonValue) };
    case "base64":
      return { key: "context_b64", literal: JSON.stringify(Buffer.from(sample.text).toString("base64")) };
    case "hex":
      return { key: "context_hex", literal: JSON.stringify(Buffer.from(sample.text).toString("hex")) };
    case "percent":
      return { key: "form_body", literal: JSON.stringify(percentEncode(sample.text)) };
    case "json-in-json":
      return { key: "tool_result", literal: JSON.stringify(nestedJson(sample)) };
  }
}

/**
 * The text to write in a plain-text artifact (one line, except a PEM block written plain).
 * Encoded blobs follow their label logfmt-style (`label=blob`) or log-style (`label: blob`).
 */
export function textForm(sample: SecretSample, encoding: Encoding, logfmt = true): string {
  const label = (name: string) => (logfmt ? `${name}=` : `${name}: `);
  switch (encoding) {
    case "plain":
      return sample.text;
    case "json-escape":
      return `request body {"${sample.key}":${escapedJsonLiteral(sample.jsonValue)},"stream":false}`;
    case "base64":
      return `${label("context_b64")}${Buffer.from(sample.text).toString("base64")}`;
    case "hex":
      return `${label("context_hex")}${Buffer.from(sample.text).toString("hex")}`;
    case "percent":
      return `${label("form_body")}${percentEncode(sample.text)}`;
    case "json-in-json":
      return `tool_result ${JSON.stringify({ payload: nestedJson(sample) })}`;
  }
}
