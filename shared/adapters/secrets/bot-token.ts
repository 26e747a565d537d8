import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/** Where the Slack bot token lives: an SSM SecureString parameter or a Secrets Manager secret. */
export interface BotTokenSourceOptions {
  ssmParam?: string;
  secretId?: string;
  ssmClient?: SSMClient;
  secretsClient?: SecretsManagerClient;
  /** How long a fetched token is reused; default 5 minutes (a rotated token is picked up within that). */
  maxAgeMs?: number;
  /** Epoch-ms clock, for tests. */
  now?: () => number;
}

const DEFAULT_MAX_AGE_MS = 5 * 60_000;
const JSON_KEYS = ['token', 'botToken', 'bot_token'] as const;

/** Error text that names the source and the failure but never the value. */
function failure(source: string, error: unknown): Error {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`could not read the Slack bot token from ${source}: ${name}: ${message.slice(0, 300)}`);
}

/** The token inside a secret string: the string itself, or a JSON object's `token` / `botToken`. */
export function tokenFromSecret(source: string, raw: string): string {
  const text = raw.trim();
  let value = text;
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // JSON.parse messages quote the input, which is the secret: say nothing about it.
      throw new Error(`the Slack bot token secret ${source} starts with "{" but is not valid JSON`);
    }
    const record = (parsed ?? {}) as Record<string, unknown>;
    const key = JSON_KEYS.find((candidate) => typeof record[candidate] === 'string');
    if (!key) throw new Error(`the Slack bot token secret ${source} is JSON without a "token" or "botToken" string`);
    value = (record[key] as string).trim();
  }
  // Bot tokens start xoxb-; a user token (xoxp-) would post as a person, anything else is a mistake.
  if (!/^xoxb-[A-Za-z0-9-]+$/.test(value)) throw new Error(`the value in ${source} is not a Slack bot token (xoxb-…)`);
  return value;
}

async function readValue(options: BotTokenSourceOptions, clients: { ssm?: SSMClient; secrets?: SecretsManagerClient }) {
  if (options.ssmParam) {
    const source = `SSM parameter ${options.ssmParam}`;
    clients.ssm ??= new SSMClient({});
    let value: string | undefined;
    try {
      const out = await clients.ssm.send(new GetParameterCommand({ Name: options.ssmParam, WithDecryption: true }));
      value = out.Parameter?.Value;
    } catch (error) {
      throw failure(source, error);
    }
    if (!value) throw new Error(`${source} has no value`);
    return tokenFromSecret(source, value);
  }
  if (options.secretId) {
    const source = `secret ${options.secretId}`;
    clients.secrets ??= new SecretsManagerClient({});
    let value: string | undefined;
    try {
      value = (await clients.secrets.send(new GetSecretValueCommand({ SecretId: options.secretId }))).SecretString;
    } catch (error) {
      throw failure(source, error);
    }
    if (!value) throw new Error(`${source} has no SecretString`);
    return tokenFromSecret(source, value);
  }
  throw new Error('no Slack bot token configured (set an SSM parameter or a secret)');
}

/**
 * Returns a function that resolves the Slack bot token, cached for `maxAgeMs`; concurrent callers share one
 * request, and failures are not cached. Errors name the source, never the value; the token is never logged.
 */
export function createBotTokenSource(options: BotTokenSourceOptions): () => Promise<string> {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const clients: { ssm?: SSMClient; secrets?: SecretsManagerClient } = {};
  if (options.ssmClient) clients.ssm = options.ssmClient;
  if (options.secretsClient) clients.secrets = options.secretsClient;
  let cached: { value: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  return async () => {
    if (cached && now() < cached.expiresAt) return cached.value;
    inFlight ??= readValue(options, clients)
      .then((value) => {
        cached = { value, expiresAt: now() + maxAgeMs };
        return value;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}
