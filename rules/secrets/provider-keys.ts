import { defineRegexRule, type SecretPattern } from "./lib/define-rule.js";
import { PRIVATE_KEY_BLOCK_KEYWORD, type Keyword } from "./lib/keyword.js";
import { looksLikeToken } from "./lib/judge-value.js";

// Token edges: not inside a longer word of token characters.
const B = "(?<![A-Za-z0-9_.~-])";
const E = "(?![A-Za-z0-9_~-]|\\.[A-Za-z0-9])";
// Word edges (gitleaks' \b) for a fixed-length format whose alphabet no punctuation continues:
// `run-AKIA…-1000`, `AKIA….txt` are the key, where a token's edges would refuse them.
const WORD_B = "(?<![A-Za-z0-9_])";
const WORD_E = "(?![A-Za-z0-9_])";

interface ProviderFormat {
  code: string;
  label: string;
  /** Regex source of the token itself. */
  token: string;
  /** Regex source that must come right before the token (a keyword), not part of the secret. */
  prefix?: string;
  /** `word`: the token may sit between dots, hyphens or tildes (a fixed-length format). Default: `token`. */
  edges?: "token" | "word";
  /** Literals every match holds (the scanner's prefilter). */
  keywords: readonly Keyword[];
  /** Bits per character the token must reach (dummy tokens are repetitive). Default 3. */
  minEntropy?: number;
  /** Documented example values of the format, never real. Default: none. */
  examples?: RegExp;
  flags?: string;
}

/** Regex source matching `word` in any ASCII case (Node 20 has no inline `(?i:)`). */
function caseless(word: string): string {
  return [...word].map((char) => (/[a-z]/i.test(char) ? `[${char.toLowerCase()}${char.toUpperCase()}]` : char)).join("");
}

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/**
 * A key naming the vendor (`SNYK_TOKEN`, `heroku_api_key`, `sonar.login`), optional quotes, one of
 * `=` `:=` `::=` `?=` `:` `=>`, then an optional quote: gitleaks' "semi-generic" keyed rules. The
 * vendor name starts the key (not inside a word: `sumObj` is no Sumo Logic key).
 */
function keyedBy(vendor: string): string {
  return String.raw`(?<![A-Za-z0-9])${vendor}[\w.-]{0,30}["']?[ \t]*(?:[:?]{0,3}=|=>|:)[ \t]*["']?`;
}

