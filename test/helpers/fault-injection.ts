/**
 * Fault injection between an AWS SDK v3 client and moto_server, as SDK middleware.
 *
 * A `FaultPlan` holds rules (command, optional input filter, fault, how many times). `injectFaults(client,
 * plan)` adds one middleware in the `finalizeRequest` step at low priority: after signing and *inside*
 * the SDK's retry middleware, so every injected fault is seen by the client's real retry strategy (its
 * error classification, attempt limit, retry quota and adaptive rate limiter), exactly like a fault on
 * the wire. `fastRetryStrategy()` is the runtime's strategy (adaptive, 5 attempts) with 10 ms backoff.
 */
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';

/** What goes wrong with one request. */
export type FaultKind =
  /** The service's throttling error (HTTP 400/429, `$retryable.throttling`): never reaches moto. */
  | 'throttle'
  /** HTTP 500 InternalFailure: never reaches moto. */
  | 'server-error'
  /** AccessDeniedException (HTTP 400, not retryable): never reaches moto. */
  | 'access-denied'
  /** Waits `delayMs`, then a socket timeout (TimeoutError); the request never reached moto. */
  | 'timeout'
  /** Waits `delayMs`, then goes through (honours the caller's abort signal while waiting). */
  | 'slow'
  /** The request reaches moto and succeeds, then the response is lost (TimeoutError): retries repeat it. */
  | 'lost-response';

/** One rule of a plan. */
export interface FaultRule {
  /** Operation name, e.g. `PutItem`, `RunTask`, `Publish` (the `Command` suffix is optional). */
  command: string;
  /** Only requests whose (serialized-side) input matches. */
  when?: (input: Record<string, unknown>) => boolean;
  fault: FaultKind;
  /** How many matching requests get the fault (default 1; `Infinity`: every one). */
  times?: number;
  /** For `timeout` and `slow` (default 50 ms). */
  delayMs?: number;
}

/** One request the middleware saw (every attempt, retries included). */
export interface FaultCall {
  client: string;
  command: string;
  input: Record<string, unknown>;
  /** The fault injected into this attempt, if any. */
  fault?: FaultKind;
  /** True when the request was passed on to moto (no fault, `slow` or `lost-response`). */
  reachedServer: boolean;
}

/** A programmable list of faults, shared by any number of clients; records every attempt. */
export class FaultPlan {
  readonly calls: FaultCall[] = [];
  private readonly rules: Array<FaultRule & { left: number }> = [];

  /** Adds a rule; rules are tried in the order added. */
  add(rule: FaultRule): this {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
    return this;
  }

  /** Removes every rule (recorded calls stay). */
  clear(): this {
    this.rules.length = 0;
    return this;
  }

  /** Attempts of `command` seen (optionally only those matching `filter`). */
  attempts(command: string, filter: (call: FaultCall) => boolean = () => true): number {
    const name = operation(command);
    return this.calls.filter((call) => call.command === name && filter(call)).length;
  }

  /** The fault for this request, consuming one use of the first matching rule. */
  take(command: string, input: Record<string, unknown>): FaultRule | undefined {
    const rule = this.rules.find((r) => r.left > 0 && operation(r.command) === command && (r.when?.(input) ?? true));
    if (rule) rule.left -= 1;
    return rule;
  }
}

function operation(command: string): string {
  return command.replace(/Command$/, '');
}

// Each service's throttling error as its protocol deserializes it (name and HTTP status).
const THROTTLE_SHAPES: Record<string, { name: string; status: number }> = {
  SNSClient: { name: 'ThrottledException', status: 429 },
  CloudWatchClient: { name: 'Throttling', status: 400 },
  DynamoDBClient: { name: 'ThrottlingException', status: 400 },
};

/** An error shaped like the SDK's deserialized service exception (name, $fault, $metadata, $retryable). */
export function serviceError(
  name: string,
  message: string,
  shape: { status: number; fault: 'client' | 'server'; throttling?: boolean; extra?: Record<string, unknown> },
): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: shape.fault,
    $metadata: { httpStatusCode: shape.status, requestId: 'fault-injection' },
    ...(shape.throttling ? { $retryable: { throttling: true } } : {}),
    ...shape.extra,
  });
}

function errorFor(kind: FaultKind, client: string, command: string): Error {
  if (kind === 'throttle') {
    const shape = THROTTLE_SHAPES[client] ?? { name: 'ThrottlingException', status: 400 };
    return serviceError(shape.name, 'Rate exceeded', { status: shape.status, fault: 'client', throttling: true });
  }
  if (kind === 'server-error')
    return serviceError('InternalFailure', 'internal error', { status: 500, fault: 'server' });
  if (kind === 'access-denied') {
    const message = `User is not authorized to perform: ${command}`;
    return serviceError('AccessDeniedException', message, { status: 400, fault: 'client' });
  }
  // What the Node HTTP handler throws when no response arrives in time.
  return Object.assign(new Error('Connection timed out'), { name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: {} });
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
    });
  });
}

/** The part of an SDK client the middleware needs (any v3 client fits). */
export interface StackClient {
  middlewareStack: {
    // biome-ignore lint/suspicious/noExplicitAny: each client's middleware types differ; only the shape matters here.
    add(middleware: any, options: any): void;
  };
}

