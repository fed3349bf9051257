/** Minimal ANSI styling; every function is the identity when colour is off. */
export interface Paint {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const COLOUR: Paint = {
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  green: sgr(32, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
};

const identity = (text: string) => text;
const PLAIN: Paint = { red: identity, yellow: identity, green: identity, dim: identity, bold: identity };

export function paint(color: boolean): Paint {
  return color ? COLOUR : PLAIN;
}

// C0 controls, DEL and C1 controls: evidence text (file names, messages) must not be able to
// move the cursor, recolour or retitle the reader's terminal.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Shows control characters as visible `\xNN` / `\uNNNN` escapes instead of sending them. */
export function printable(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
