import { createSemaphore } from './concurrency.js';
import type { EcsReadCategory, EcsReadLimiter } from './rate-limiter.js';

/** Rate-limited, concurrency-bounded ECS calls, counted. */
export interface EcsCalls {
  /** Waits for a token of `category`, then runs `send` within the in-flight bound. */
  call<T>(category: EcsReadCategory, send: () => Promise<T>): Promise<T>;
  /** Follows `nextToken` until the last page; every page is one limited call. */
  listAll(
    category: EcsReadCategory,
    page: (token?: string) => Promise<{ arns?: string[]; next?: string }>,
  ): Promise<string[]>;
  /** Calls made so far. */
  count(): number;
}

/** Wraps SDK sends in the client-side rate limit and a bound on calls in flight. */
export function createEcsCalls(limiter: EcsReadLimiter, concurrency: number): EcsCalls {
  const inFlight = createSemaphore(concurrency);
  let calls = 0;
  const call = async <T>(category: EcsReadCategory, send: () => Promise<T>): Promise<T> => {
    await limiter(category);
    calls += 1;
    return inFlight(send);
  };
  return {
    call,
    async listAll(category, page) {
      const arns: string[] = [];
      let token: string | undefined;
      do {
        const out = await call(category, () => page(token));
        arns.push(...(out.arns ?? []));
        token = out.next;
      } while (token);
      return arns;
    },
    count: () => calls,
  };
}
