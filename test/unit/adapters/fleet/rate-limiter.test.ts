import { describe, expect, it } from 'vitest';
import {
  createEcsReadLimiter,
  type LimiterClock,
  TokenBucket,
} from '../../../../shared/adapters/fleet/rate-limiter.js';

/** A clock that only moves when someone sleeps. */
function fakeClock(): LimiterClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

async function grantTimes(bucket: TokenBucket, clock: LimiterClock, count: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(Array.from({ length: count }, () => bucket.take().then(() => times.push(clock.now()))));
  return times;
}

describe('Class: TokenBucket', () => {
  it('grants the burst at once, then one token per 1/rate seconds', async () => {
    const clock = fakeClock();
    const times = await grantTimes(new TokenBucket({ ratePerSec: 10, burst: 5, clock }), clock, 8);
    expect(times).toEqual([0, 0, 0, 0, 0, 100, 200, 300]);
  });

  it('serves concurrent callers in arrival order', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSec: 2, burst: 1, clock });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.now()).toBe(1500);
  });

  it('refills while idle but never above the burst', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSec: 10, burst: 3, clock });
    await grantTimes(bucket, clock, 3);
    await clock.sleep(10_000);
    const start = clock.now();
    const times = await grantTimes(bucket, clock, 5);
    expect(times.map((t) => t - start)).toEqual([0, 0, 0, 100, 200]);
  });

  it.each([
    { ratePerSec: 0, burst: 1 },
    { ratePerSec: 5, burst: 0 },
    { ratePerSec: Number.NaN, burst: 1 },
  ])('rejects rate $ratePerSec and burst $burst', (options) => {
    expect(() => new TokenBucket(options)).toThrow(RangeError);
  });
});

describe('Function: createEcsReadLimiter', () => {
  it('keeps one bucket per ECS read category, like AWS', async () => {
    const clock = fakeClock();
    const limit = createEcsReadLimiter(2, clock);
    // Two tokens each: service reads do not wait for cluster-resource reads.
    await Promise.all([
      limit('service-read'),
      limit('service-read'),
      limit('cluster-resource-read'),
      limit('cluster-resource-read'),
    ]);
    expect(clock.now()).toBe(0);
    await limit('service-read');
    expect(clock.now()).toBe(500);
  });

  it('sustains the configured rate over a long run', async () => {
    const clock = fakeClock();
    const limit = createEcsReadLimiter(10, clock);
    await Promise.all(Array.from({ length: 110 }, () => limit('service-read')));
    // 10 from the burst, then 100 at 10/s.
    expect(clock.now()).toBe(10_000);
  });
});
