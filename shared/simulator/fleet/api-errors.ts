import * as ecs from '@aws-sdk/client-ecs';

/** Response metadata as the SDK sets it (no HTTP happened; the request id is the simulator's). */
export function metadata(status: number, requestId: string) {
  return { httpStatusCode: status, requestId, attempts: 1, totalRetryDelay: 0 };
}

/**
 * An ECS service error as the SDK throws it: the modelled exception class when the SDK has one (so
 * `instanceof` works), else ECSServiceException with that `name` (e.g. ThrottlingException).
 */
export function ecsError(name: string, message: string, requestId: string, extra: Record<string, unknown> = {}): Error {
  const server = name === 'ServerException' || name === 'ServiceUnavailableException';
  const options = {
    name,
    message,
    $fault: server ? ('server' as const) : ('client' as const),
    $metadata: metadata(server ? 500 : 400, requestId),
    ...extra,
  };
  const Exported = (ecs as Record<string, unknown>)[name];
  const error =
    typeof Exported === 'function' && name.endsWith('Exception') && name !== 'ECSServiceException'
      ? new (Exported as new (opts: typeof options) => Error)(options)
      : new ecs.ECSServiceException(options);
  if (name === 'ThrottlingException') Object.assign(error, { $retryable: { throttling: true } });
  return Object.assign(error, extra);
}

/** A thrown request error the API handlers raise; the client turns it into an SDK error. */
export class ApiFault extends Error {
  constructor(
    readonly errorName: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
