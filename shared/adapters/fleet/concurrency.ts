import pLimit from 'p-limit';

/** Runs at most `limit` tasks at once (at least one); the others wait their turn in order. */
export function createSemaphore(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  const run = pLimit(Math.max(1, limit));
  return (task) => run(task);
}

/** Maps `items` with at most `limit` calls of `fn` in flight (at least one); results keep the input order. */
export function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  return pLimit(Math.max(1, limit)).map(items, fn);
}

/** Splits `items` into batches of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
