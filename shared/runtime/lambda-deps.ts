import type { Context } from 'aws-lambda';
import type { EcsActions } from '../ports/ecs-actions.js';
import type { LogExcerpts } from '../ports/log-excerpts.js';
import type { PipelineDeps, PipelineLog } from '../use-cases/pipeline-deps.js';
import type { runSweep } from '../use-cases/sweep.js';
import { getChannels, prefetchSlackSecret } from './channels.js';
import { getConfig } from './lambda-config.js';
import { logger } from './logger.js';
import { getMetrics } from './metrics.js';
import { withSlackPrefetch } from './slack-prefetch.js';
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
  /** Tags for alert routing only, for a function that takes no ECS actions (the reader loads on first use). */
  routingTags?: () => EcsActions['taskTags'];
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
    store: withSlackPrefetch(getStateStore(), prefetchSlackSecret),
    silences: getSilenceStore(),
    channels: getChannels(),
    metrics: getMetrics(),
    ecs: extras.ecs?.(),
    routingTags: extras.routingTags?.(),
    logs: extras.logs?.(),
    log: pipelineLog,
    deadline: () => Date.now() + (context ? context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS : 20_000),
    clock: () => new Date(),
  };
}
