import type { Incident } from '../../domain/incidents/types.js';
import type { StateStore } from '../../ports/state-store.js';

/**
 * The store as a batch just left it, for the remediation that follows: incidents the batch read or wrote
 * are answered from memory (what is stored, as far as this batch knows) until something writes them; every
 * write, and every other read, goes to the store. A decision on a stale answer only writes conditionally on
 * the rev it saw, so a refused write reads the store again.
 */
export function batchView(store: StateStore, known: ReadonlyMap<string, Incident>): StateStore {
  const cached = new Map(known);
  const forget = (keys: Iterable<string>) => {
    for (const key of keys) cached.delete(key);
  };
  return {
    ...store,
    async getIncident(key) {
      return cached.has(key) ? cached.get(key) : store.getIncident(key);
    },
    async getMany(keys) {
      const unknown = keys.incidentKeys.filter((key) => !cached.has(key));
      const needed = unknown.length + keys.deployments.length + keys.pendingInstanceArns.length > 0;
      const read = needed
        ? await store.getMany({ ...keys, incidentKeys: unknown })
        : { incidents: new Map(), deployments: new Map(), pending: new Map() };
      for (const key of keys.incidentKeys) {
        const incident = cached.get(key);
        if (incident) read.incidents.set(key, incident);
      }
      return read;
    },
    putIncident(incident, expectedRev, expiresAt) {
      forget([incident.key]);
      return store.putIncident(incident, expectedRev, expiresAt);
    },
    commit(change, expiresAt) {
      forget(change.incidents.map(({ incident }) => incident.key));
      return store.commit(change, expiresAt);
    },
  };
}
