/** What one attempt tells the retry loop. */
export type AttemptOutcome = { ok: true } | { ok: false; error: string; retryable: boolean; retryAfterMs?: number };

/** Retry settings: attempts, first backoff (doubled each time), clock and sleep for tests. */
export interface RetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails for good, runs out of attempts, or the next wait would end
 * after `deadline` (epoch ms). A server's Retry-After wins over the backoff.
 */
export async function withRetries(
  attempt: () => Promise<AttemptOutcome>,
  deadline: number,
  options: RetryOptions,
): Promise<{ ok: boolean; attempts: number; error?: string }> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const outcome = await attempt();
    if (outcome.ok) return { ok: true, attempts };
    const wait = outcome.retryAfterMs ?? options.baseDelayMs * 2 ** (attempts - 1);
    if (!outcome.retryable || attempts >= options.maxAttempts || now() + wait > deadline) {
      return { ok: false, attempts, error: outcome.error };
    }
    await sleep(wait);
  }
}
