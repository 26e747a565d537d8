/** Decisions are tried this many times before a conflict-ridden event or batch fails (and is redelivered). */
export const MAX_DECIDE_ATTEMPTS = 10;

// Losers of a write race wait a random while before deciding again (full jitter, doubling, capped), so
// writers colliding on one incident are settled in turn instead of colliding again on every attempt.
const CONFLICT_BACKOFF_MS = 20;
const CONFLICT_BACKOFF_CAP_MS = 1_000;

/** Waits before attempt `attempt + 1` after a write conflict. */
export function conflictBackoff(attempt: number): Promise<void> {
  const ceiling = Math.min(CONFLICT_BACKOFF_CAP_MS, CONFLICT_BACKOFF_MS * 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
