import { ECSClient } from '@aws-sdk/client-ecs';
import type { ApiCall } from '../types.js';
import { ApiFault, ecsError, metadata } from './api-errors.js';

/** Answers a command (name without "Command") from the fleet, or throws an ApiFault. */
export type Answer = (command: string, input: Record<string, unknown>) => Record<string, unknown>;

type Context = { commandName?: string };

function copy(input: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(input ?? {})) as Record<string, unknown>;
}

/**
 * A real ECSClient whose commands never leave the process: a middleware at the `initialize` step answers
 * with `{ output }` (or throws the error the SDK would), so no endpoint, credentials or HTTP are involved.
 */
export function simulatedEcsClient(options: {
  region: string;
  now: () => number;
  calls: ApiCall[];
  answer: Answer;
  requestId: () => string;
}): ECSClient {
  const client = new ECSClient({
    region: options.region,
    credentials: { accessKeyId: 'SIMULATED', secretAccessKey: 'SIMULATED' },
    maxAttempts: 1,
  });
  const middleware = (_next: unknown, context: Context) => async (args: { input: Record<string, unknown> }) => {
    const command = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    const call: ApiCall = { at: options.now(), command, input: copy(args.input) };
    options.calls.push(call);
    const requestId = options.requestId();
    try {
      const output = options.answer(command, args.input ?? {});
      if (command === 'RunTask') {
        call.started = ((output.started as string[] | undefined) ?? []).slice();
        delete output.started;
      }
      return { output: { ...output, $metadata: metadata(200, requestId) }, response: {} };
    } catch (error) {
      if (error instanceof ApiFault) {
        call.error = error.errorName;
        if (command === 'RunTask') call.started = [];
        throw ecsError(error.errorName, error.message, requestId, error.extra);
      }
      throw error;
    }
  };
  // biome-ignore lint/suspicious/noExplicitAny: the short-circuit returns the output without the HTTP response the types expect.
  client.middlewareStack.add(middleware as any, { step: 'initialize', name: 'ecsFleetSimulator', priority: 'high' });
  return client;
}
