/** A literal that a rule's matches always contain, with how far around it a match may reach. */
export interface KeywordSpec {
  /** Printable ASCII without line breaks; matched case-insensitively. */
  text: string;
  /** A hit counts only when this regex matches at the hit's start (it is tried sticky, as given plus `y`). Default: every hit counts. */
  confirm?: RegExp;
  /** Non-blank lines after the hit's line that a match may reach; blank lines between count free. Default: 0. */
  linesAfter?: number;
  /**
   * A match may reach the line of the first occurrence of `text` (any case) after the hit's own
   * line, when it starts within `within` characters of the hit. Only for rules whose matches
   * cannot pass such an occurrence on a later line (a PEM body never holds `-----`): the reach is
   * then found in one pass, however many hits share it.
   */
  through?: { text: string; within: number };
}

/** A keyword as written in a rule: a literal, or a literal with its reach. */
export type Keyword = string | KeywordSpec;

/**
 * A `-----BEGIN …PRIVATE KEY-----` block: only a header that names a private key counts (TLS and
 * SSH logs are full of PUBLIC KEY and CERTIFICATE blocks), and the block ends at the first
 * `-----END` after the header's line, within 64 KiB (the body never holds `-----`).
 */
export const PRIVATE_KEY_BLOCK_KEYWORD: Keyword = {
  text: "-----BEGIN",
  // Sticky: tried at the hit only (the matcher makes every confirm sticky).
  confirm: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY/iy,
  through: { text: "-----END", within: 64 * 1024 },
};

/**
 * A keyword that only counts where the word it starts does not go on in lower case: `token` in
 * `api_token=` or `tokenValue`, not in `prompt_tokens` or `tokenizer`; `key` not in `keyword`.
 * For rules whose names must end in the keyword (or continue with an upper-case or non-letter
 * character), this keeps the many `tokens` of an LLM trace from waking them.
 */
export function wordEndKeyword(text: string): KeywordSpec {
  const caseless = [...text].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return { text, confirm: new RegExp(`${caseless}(?![a-z])`) };
}
