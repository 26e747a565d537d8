/** Adaptive retry mode adds client-side rate limiting when AWS throttles (ECS read buckets are shared account-wide). */
export const RETRY = { retryMode: 'adaptive', maxAttempts: 5 } as const;

/** A value made on first use, then reused for the life of the container. */
export function lazy<T>(make: () => T): () => T {
  let instance: T | undefined;
  return () => {
    instance ??= make();
    return instance;
  };
}
