import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/** Where the Slack webhook URL lives: an SSM SecureString parameter or a Secrets Manager secret. */
export interface WebhookUrlSourceOptions {
  ssmParam?: string;
  secretId?: string;
  ssmClient?: SSMClient;
  secretsClient?: SecretsManagerClient;
  /** How long a fetched value is reused; default 5 minutes (a rotated URL is picked up within that). */
  maxAgeMs?: number;
  /** Epoch-ms clock, for tests. */
  now?: () => number;
}

const DEFAULT_MAX_AGE_MS = 5 * 60_000;
const JSON_KEYS = ['url', 'webhookUrl', 'webhook_url'] as const;

/** Error text that names the source and the failure but never the value. */
function failure(source: string, error: unknown): Error {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`could not read the Slack webhook URL from ${source}: ${name}: ${message.slice(0, 300)}`);
}

/** The URL inside a secret string: the string itself, or a JSON object's `url` / `webhookUrl`. */
function urlFromSecret(source: string, raw: string): string {
  const text = raw.trim();
  let value = text;
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // JSON.parse messages quote the input, which is the secret: say nothing about it.
      throw new Error(`the Slack webhook secret ${source} starts with "{" but is not valid JSON`);
    }
    const record = (parsed ?? {}) as Record<string, unknown>;
    const key = JSON_KEYS.find((candidate) => typeof record[candidate] === 'string');
    if (!key) throw new Error(`the Slack webhook secret ${source} is JSON without a "url" or "webhookUrl" string`);
    value = (record[key] as string).trim();
  }
  if (!/^https?:\/\/\S+$/.test(value)) throw new Error(`the Slack webhook value in ${source} is not a URL`);
  return value;
}

async function readSsm(client: SSMClient, name: string): Promise<string> {
  const source = `SSM parameter ${name}`;
  let value: string | undefined;
  try {
    const output = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    value = output.Parameter?.Value;
  } catch (error) {
    throw failure(source, error);
  }
  if (!value) throw new Error(`${source} has no value`);
  return urlFromSecret(source, value);
}

async function readSecret(client: SecretsManagerClient, secretId: string): Promise<string> {
  const source = `secret ${secretId}`;
  let value: string | undefined;
  try {
    value = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (error) {
    throw failure(source, error);
  }
  if (!value) throw new Error(`${source} has no SecretString`);
  return urlFromSecret(source, value);
}

/**
 * Returns a function that resolves the Slack webhook URL, cached for `maxAgeMs`; concurrent callers share
 * one request, and failures are not cached. Errors name the source, never the value.
 */
export function createWebhookUrlSource(options: WebhookUrlSourceOptions): () => Promise<string> {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  let cached: { value: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  let { ssmClient, secretsClient } = options;

  const fetchValue = (): Promise<string> => {
    if (options.ssmParam) {
      ssmClient ??= new SSMClient({});
      return readSsm(ssmClient, options.ssmParam);
    }
    if (options.secretId) {
      secretsClient ??= new SecretsManagerClient({});
      return readSecret(secretsClient, options.secretId);
    }
    return Promise.reject(new Error('no Slack webhook configured (set an SSM parameter or a secret)'));
  };

  return async () => {
    if (cached && now() < cached.expiresAt) return cached.value;
    inFlight ??= fetchValue()
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
