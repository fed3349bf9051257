import { ruleLabel } from "../../rules/secrets/lib/define-rule.js";

// Labels of the recommended preset's message ids (secretlint 12.0.0), without the secret.
const PRESET_LABELS: Record<string, string> = {
  AWSAccessKeyID: "AWS access key ID",
  AWSAccountID: "AWS account ID",
  AWSSecretAccessKey: "AWS secret access key",
  ANTHROPIC_API_KEY: "Anthropic API key",
  BasicAuth: "basic auth credential",
  DATABRICKS_PERSONAL_ACCESS_TOKEN: "Databricks personal access token",
  DOCKER_PERSONAL_ACCESS_TOKEN: "Docker personal access token",
  FIGMA_PERSONAL_ACCESS_TOKEN: "Figma personal access token",
  GITHUB_TOKEN: "GitHub token",
  GITLAB_PERSONAL_ACCESS_TOKEN: "GitLab personal access token",
  GRAFANA_CLOUD_API_TOKEN: "Grafana Cloud API token",
  GRAFANA_SERVICE_ACCOUNT_TOKEN: "Grafana service account token",
  GROQ_API_KEY: "Groq API key",
  HASHICORP_VAULT_BATCH_TOKEN: "HashiCorp Vault batch token",
  HASHICORP_VAULT_RECOVERY_TOKEN: "HashiCorp Vault recovery token",
  HASHICORP_VAULT_SERVICE_TOKEN: "HashiCorp Vault service token",
  HUGGINGFACE_USER_ACCESS_TOKEN: "Hugging Face user access token",
  IncomingWebhook: "Slack incoming webhook URL",
  LINEAR_API_TOKEN: "Linear API token",
  MongoDBConnection: "MongoDB connection string with credentials",
  MySQLConnection: "MySQL connection string with credentials",
  NOTION_INTEGRATION_TOKEN: "Notion integration token",
  NPM_ACCESS_TOKEN: "npm access token",
  Npmrc_authToken: "npmrc auth token",
  OPENAI_TOKEN: "OpenAI API key",
  OPS_TOKEN: "1Password service account token",
  PackageJSON_xOauthToken: "OAuth token in package.json",
  PostgreSQLConnection: "PostgreSQL connection string with credentials",
  PrivateKey: "private key",
  PrivateKeyJSON: "GCP service account private key (JSON)",
  PrivateKeyP12: "GCP service account private key (P12)",
  SENDGRID_KEY: "SendGrid API key",
  SHOPIFY_KEY: "Shopify API key",
  SLACK_TOKEN: "Slack token",
  VERCEL_AI_GATEWAY_API_KEY: "Vercel AI Gateway API key",
  VERCEL_APP_ACCESS_TOKEN: "Vercel app access token",
  VERCEL_APP_REFRESH_TOKEN: "Vercel app refresh token",
  VERCEL_INTEGRATION_TOKEN: "Vercel integration token",
  VERCEL_PERSONAL_ACCESS_TOKEN: "Vercel personal access token",
};

/** `AWSAccessKeyID` → `AWS_ACCESS_KEY_ID`, `Npmrc_authToken` → `NPMRC_AUTH_TOKEN`. */
export function toScreamingSnake(messageId: string): string {
  // A loop: `([A-Z]+)([A-Z][a-z])` would rescan an upper-case run from each of its letters.
  const isUpper = (char: string) => char >= "A" && char <= "Z";
  const isLower = (char: string) => char >= "a" && char <= "z";
  const isDigit = (char: string) => char >= "0" && char <= "9";
  let out = "";
  for (let i = 0; i < messageId.length; i++) {
    const char = messageId.charAt(i);
    const previous = messageId.charAt(i - 1);
    if (!isUpper(char) && !isLower(char) && !isDigit(char)) {
      if (!out.endsWith("_")) out += "_";
      continue;
    }
    const wordStarts = isUpper(char) && (isLower(previous) || isDigit(previous) || (isUpper(previous) && isLower(messageId.charAt(i + 1))));
    if (wordStarts && !out.endsWith("_")) out += "_";
    out += char;
  }
  return out.toUpperCase();
}

/** Human text for a finding: never the secret (built from fixed labels only). */
export function secretMessage(ruleId: string, messageId: string): string {
  return ruleLabel(ruleId, messageId) ?? PRESET_LABELS[messageId] ?? `secret (${toScreamingSnake(messageId)})`;
}
