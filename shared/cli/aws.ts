import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';

/** Limits of the CLI's AWS calls: each attempt is bounded, and every request stops at the command's deadline. */
export interface CliAwsLimits {
  /** Time to open a connection (TCP and TLS). */
  connectionTimeoutMs: number;
  /** Time a request may wait for its response once sent. */
  requestTimeoutMs: number;
  /** Attempts per call, the first included (the SDK retries throttling, 5xx and network errors). */
  maxAttempts: number;
  /** Aborted at the command's overall deadline (`--timeout`). */
  deadline: AbortSignal;
}

/** A network failure seen by any request: the first one, kept to explain a run that could not read AWS. */
export interface NetworkFailures {
  first?: NodeJS.ErrnoException & { hostname?: string; address?: string; port?: number };
}

/** The default limits: a laptop or CI runner reaches AWS in well under these. */
export const DEFAULT_AWS_LIMITS = { connectionTimeoutMs: 5_000, requestTimeoutMs: 20_000, maxAttempts: 3 } as const;

interface RequestHandlerLike {
  handle(request: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

// The SDK's Node handler only warns when requestTimeout passes unless throwOnRequestTimeout is set: a server
// that accepts and never answers would hold the command for ever.
function clientConfig(limits: CliAwsLimits) {
  return {
    retryMode: 'adaptive',
    maxAttempts: limits.maxAttempts,
    requestHandler: {
      connectionTimeout: limits.connectionTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  } as const;
}

/** Passes the deadline to every request and remembers the first network-level failure. */
function guard(client: { config: { requestHandler: unknown } }, limits: CliAwsLimits, failures: NetworkFailures) {
  const inner = client.config.requestHandler as RequestHandlerLike;
  const guarded = Object.create(inner) as RequestHandlerLike;
  guarded.handle = async (request, options) => {
    try {
      return await inner.handle(request, { ...options, abortSignal: options?.abortSignal ?? limits.deadline });
    } catch (error) {
      if (isNetworkError(error)) failures.first ??= error as NetworkFailures['first'];
      throw error;
    }
  };
  client.config.requestHandler = guarded;
}

/** True for errors of the connection itself (refused, DNS, reset, timed out), not answers from AWS. */
export function isNetworkError(error: unknown): boolean {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return (
    name === 'TimeoutError' ||
    (typeof code === 'string' &&
      [
        'ECONNREFUSED',
        'ENOTFOUND',
        'EAI_AGAIN',
        'ECONNRESET',
        'ETIMEDOUT',
        'EHOSTUNREACH',
        'ENETUNREACH',
        'EPIPE',
      ].includes(code))
  );
}

/** The report's SDK clients, bounded by `limits`; `failures` collects what went wrong on the network. */
export function createCliAwsClients(limits: CliAwsLimits, failures: NetworkFailures) {
  const ecs = new ECSClient(clientConfig(limits));
  const cloudwatch = new CloudWatchClient(clientConfig(limits));
  const dynamo = new DynamoDBClient(clientConfig(limits));
  for (const client of [ecs, cloudwatch, dynamo]) guard(client, limits, failures);
  return { ecs, cloudwatch, dynamo };
}

/** A CloudWatch Logs client bounded like the report's (`why` searches the functions' logs with it). */
export function createCliLogsClient(limits: CliAwsLimits, failures: NetworkFailures): CloudWatchLogsClient {
  const logs = new CloudWatchLogsClient(clientConfig(limits));
  guard(logs, limits, failures);
  return logs;
}
