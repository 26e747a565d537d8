import type { Context } from 'aws-lambda';
import type { Verdict } from '../domain/classify/types.js';
import type { EcsActions } from '../ports/ecs-actions.js';
import type { LogExcerpts } from '../ports/log-excerpts.js';
import type { Effect } from '../use-cases/effects.js';
import type { EventInput } from '../use-cases/event-order.js';
import { handleBatch } from '../use-cases/handle-batch.js';
import { handleEvent, handleVerdict } from '../use-cases/handle-event.js';
import type { PipelineDeps, PipelineLog } from '../use-cases/pipeline-deps.js';
import type { runSweep } from '../use-cases/sweep.js';
import { getChannels } from './channels.js';
import { getConfig } from './lambda-config.js';
import { logger } from './logger.js';
import { getMetrics } from './metrics.js';
import { getSilenceStore, getStateStore } from './state-store.js';

// Leave this much of the Lambda's time for recording what was delivered after the channels answer.
const DEADLINE_MARGIN_MS = 3_000;

/**
 * What a function adds to the pipeline beyond state, channels and metrics, passed in by the function so
 * its bundle holds only the SDK clients it uses: ECS actions (remediation, the sweep's instance checks)
 * and log excerpts (task-failure alerts). Without them, remediation only reports and alerts carry no lines.
 */
export interface PipelineExtras {
  ecs?: () => EcsActions;
  logs?: () => LogExcerpts;
  /** The sweep, passed in by the function that sweeps on every run; elsewhere its code loads on first use. */
  sweep?: typeof runSweep;
}

const pipelineLog: PipelineLog = {
  info: (message, extra) => logger.info(message, extra ?? {}),
  warn: (message, extra) => logger.warn(message, extra ?? {}),
  error: (message, extra) => logger.error(message, extra ?? {}),
};

/** Pipeline dependencies for a Lambda invocation (or the CLI, with `context` absent). */
export function lambdaDeps(
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
  extras: PipelineExtras = {},
): PipelineDeps {
  return {
    config: getConfig(),
    store: getStateStore(),
    silences: getSilenceStore(),
    channels: getChannels(),
    metrics: getMetrics(),
    ecs: extras.ecs?.(),
    logs: extras.logs?.(),
    log: pipelineLog,
    deadline: () => Date.now() + (context ? context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS : 20_000),
    clock: () => new Date(),
  };
}

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
      const run = extras.sweep ?? (await import('../use-cases/sweep.js')).runSweep;
      return flushed(run(deps, deps.clock().toISOString()));
    },
  };
}