type Next = (args: { input: Record<string, unknown> }) => Promise<unknown>;
type Context = { clientName?: string; commandName?: string; __smithy_context?: { abortSignal?: AbortSignal } };

/** Adds the plan's middleware to `client` (inside its retries); returns the client. */
export function injectFaults<C extends StackClient>(client: C, plan: FaultPlan): C {
  client.middlewareStack.add(
    (next: Next, context: Context) => async (args: { input: Record<string, unknown> }) => {
      const clientName = context.clientName ?? 'unknown';
      const command = operation(context.commandName ?? 'unknown');
      const rule = plan.take(command, args.input);
      const call: FaultCall = { client: clientName, command, input: args.input, reachedServer: false };
      plan.calls.push(rule ? { ...call, fault: rule.fault } : call);
      const record = plan.calls[plan.calls.length - 1]!;
      const signal = context.__smithy_context?.abortSignal;
      if (!rule) {
        record.reachedServer = true;
        return next(args);
      }
      if (rule.fault === 'slow') {
        await wait(rule.delayMs ?? 50, signal);
        record.reachedServer = true;
        return next(args);
      }
      if (rule.fault === 'lost-response') {
        record.reachedServer = true;
        await next(args);
        throw errorFor('lost-response', clientName, command);
      }
      if (rule.fault === 'timeout') await wait(rule.delayMs ?? 50, signal);
      throw errorFor(rule.fault, clientName, command);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'faultInjection' },
  );
  return client;
}

/**
 * The runtime's retry configuration (adaptive, 5 attempts: shared/runtime/clients.ts) with test-speed
 * waits: 10 ms between attempts instead of up to seconds, and an adaptive rate limiter whose floor is
 * 100 requests/s instead of 0.5/s (the default would hold a throttled client for 2 s per request).
 */
export function fastRetryStrategy(maxAttempts = 5): AdaptiveRetryStrategy {
  return new AdaptiveRetryStrategy(maxAttempts, {
    maxAttempts,
    backoff: { computeNextBackoffDelay: () => 10, setDelayBase: () => {} },
    rateLimiter: new DefaultRateLimiter({ minFillRate: 100, minCapacity: 10 }),
  });
}

/** Swaps the retry strategy of an already built client (the runtime's singletons) for `fastRetryStrategy()`. */
export function useFastRetries<C extends { config: object }>(client: C, maxAttempts = 5): C {
  const strategy = fastRetryStrategy(maxAttempts);
  // The retry middleware asks config.retryStrategy() on every request, so replacing the provider is enough.
  Object.assign(client.config, {
    retryStrategy: async () => strategy,
    maxAttempts: async () => maxAttempts,
  });
  return client;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What the RunTask idempotency model remembers: one entry per cluster and clientToken. */
export interface RunTaskTokenLog {
  /** RunTask requests that reached moto (each started tasks). */
  launches: number;
  /** Requests answered from the token record without launching. */
  replays: number;
  /** Requests refused with ConflictException (same token, other parameters). */
  conflicts: number;
}

/**
 * Models ECS RunTask idempotency, which moto ignores (ECS_Idempotency in the ECS API reference): the
 * first request with a clientToken (per cluster) launches and its response is remembered; a repeat with
 * the same token and the same parameters returns that response and launches nothing; the same token with
 * other parameters fails with ConflictException whose `resourceIds` are the tasks the token started.
 * Sits in the `deserialize` step, i.e. beneath `injectFaults`: a lost response is remembered as AWS would.
 */
export function modelRunTaskIdempotency<C extends StackClient>(client: C): RunTaskTokenLog {
  const log: RunTaskTokenLog = { launches: 0, replays: 0, conflicts: 0 };
  type Result = { output: { tasks?: Array<{ taskArn?: string }> }; response?: unknown };
  // The first request's result is shared as a promise, so a concurrent repeat waits for it (as ECS does).
  const seen = new Map<string, { params: string; result: Promise<Result> }>();
  client.middlewareStack.add(
    (next: Next, context: Context) => async (args: { input: Record<string, unknown> }) => {
      const token = args.input.clientToken;
      if (operation(context.commandName ?? '') !== 'RunTask' || typeof token !== 'string') return next(args);
      const { clientToken: _token, ...rest } = args.input;
      const params = canonical(rest);
      const key = `${String(args.input.cluster ?? 'default')}\u0000${token}`;
      const earlier = seen.get(key);
      if (earlier) {
        const result = await earlier.result;
        if (earlier.params === params) {
          log.replays += 1;
          return { output: structuredClone(result.output), response: result.response };
        }
        log.conflicts += 1;
        const resourceIds = (result.output.tasks ?? []).flatMap((t) => (t.taskArn ? [t.taskArn] : []));
        throw serviceError('ConflictException', 'The client token was already used with other parameters', {
          status: 400,
          fault: 'client',
          extra: { resourceIds },
        });
      }
      const result = next(args) as Promise<Result>;
      seen.set(key, { params, result });
      try {
        const out = await result;
        log.launches += 1;
        return out;
      } catch (error) {
        // Nothing was launched: the token stays unused.
        seen.delete(key);
        throw error;
      }
    },
    { step: 'deserialize', priority: 'high', name: 'runTaskIdempotencyModel' },
  );
  return log;
}
