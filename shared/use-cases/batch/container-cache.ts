import type { StateStore } from '../../ports/state-store.js';

/** Keys remembered per container: enough for a burst's redeliveries, small enough to never matter in memory. */
export const CONTAINER_CACHE_KEYS = 10_000;

/** A bounded map that forgets the least recently used key first. */
export class LruMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** The value of a key (and marks it recently used). */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Sets a key, forgetting the least recently used one beyond the limit. */
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/**
 * What this container has already decided, committed and finished: the dedup keys of events (a redelivery
 * is a duplicate without a marker item), the failed tasks counted in TaskFailures, and the highest version
 * seen per container instance (a late, older instance event is stale).
 */
export interface ContainerCache {
  handled: LruMap<true>;
  /** Events written but not finished here (their remediation or delivery failed): the decision they got. */
  committed: LruMap<string>;
  countedTasks: LruMap<true>;
  instanceVersions: LruMap<number>;
}

// One per store: a Lambda container keeps its store between invocations, a test or replay makes its own.
const CACHES = new WeakMap<StateStore, ContainerCache>();

/** The cache of the container that uses `store`. */
export function containerCache(store: StateStore): ContainerCache {
  let cache = CACHES.get(store);
  if (!cache) {
    cache = {
      handled: new LruMap(CONTAINER_CACHE_KEYS),
      committed: new LruMap(CONTAINER_CACHE_KEYS),
      countedTasks: new LruMap(CONTAINER_CACHE_KEYS),
      instanceVersions: new LruMap(CONTAINER_CACHE_KEYS),
    };
    CACHES.set(store, cache);
  }
  return cache;
}
