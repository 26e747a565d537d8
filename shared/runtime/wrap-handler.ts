import type { Context } from 'aws-lambda';
import { logger } from './logger.js';

// An invocation still running this close to the Lambda's timeout fails first, so its failure is logged.
const TIMEOUT_EARLY_MS = 5;

function timedOut(): Error {
  const error = new Error('the invocation was about to reach the Lambda timeout');
  error.name = 'TimeoutError';
  return error;
}

/**
 * The one wrapper every function uses: the Lambda context in every log line (Powertools' own manual
 * instrumentation: sample rate, context, the event when POWERTOOLS_LOGGER_LOG_EVENT is on, keys reset after),
 * and errors logged then rethrown so the platform retries the invocation and finally dead-letters it instead
 * of losing it. An invocation about to time out fails 5 ms early with a TimeoutError, logged the same way.
 * A plain function rather than middy: two steps need no middleware engine, and middy's core loads Node's
 * web streams at every cold start for the response streaming no function uses.
 */
export function wrapHandler<TEvent, TResult>(handler: (event: TEvent, context: Context) => Promise<TResult>) {
  return async (event: TEvent, context: Context): Promise<TResult> => {
    logger.refreshSampleRateCalculation();
    logger.addContext(context);
    logger.logEventIfEnabled(event);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const work = handler(event, context);
      const remainingMs = context?.getRemainingTimeInMillis?.();
      if (remainingMs === undefined) return await work;
      const early = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timedOut()), remainingMs - TIMEOUT_EARLY_MS);
      });
      return await Promise.race([work, early]);
    } catch (error) {
      logger.error('invocation failed; the platform will retry it or send it to the dead-letter queue', {
        error: error as Error,
      });
      throw error;
    } finally {
      clearTimeout(timer);
      logger.resetKeys();
      logger.clearBuffer();
    }
  };
}
