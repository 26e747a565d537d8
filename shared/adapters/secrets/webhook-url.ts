import { createSecretSource, type SecretKind, type SecretSourceOptions, valueFromSecret } from './secret-source.js';

/** Where the Slack webhook URL lives: an SSM SecureString parameter or a Secrets Manager secret. */
export type WebhookUrlSourceOptions = SecretSourceOptions;

const WEBHOOK_URL: SecretKind = {
  name: 'Slack webhook URL',
  configured: 'Slack webhook',
  secretName: 'Slack webhook secret',
  jsonKeys: ['url', 'webhookUrl', 'webhook_url'],
  check(value, source) {
    if (!/^https?:\/\/\S+$/.test(value)) throw new Error(`the Slack webhook value in ${source} is not a URL`);
    return value;
  },
};

/**
 * Returns a function that resolves the Slack webhook URL, cached for `maxAgeMs`; concurrent callers share
 * one request, and failures are not cached. Errors name the source, never the value.
 */
export function createWebhookUrlSource(options: WebhookUrlSourceOptions): () => Promise<string> {
  return createSecretSource(WEBHOOK_URL, options);
}

/** The webhook URL a stored value holds (the URL itself, or JSON with `url`); throws naming `source`, never the value. */
export function webhookUrlFromValue(raw: string, source: string): string {
  return valueFromSecret(WEBHOOK_URL, source, raw);
}
