import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger.js';

/**
 * The one middy stack every function uses: Lambda context in every log line, and errors logged then
 * rethrown so the platform retries the invocation and finally dead-letters it instead of losing it.
 */
export function wrapHandler<TEvent, TResult>(handler: (event: TEvent, context: Context) => Promise<TResult>) {
  return middy<TEvent, TResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: async (request) => {
        logger.error('invocation failed; the platform will retry it or send it to the dead-letter queue', {
          error: request.error as Error,
        });
      },
    })
    .handler(handler);
}
