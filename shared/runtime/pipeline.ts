import type { Context } from 'aws-lambda';
import type { Verdict } from '../domain/classify/types.js';
import type { Effect } from '../use-cases/effects.js';
import type { EventInput } from '../use-cases/event-order.js';
import { handleBatch } from '../use-cases/handle-batch.js';
import { handleEvent, handleVerdict } from '../use-cases/handle-event.js';
import { lambdaDeps, type PipelineExtras } from './lambda-deps.js';

export { lambdaDeps, type PipelineExtras } from './lambda-deps.js';

/** The alerting pipeline bound to this invocation; every call flushes its metrics. */
export function getPipeline(context?: Pick<Context, 'getRemainingTimeInMillis'>, extras: PipelineExtras = {}) {
  const deps = lambdaDeps(context, extras);
  const flushed = async (work: Promise<Effect[]>) => {
    try {
      return await work;
    } finally {
      await deps.metrics.flush();
    }
  };
  return {
    /** Handles one raw EventBridge event. */
    handle: (raw: unknown, input: string) => flushed(handleEvent(deps, raw, input)),
    /** Handles a batch of raw EventBridge events in event-time order; failures come back per input. */
    handleBatch: async (inputs: readonly EventInput[]) => {
      try {
        return await handleBatch(deps, inputs);
      } finally {
        await deps.metrics.flush();
      }
    },
    /** Handles a finding that no event announced (health check) as if it were an event. */
    handleVerdict: (verdict: Verdict, dedupKey: string) =>
      flushed(handleVerdict(deps, verdict, { input: dedupKey, detailType: 'ecs-lookout check', dedupKey })),
    /** Runs the periodic sweep at the current time. */
    sweep: async () => {
      const run = extras.sweep ?? (await import('./on-demand.js')).runSweep;
      return flushed(run(deps, deps.clock().toISOString()));
    },
  };
}