// Formats the recommended preset (v12) lacks, that an AI-agent harness meets in its env,
// config and logs. Each cites the public rule it was taken from.
const FORMATS: readonly ProviderFormat[] = [
  // gitleaks cmd/generate/config/rules/anthropic.go (api03 / admin01 keys end in "AA")
  { code: "ANTHROPIC_API_KEY", label: "Anthropic API key", token: "sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA", keywords: ["sk-ant-api03-", "sk-ant-admin01-"] },
  // gitleaks claude_code.go: `claude setup-token` OAuth tokens
  { code: "CLAUDE_CODE_OAUTH_TOKEN", label: "Claude Code OAuth token", token: "sk-ant-oat01-[A-Za-z0-9_-]{95}", keywords: ["sk-ant-oat01-"] },
  // OpenRouter keys: "sk-or-v1-" + 64 hex (trufflehog detectors/openrouter; openrouter.ai/docs/api-reference/authentication)
  { code: "OPENROUTER_API_KEY", label: "OpenRouter API key", token: "sk-or-v1-[0-9a-f]{64}", keywords: ["sk-or-v1-"] },
  // gitleaks perplexity.go
  { code: "PERPLEXITY_API_KEY", label: "Perplexity API key", token: "pplx-[A-Za-z0-9]{48}", keywords: ["pplx-"] },
  // gitleaks xai.go: "xai-" + 80 alphanumerics
  { code: "XAI_API_KEY", label: "xAI API key", token: "xai-[A-Za-z0-9]{80}", keywords: ["xai-"] },
  // Replicate API tokens "r8_" + 37 (trufflehog detectors/replicate)
  { code: "REPLICATE_API_TOKEN", label: "Replicate API token", token: "r8_[A-Za-z0-9]{37}", keywords: ["r8_"] },
  // Fireworks AI keys "fw_" + 24 alphanumerics (trufflehog detectors/fireworksai)
  { code: "FIREWORKS_API_KEY", label: "Fireworks AI API key", token: "fw_[A-Za-z0-9]{24}", keywords: ["fw_"] },
  // Together AI keys "tgp_v1_" + base64url body (docs.together.ai authentication)
  { code: "TOGETHER_API_KEY", label: "Together AI API key", token: "tgp_v1_[A-Za-z0-9_-]{40,}", keywords: ["tgp_v1_"] },
  // Tailscale keys tskey-<kind>-<id>-<secret> (tailscale.com/kb/1085/auth-keys; trufflehog detectors/tailscale)
  { code: "TAILSCALE_KEY", label: "Tailscale key", token: "tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{6,}-[A-Za-z0-9]{16,}", keywords: ["tskey-"] },
  // gitleaks huggingface.go (hf_ + 34 letters; api_org_ + 34 letters)
  { code: "HUGGINGFACE_ACCESS_TOKEN", label: "Hugging Face access token", token: "hf_[A-Za-z]{34}", keywords: ["hf_"] },
  { code: "HUGGINGFACE_ORG_TOKEN", label: "Hugging Face organization token", token: "api_org_[A-Za-z]{34}", keywords: ["api_org_"] },
  // gitleaks 1password.go (secret key; service-account token)
  { code: "ONEPASSWORD_SECRET_KEY", label: "1Password secret key", token: "A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}", keywords: [{ text: "A3-", confirm: /A3-[A-Z0-9]{6}-/i }] },
  { code: "ONEPASSWORD_SERVICE_ACCOUNT_TOKEN", label: "1Password service account token", token: "ops_eyJ[A-Za-z0-9+/]{250,}={0,3}", keywords: ["ops_eyJ"] },
  // gitleaks aws.go (aws-access-token): access key IDs, long-term (AKIA), temporary (ASIA) and
  // others; AWS's own docs use AKIA…EXAMPLE. IAM unique IDs (AIDA, AROA…) name, not authenticate.
  {
    code: "AWS_ACCESS_KEY_ID",
    label: "AWS access key ID",
    token: "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}",
    edges: "word",
    keywords: ["A3T", "AKIA", "ASIA", "ABIA", "ACCA"].map((text) => ({ text, confirm: /(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}/ })),
    examples: /EXAMPLE$/,
  },
  // gitleaks aws.go (Bedrock long-lived API key: base64 of "BedrockAPIKey-")
  { code: "AWS_BEDROCK_API_KEY", label: "Amazon Bedrock API key", token: "ABSK[A-Za-z0-9+/]{109,269}={0,2}", keywords: ["ABSK"] },
  // gitleaks flyio.go
  { code: "FLYIO_ACCESS_TOKEN", label: "Fly.io access token", token: "(?:fo1_[\\w-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3})", minEntropy: 4, keywords: ["fo1_", "fm1a_", "fm1r_", "fm2_"] },
  // gitleaks grafana.go (cloud API token; service account token)
  { code: "GRAFANA_CLOUD_API_TOKEN", label: "Grafana Cloud API token", token: "glc_[A-Za-z0-9+/]{32,400}={0,3}", keywords: ["glc_"] },
  { code: "GRAFANA_SERVICE_ACCOUNT_TOKEN", label: "Grafana service account token", token: "glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}", keywords: ["glsa_"] },
  // gitleaks hashicorp.go (Terraform Cloud API token) and hashicorp_vault.go (legacy `s.` service token)
  { code: "TERRAFORM_CLOUD_API_TOKEN", label: "Terraform Cloud API token", token: "[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}", keywords: [".atlasv1."] },
  { code: "VAULT_SERVICE_TOKEN", label: "HashiCorp Vault service token", token: "(?:hvs\\.[\\w-]{90,120}|s\\.[A-Za-z0-9]{24})", minEntropy: 3.5, keywords: ["hvs.", { text: "s.", confirm: /s\.[A-Za-z0-9]{24}/i }] },
  // gitleaks heroku.go (v2 keys)
  { code: "HEROKU_API_KEY", label: "Heroku API key", token: "HRKU-AA[0-9A-Za-z_-]{58}", keywords: ["HRKU-AA"] },
  // gitleaks infracost.go
  { code: "INFRACOST_API_TOKEN", label: "Infracost API token", token: "ico-[A-Za-z0-9]{32}", keywords: ["ico-"] },
  // gitleaks intra42.go
  { code: "INTRA42_CLIENT_SECRET", label: "42 Intra client secret", token: "s-s4t2(?:ud|af)-[a-f0-9]{64}", keywords: ["s-s4t2"] },
  // gitleaks sourcegraph.go: prefixed tokens, or 40 hex after a "sourcegraph" key
  { code: "SOURCEGRAPH_ACCESS_TOKEN", label: "Sourcegraph access token", token: "sgp_(?:(?:[a-fA-F0-9]{16}|local)_)?[a-fA-F0-9]{40}", keywords: ["sgp_"] },
  {
    code: "SOURCEGRAPH_ACCESS_TOKEN",
    keywords: ["sourcegraph"],
    label: "Sourcegraph access token",
    token: "[a-fA-F0-9]{40}",
    prefix: "(?:sourcegraph|SOURCEGRAPH|Sourcegraph)[\\w.-]{0,20}[\"']?[ \\t]*[:=][ \\t]*[\"']?",
  },
  // gitleaks private-key.go: any PEM/PGP private key block with a body of 64+ characters
  {
    code: "PRIVATE_KEY_BLOCK",
    keywords: [PRIVATE_KEY_BLOCK_KEYWORD],
    label: "private key block",
    // The body is bounded (64 KiB with the armour lines: an RSA-16384 PEM is ~12 KB), never holds a
    // NUL (a block never runs into another text) and never holds `-----`: a block ends at the
    // first armour line after its header, so a header without its END costs the distance to the
    // next armour line, not 64 KiB (headers repeated without END were quadratic), and the scanner
    // finds the END line in one pass.
    // Neither the label nor the body holds `-----` (recheck: labels that could run over the next
    // armour line gave many ways to read `-----BEGINPRIVATE KEY----- ` repeated).
    token: "-----BEGIN(?:[ A-Z0-9_]|-(?!----)){0,100}PRIVATE KEY(?: BLOCK)?-----(?:[^\\u0000-]|-(?!----)){64,65000}?-----END(?:[ A-Z0-9_]|-(?!----)){0,100}PRIVATE KEY(?: BLOCK)?-----",
    minEntropy: 0,
  },
  // gitleaks square.go
  { code: "SQUARE_ACCESS_TOKEN", label: "Square access token", token: "(?:EAAA|sq0atp-)[\\w-]{22,60}", keywords: ["EAAA", "sq0atp-"] },
  // gitleaks stripe.go
  { code: "STRIPE_ACCESS_TOKEN", label: "Stripe secret or restricted key", token: "(?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10,99}", keywords: ["sk_test_", "sk_live_", "sk_prod_", "rk_test_", "rk_live_", "rk_prod_"] },
  // gitleaks pulumi.go, prefect.go, readme.go, digitalocean.go, pypi.go, rubygems.go, doppler.go
  { code: "PULUMI_ACCESS_TOKEN", label: "Pulumi access token", token: "pul-[a-f0-9]{40}", keywords: ["pul-"] },
  { code: "PREFECT_API_KEY", label: "Prefect API key", token: "pnu_[A-Za-z0-9]{36}", keywords: ["pnu_"] },
  { code: "README_API_KEY", label: "ReadMe API key", token: "rdme_[a-z0-9]{70}", keywords: ["rdme_"] },
  { code: "DIGITALOCEAN_TOKEN", label: "DigitalOcean token", token: "do[opr]_v1_[a-f0-9]{64}", keywords: ["doo_v1_", "dop_v1_", "dor_v1_"] },
  { code: "PYPI_UPLOAD_TOKEN", label: "PyPI upload token", token: "pypi-AgEIcHlwaS5vcmc[\\w-]{50,1000}", keywords: ["pypi-AgEIcHlwaS5vcmc"] },
  { code: "RUBYGEMS_API_KEY", label: "RubyGems API key", token: "rubygems_[a-f0-9]{48}", keywords: ["rubygems_"] },
  { code: "DOPPLER_TOKEN", label: "Doppler token", token: "dp\\.pt\\.[A-Za-z0-9]{43}", keywords: ["dp.pt."] },
  // gitleaks gitlab.go: kinds the preset does not know
  { code: "GITLAB_TOKEN", label: "GitLab token", token: "(?:glptt-[0-9a-f]{40}|glrt-[0-9A-Za-z_-]{20}|gldt-[0-9A-Za-z_-]{20}|glft-[0-9A-Za-z_-]{20}|gloas-[0-9A-Za-z_-]{64}|GR1348941[\\w-]{20})", keywords: ["glptt-", "glrt-", "gldt-", "glft-", "gloas-", "GR1348941"] },
  // gitleaks age.go
  { code: "AGE_SECRET_KEY", label: "age secret key", token: "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", minEntropy: 0, keywords: ["AGE-SECRET-KEY-1"] },
  // gitleaks openshift.go (user tokens `sha256~`)
  { code: "OPENSHIFT_USER_TOKEN", label: "OpenShift user token", token: "sha256~[\\w-]{43}", keywords: ["sha256~"] },
  // gitleaks azure.go (AD client secret: 3 chars, a digit, "Q~", 31-34 chars)
  { code: "AZURE_AD_CLIENT_SECRET", label: "Azure AD client secret", token: "[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}", keywords: ["Q~"] },
  // gitleaks sendgrid / twilio / slack app-level tokens the preset lacks
  { code: "SLACK_APP_TOKEN", label: "Slack app-level token", token: "xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]+", keywords: ["xapp-"] },
  // gitleaks sentry.go (user token)
  { code: "SENTRY_USER_TOKEN", label: "Sentry user token", token: "sntryu_[a-f0-9]{64}", keywords: ["sntryu_"] },
  // gitleaks langsmith.go
  { code: "LANGSMITH_API_KEY", label: "LangSmith API key", token: "lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}", keywords: ["lsv2_pt_", "lsv2_sk_"] },
  // gitleaks slack.go: the kinds the preset's Slack rule does not know (legacy xoxs-/xoxo-, user
  // tokens under xoxe-, configuration access and refresh tokens) and webhook URLs of every kind and scheme
  { code: "SLACK_LEGACY_TOKEN", label: "Slack legacy token", token: "xox[os]-[0-9]{1,15}-[0-9]{1,15}-[0-9]{1,15}-[0-9a-fA-F]{6,80}", keywords: ["xoxs-", "xoxo-"] },
  { code: "SLACK_USER_TOKEN", label: "Slack user token", token: "xoxe(?:-[0-9]{10,13}){3}-[a-zA-Z0-9]{28,34}", keywords: ["xoxe-"] },
  { code: "SLACK_CONFIG_TOKEN", label: "Slack configuration token", token: "(?:xoxe\\.xox[bp]-[0-9]-[A-Za-z0-9]{163,166}|xoxe-[0-9]-[A-Za-z0-9]{146})", keywords: ["xoxe.xox", "xoxe-"] },
  { code: "SLACK_WEBHOOK_URL", label: "Slack webhook URL", token: "(?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,120}", keywords: ["hooks.slack.com"] },
  // gitleaks sentry.go (organization token: base64 JSON claims, then a 43-character secret)
  { code: "SENTRY_ORG_TOKEN", label: "Sentry organization token", token: "sntrys_eyJ[A-Za-z0-9+/=]{40,800}_[A-Za-z0-9+/]{43}", keywords: ["sntrys_eyJ"] },
  // gitleaks facebook.go: app access tokens `<app id>|<app secret>` and page/user access tokens
  {
    code: "FACEBOOK_ACCESS_TOKEN",
    label: "Facebook access token",
    token: "[0-9]{15,16}(?:\\||%7[Cc])[0-9A-Za-z_-]{27,40}",
    keywords: [
      { text: "|", confirm: /\|[0-9A-Za-z_-]{27}/ },
      { text: "%7C", confirm: /%7[Cc][0-9A-Za-z_-]{27}/ },
    ],
  },
  { code: "FACEBOOK_PAGE_ACCESS_TOKEN", label: "Facebook page access token", token: "EAA[MC][A-Za-z0-9]{100,2000}", keywords: ["EAAM", "EAAC"] },
  // gitleaks square.go (application secret)
  { code: "SQUARE_SECRET", label: "Square application secret", token: "sq0csp-[\\w-]{43}", keywords: ["sq0csp-"] },
  // gitleaks mailchimp.go: 32 hex and the data centre (`-us18`)
  { code: "MAILCHIMP_API_KEY", label: "Mailchimp API key", token: "[0-9a-f]{32}-us[0-9]{1,2}", keywords: [{ text: "-us", confirm: /-us[0-9]/ }] },
  // gitleaks sonar.go: SonarQube tokens (squ_ user, sqp_ project, sqa_ analysis), and 40-character ones under a sonar key
  { code: "SONAR_TOKEN", label: "SonarQube token", token: "sq[upa]_[0-9a-fA-F]{40}", keywords: ["squ_", "sqp_", "sqa_"] },
  { code: "SONAR_TOKEN", label: "SonarQube token", prefix: keyedBy(`${caseless("sonar")}[_.-]?(?:${caseless("login")}|${caseless("token")})`), token: "(?:sq[upa]_)?[A-Za-z0-9]{40}", keywords: ["sonar"] },
  // gitleaks snyk.go, heroku.go (v1 keys), hubspot.go: UUIDs under a key naming the vendor
  { code: "SNYK_API_TOKEN", label: "Snyk API token", prefix: keyedBy(caseless("snyk")), token: UUID, keywords: ["snyk"] },
  { code: "HEROKU_API_KEY", label: "Heroku API key", prefix: keyedBy(caseless("heroku")), token: UUID, keywords: ["heroku"] },
  { code: "HUBSPOT_API_KEY", label: "HubSpot API key", prefix: keyedBy(caseless("hubspot")), token: UUID, keywords: ["hubspot"] },
  // gitleaks sumologic.go: access IDs (`su` + 12) under a Sumo Logic key
  { code: "SUMOLOGIC_ACCESS_ID", label: "Sumo Logic access ID", prefix: keyedBy(`(?:${caseless("sumo")})(?:${caseless("logic")})?[_.-]`), token: "su[A-Za-z0-9]{12}", keywords: ["sumo"] },
];

export const PROVIDER_KEY_LABELS: Record<string, string> = Object.fromEntries(FORMATS.map((f) => [f.code, f.label]));
const isBlock = (secret: string) => secret.startsWith("-----BEGIN");

const patterns: SecretPattern[] = FORMATS.map((format) => ({
  code: format.code,
  keywords: format.keywords,
  pattern: new RegExp(`${format.prefix ?? (format.edges === "word" ? WORD_B : B)}(?<secret>${format.token})${format.edges === "word" ? WORD_E : E}`, `gd${format.flags ?? ""}`),
  accept: (secret: string) => isBlock(secret) || (!format.examples?.test(secret) && looksLikeToken(secret, format.minEntropy ?? 3)),
}));

/** Prefixed provider keys and tokens: a format alone is enough evidence. */
export default defineRegexRule({
  id: "harness-audit/provider-keys",
  labels: PROVIDER_KEY_LABELS,
  patterns,
  keywords: [...new Set(FORMATS.flatMap((format) => format.keywords))],
});
