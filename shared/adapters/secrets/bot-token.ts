import { createSecretSource, type SecretKind, type SecretSourceOptions } from './secret-source.js';

/** Where the Slack bot token lives: an SSM SecureString parameter or a Secrets Manager secret. */
export type BotTokenSourceOptions = SecretSourceOptions;

const BOT_TOKEN: SecretKind = {
  name: 'Slack bot token',
  configured: 'Slack bot token',
  secretName: 'Slack bot token secret',
  jsonKeys: ['token', 'botToken', 'bot_token'],
  check(value, source) {
    // Bot tokens start xoxb-; a user token (xoxp-) would post as a person, anything else is a mistake.
    if (!/^xoxb-[A-Za-z0-9-]+$/.test(value))
      throw new Error(`the value in ${source} is not a Slack bot token (xoxb-…)`);
    return value;
  },
};

/**
 * Returns a function that resolves the Slack bot token, cached for `maxAgeMs`; concurrent callers share one
 * request, and failures are not cached. Errors name the source, never the value; the token is never logged.
 */
export function createBotTokenSource(options: BotTokenSourceOptions): () => Promise<string> {
  return createSecretSource(BOT_TOKEN, options);
}
