import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../shared/runtime/logger.js';
import { wrapHandler } from '../../../shared/runtime/wrap-handler.js';

const context = (remainingMs = 30_000) =>
  ({
    functionName: 'ecs-lookout-test',
    awsRequestId: 'req-1',
    getRemainingTimeInMillis: () => remainingMs,
  }) as unknown as Context;

beforeEach(() => {
  vi.spyOn(logger, 'addContext');
  vi.spyOn(logger, 'resetKeys');
  vi.spyOn(logger, 'error').mockImplementation(() => {});
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('Function: wrapHandler', () => {
  it('gives the handler its event and context, adds the context to the logs and resets the keys after', async () => {
    const handler = wrapHandler(async (event: { n: number }, ctx: Context) => ({
      doubled: event.n * 2,
      id: ctx.awsRequestId,
    }));

    await expect(handler({ n: 21 }, context())).resolves.toEqual({ doubled: 42, id: 'req-1' });

    expect(logger.addContext).toHaveBeenCalledWith(expect.objectContaining({ awsRequestId: 'req-1' }));
    expect(logger.resetKeys).toHaveBeenCalledTimes(1);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('logs a failure with its error, then rethrows it so the platform retries the invocation', async () => {
    const failure = new Error('state table unreachable');
    const handler = wrapHandler(async () => {
      throw failure;
    });

    await expect(handler({}, context())).rejects.toBe(failure);

    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('invocation failed'), { error: failure });
    expect(logger.resetKeys).toHaveBeenCalledTimes(1);
  });

  it('fails an invocation 5 ms before the Lambda timeout with a logged TimeoutError', async () => {
    vi.useFakeTimers();
    const handler = wrapHandler(() => new Promise<never>(() => {}));

    let settled = false;
    const outcome = handler({}, context(1_000)).catch((error: Error) => {
      settled = true;
      return error;
    });
    await vi.advanceTimersByTimeAsync(994);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    await expect(outcome).resolves.toMatchObject({ name: 'TimeoutError' });
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('invocation failed'), {
      error: expect.objectContaining({ name: 'TimeoutError' }),
    });
  });

  it('leaves no timer behind once the handler answers', async () => {
    vi.useFakeTimers();
    const handler = wrapHandler(async () => 'done');

    await expect(handler({}, context())).resolves.toBe('done');

    expect(vi.getTimerCount()).toBe(0);
  });
});
