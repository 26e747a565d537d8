/** Time source of a limiter: real time in production, a fake in tests. */
export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Wall-clock time and `setTimeout`. */
export const REAL_CLOCK: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Token bucket: `ratePerSec` sustained, up to `burst` at once. */
export interface TokenBucketOptions {
  ratePerSec: number;
  burst: number;
  clock?: LimiterClock;
}

/**
 * A client-side token bucket. `take()` resolves when a token is available; callers are served in
 * arrival order, so a burst of concurrent callers is spread at `ratePerSec`.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private readonly clock: LimiterClock;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.ratePerSec > 0) || !(options.burst >= 1)) throw new RangeError('rate must be > 0 and burst ≥ 1');
    this.clock = options.clock ?? REAL_CLOCK;
    this.tokens = options.burst;
    this.last = this.clock.now();
  }

  /** Waits for one token, then takes it. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.acquire());
    this.queue = turn.catch(() => {});
    return turn;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.last) / 1000) * this.options.ratePerSec);
    this.last = now;
  }

  private async acquire(): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.options.ratePerSec) * 1000));
      this.refill();
    }
    this.tokens -= 1;
  }
}

/** ECS API throttling categories (each has its own account-wide bucket at AWS). */
export type EcsReadCategory = 'cluster-read' | 'cluster-resource-read' | 'service-read';

/** Waits for a token of the category's bucket. */
export type EcsReadLimiter = (category: EcsReadCategory) => Promise<void>;

/** One token bucket per ECS read category, each at `ratePerSec` (below AWS's 20/s per category). */
export function createEcsReadLimiter(ratePerSec: number, clock?: LimiterClock): EcsReadLimiter {
  const burst = Math.max(1, Math.floor(ratePerSec));
  const buckets: Record<EcsReadCategory, TokenBucket> = {
    'cluster-read': new TokenBucket({ ratePerSec, burst, clock }),
    'cluster-resource-read': new TokenBucket({ ratePerSec, burst, clock }),
    'service-read': new TokenBucket({ ratePerSec, burst, clock }),
  };
  return (category) => buckets[category].take();
}
