import { PRIVATE_KEY_BLOCK_KEYWORD, type Keyword } from "../../rules/secrets/lib/keyword.js";

// `[^$]` in `_authToken=([^$].*)` takes the line break when the value is empty: the match ends on the next line.
const NPMRC_AUTH_TOKEN: Keyword = { text: "_authToken", linesAfter: 1 };

// `(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)` then `\s*(?::|=>|=)\s*` and the
// value: the separator and the value may each sit on a following line, blank lines between.
const AWS_SECRET_ACCESS_KEY: Keyword[] = ["secretaccesskey", "secret_accesskey", "secretaccess_key", "secret_access_key"].map((text) => ({
  text,
  linesAfter: 2,
}));

/**
 * The literals every match of each recommended-preset rule holds, read from the rule's regexes in
 * @secretlint/secretlint-rule-preset-recommend 12.0.0 (module/index.js). Matching is
 * case-insensitive, a superset of the rules' own case. A preset upgrade that adds a rule without
 * an entry here makes createSecretScanner throw.
 *
 * Not listed: `@secretlint/secretlint-rule-gcp` judges a whole `.json`/`.p12` file (see
 * WHOLE_FILE_RULE_IDS) and runs on the whole text instead; the AWS rule's access-key-ID and
 * account-ID patterns (AKIA…, ASIA…, `account_id`) only run with `enableIDScanRule`, which we
 * leave off (it also flags IAM unique IDs and account numbers, which are no credentials), so only
 * the secret-access-key pattern is keyed here; access key IDs are harness-audit/provider-keys'.
 */
export const PRESET_RULE_KEYWORDS: Readonly<Record<string, readonly Keyword[]>> = {
  "@secretlint/secretlint-rule-aws": AWS_SECRET_ACCESS_KEY,
  "@secretlint/secretlint-rule-privatekey": [PRIVATE_KEY_BLOCK_KEYWORD],
  // npm_ tokens; `_authToken=` in .npmrc; `https://…:x-oauth-basic@github.com/` in package.json
  "@secretlint/secretlint-rule-npm": ["npm_", NPMRC_AUTH_TOKEN, "x-oauth-basic"],
  // `(?:https?|ftp|ftps)://user:password@host`
  "@secretlint/secretlint-rule-basicauth": ["://"],
  // `\b(?:xoxb|xoxp|xapp|xoxa|xoxo|xoxr)-`; `https://hooks.slack.com/services/T…`
  "@secretlint/secretlint-rule-slack": ["xoxb-", "xoxp-", "xapp-", "xoxa-", "xoxo-", "xoxr-", "hooks.slack.com"],
  "@secretlint/secretlint-rule-sendgrid": ["SG."],
  "@secretlint/secretlint-rule-shopify": ["shppa_", "shpca_", "shpat_", "shpss_"],
  "@secretlint/secretlint-rule-github": ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
  "@secretlint/secretlint-rule-gitlab": ["glpat-"],
  "@secretlint/secretlint-rule-grafana": ["glc_", "glsa_"],
  // both alternatives (`sk-proj-…T3BlbkFJ…`, `sk-…T3BlbkFJ…`) hold the base64 of "OpenAI"
  "@secretlint/secretlint-rule-openai": ["T3BlbkFJ"],
  "@secretlint/secretlint-rule-anthropic": ["sk-ant-api0"],
  "@secretlint/secretlint-rule-groq": ["gsk_"],
  "@secretlint/secretlint-rule-huggingface": ["hf_"],
  "@secretlint/secretlint-rule-linear": ["lin_api_"],
  "@secretlint/secretlint-rule-notion": ["ntn_"],
  "@secretlint/secretlint-rule-1password": ["ops_ey"],
  // `mongodb(?:\+srv)?://`, `(?:jdbc:)?mysql(?:x)?://`, `postgres(?:ql)?://`, all /i
  "@secretlint/secretlint-rule-database-connection-string": ["mongodb", "mysql", "postgres"],
  "@secretlint/secretlint-rule-hashicorp-vault": ["hvs.", "hvb.", "hvr."],
  "@secretlint/secretlint-rule-vercel": ["vcp_", "vci_", "vca_", "vcr_", "vck_"],
  "@secretlint/secretlint-rule-databricks": ["dapi"],
  "@secretlint/secretlint-rule-docker": ["dckr_pat_"],
  "@secretlint/secretlint-rule-figma": ["figd_"],
};
