import type { StateStore } from '../../ports/state-store.js';

/** Keys remembered per container: enough for a burst's redeliveries, small enough to never matter in memory. */
export const CONTAINER_CACHE_KEYS = 10_000;

/**
 * A bounded map that forgets the least recently used keys first, in two generations: keys are set in the
 * young one; when it is full it becomes the old one (the previous old one is dropped); a key read from the
 * old one moves back to the young one. Between `limit` and `2 × limit` keys are remembered, at the cost of
 * one Map operation per call (a strict LRU deleted and re-inserted the key on every read and write).
 */
export class LruMap<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** The value of a key (and marks it recently used). */
  get(key: string): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined || this.old.size === 0) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  /** Sets a key; once `limit` keys are young, the keys not used since the generation before are forgotten. */
  set(key: string, value: V): void {
    if (this.young.size >= this.limit && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}

/**
 * What this container has already decided, committed and finished: the dedup keys of events (a redelivery
 * is a duplicate without a marker item), the failed tasks counted in TaskFailures, and the highest version
 * seen per container instance (a late, older instance event is stale).
 */
export interface ContainerCache {
  handled: LruMap<true>;
  /**
   * Events written but not finished here (their remediation or delivery failed): the decision they got. Only
   * those: a finished one is in `handled`, so its redelivery is a duplicate before the state is asked.
   */
  committed: LruMap<string>;
  /** By task ARN. */
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
