import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/** Where a secret lives: an SSM SecureString parameter or a Secrets Manager secret, and how long it is reused. */
export interface SecretSourceOptions {
  ssmParam?: string;
  secretId?: string;
  ssmClient?: SSMClient;
  secretsClient?: SecretsManagerClient;
  /** How long a fetched value is reused; default 5 minutes (a rotated secret is picked up within that). */
  maxAgeMs?: number;
  /** Epoch-ms clock, for tests. */
  now?: () => number;
}

/** What a secret is and how its value is told apart from a mistake; the words go into error text. */
export interface SecretKind {
  /** `Slack webhook URL`: "could not read the … from …". */
  name: string;
  /** `Slack webhook`: "no … configured". */
  configured: string;
  /** `Slack webhook secret`: "the … <source> is JSON without …". */
  secretName: string;
  /** Keys a JSON secret may keep the value under, the first two named in errors. */
  jsonKeys: readonly string[];
  /** The value, checked (a URL, a bot token); throws naming the source, never the value. */
  check(value: string, source: string): string;
}

const DEFAULT_MAX_AGE_MS = 5 * 60_000;

/** Error text that names what was read, its source and the failure, but never the value. */
function failure(what: string, source: string, error: unknown): Error {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`could not read the ${what} from ${source}: ${name}: ${message.slice(0, 300)}`);
}

/**
 * The decrypted value of the SSM SecureString `name`, `what` naming it in errors, which name the parameter but
 * never the value. A parameter that does not exist is an error, or undefined when `missing` is 'absent'.
 */
export async function ssmParameterValue(
  client: SSMClient,
  name: string,
  what: string,
  missing: 'error' | 'absent' = 'error',
): Promise<string | undefined> {
  const source = `SSM parameter ${name}`;
  let value: string | undefined;
  try {
    value = (await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
  } catch (error) {
    if (missing === 'absent' && error instanceof Error && error.name === 'ParameterNotFound') return undefined;
    throw failure(what, source, error);
  }
  if (!value) throw new Error(`${source} has no value`);
  return value;
}

/** The value inside a secret string: the string itself, or a JSON object's value under one of the kind's keys. */
export function valueFromSecret(kind: SecretKind, source: string, raw: string): string {
  const text = raw.trim();
  let value = text;
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // JSON.parse messages quote the input, which is the secret: say nothing about it.
      throw new Error(`the ${kind.secretName} ${source} starts with "{" but is not valid JSON`);
    }
    const record = (parsed ?? {}) as Record<string, unknown>;
    const key = kind.jsonKeys.find((candidate) => typeof record[candidate] === 'string');
    if (!key) {
      const [first, second] = kind.jsonKeys;
      throw new Error(`the ${kind.secretName} ${source} is JSON without a "${first}" or "${second}" string`);
    }
    value = (record[key] as string).trim();
  }
  return kind.check(value, source);
}

async function readValue(
  kind: SecretKind,
  options: SecretSourceOptions,
  clients: { ssm?: SSMClient; secrets?: SecretsManagerClient },
): Promise<string> {
  let source: string;
  let value: string | undefined;
  if (options.ssmParam) {
    source = `SSM parameter ${options.ssmParam}`;
    clients.ssm ??= new SSMClient({});
    value = await ssmParameterValue(clients.ssm, options.ssmParam, kind.name);
  } else if (options.secretId) {
    source = `secret ${options.secretId}`;
    clients.secrets ??= new SecretsManagerClient({});
    try {
      value = (await clients.secrets.send(new GetSecretValueCommand({ SecretId: options.secretId }))).SecretString;
    } catch (error) {
      throw failure(kind.name, source, error);
    }
    if (!value) throw new Error(`${source} has no SecretString`);
  } else {
    throw new Error(`no ${kind.configured} configured (set an SSM parameter or a secret)`);
  }
  return valueFromSecret(kind, source, value as string);
}

/**
 * Returns a function that resolves the secret, cached for `maxAgeMs`; concurrent callers share one request,
 * and failures are not cached. Errors name the source, never the value.
 */
export function createSecretSource(kind: SecretKind, options: SecretSourceOptions): () => Promise<string> {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const clients: { ssm?: SSMClient; secrets?: SecretsManagerClient } = {};
  if (options.ssmClient) clients.ssm = options.ssmClient;
  if (options.secretsClient) clients.secrets = options.secretsClient;
  let cached: { value: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  return async () => {
    if (cached && now() < cached.expiresAt) return cached.value;
    inFlight ??= readValue(kind, options, clients)
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
