import type { Context } from 'aws-lambda';
import { summarise } from '../../shared/runtime/event-handler.js';
import { getPipeline } from '../../shared/runtime/pipeline.js';
import { wrapHandler } from '../../shared/runtime/wrap-handler.js';

/**
 * Scheduled every minute: confirms agent disconnects still open after the grace period (then drains the
 * instance), resolves incidents that went quiet, and re-delivers alerts an earlier invocation left undelivered.
 */
export const handler = wrapHandler(async (_event: unknown, context: Context) =>
  summarise(await getPipeline(context).sweep()),
);
