import type { Failure } from '@aws-sdk/client-ecs';

/** The one logging method the ECS adapter uses (Powertools Logger fits). */
export interface EcsLog {
  warn(message: string, extra: Record<string, unknown>): void;
}

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'ServerException',
  'ServiceUnavailableException',
  'InternalFailure',
  'RequestTimeout',
  'TimeoutError',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** A thrown SDK or network error as a short message, and whether trying again later may work. */
export function describeError(error: unknown): { message: string; retryable: boolean } {
  if (!(error instanceof Error)) return { message: String(error), retryable: false };
  const sdk = error as Error & { $fault?: string; $retryable?: unknown; code?: string };
  const retryable =
    RETRYABLE_NAMES.has(error.name) ||
    sdk.$fault === 'server' ||
    sdk.$retryable !== undefined ||
    (sdk.code !== undefined && NETWORK_CODES.has(sdk.code)) ||
    // RunTask with managed scaling: "the per-cluster quota of tasks in PROVISIONING" is reached for a while.
    (error.name === 'ClientException' && /provisioning/i.test(error.message));
  return { message: `${error.name}: ${error.message}`, retryable };
}

/** One ECS `failures[]` entry as text, e.g. `RESOURCE:MEMORY (detail) for arn`. */
export function failureText(failure: Failure): string {
  const detail = failure.detail ? ` (${failure.detail})` : '';
  const arn = failure.arn ? ` for ${failure.arn}` : '';
  return `${failure.reason ?? 'unknown failure'}${detail}${arn}`;
}
