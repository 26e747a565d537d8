import type { Context } from 'aws-lambda';
import { getEcsActions } from '../../shared/runtime/ecs-actions.js';
import { summarise } from '../../shared/runtime/event-handler.js';
import { getPipeline } from '../../shared/runtime/pipeline.js';
import { wrapHandler } from '../../shared/runtime/wrap-handler.js';
import { runSweep } from '../../shared/use-cases/sweep.js';

/**
 * Scheduled every minute: confirms agent disconnects still open after the grace period (then drains the
 * instance), resolves incidents that went quiet, and re-delivers alerts an earlier invocation left undelivered
 * (with the log lines kept on the incident: the sweep reads no logs, so it has no log reader).
 */
export const handler = wrapHandler(async (_event: unknown, context: Context) =>
  summarise(await getPipeline(context, { ecs: getEcsActions, sweep: runSweep }).sweep()),
);
