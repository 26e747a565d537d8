import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';

/** Temporary credentials as the SDK clients take them. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** Options of a member role's credentials. */
export interface AssumeRoleOptions {
  sts: STSClient;
  roleArn: string;
  externalId?: string;
  /** Shown in the member account's CloudTrail as the session name. */
  sessionName?: string;
  /** Default 3,600 s: one AssumeRole per role per hour per warm Lambda container. */
  durationSeconds?: number;
  /** Credentials are renewed this long before they expire (default 5 min, past any call's retries). */
  refreshBeforeMs?: number;
  now?: () => number;
}

/**
 * Credentials of a member role from STS AssumeRole, reused until `refreshBeforeMs` before they expire.
 * Concurrent callers share one AssumeRole; a failed one is not remembered, so the next call asks again.
 */
export function assumeRoleCredentials(options: AssumeRoleOptions): () => Promise<TemporaryCredentials> {
  const now = options.now ?? Date.now;
  const refreshBeforeMs = options.refreshBeforeMs ?? 5 * 60_000;
  type Cached = { credentials: Promise<TemporaryCredentials>; expiresAt?: number };
  let cached: Cached | undefined;

  async function assume(): Promise<TemporaryCredentials> {
    const output = await options.sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: options.sessionName ?? 'ecs-lookout',
        DurationSeconds: options.durationSeconds ?? 3600,
        ...(options.externalId ? { ExternalId: options.externalId } : {}),
      }),
    );
    const c = output.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration)
      throw new Error(`AssumeRole ${options.roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  }

  return () => {
    if (cached?.expiresAt !== undefined && now() >= cached.expiresAt - refreshBeforeMs) cached = undefined;
    if (!cached) {
      const entry: Cached = { credentials: assume() };
      entry.credentials.then(
        (credentials) => {
          entry.expiresAt = credentials.expiration.getTime();
        },
        () => {
          if (cached === entry) cached = undefined;
        },
      );
      cached = entry;
    }
    return cached.credentials;
  };
}
