import type { Incident } from '../../domain/incidents/types.js';
import { type RemediationClaim, type StateStore, storeWith } from '../../ports/state-store.js';

/**
 * The store as a batch just left it, for the remediation that follows: incidents the batch read or wrote
 * are answered from memory (what is stored, as far as this batch knows) until something writes them; every
 * write, and every other read, goes to the store; an incident write that went through is remembered as
 * written (a refused one is forgotten). A decision on a stale answer only writes conditionally on the rev it
 * saw, so a refused write reads the store again.
 *
 * The remediation claims of `claimKeys` (the batch's remediable events) are answered from the batch's read
 * (`read`), or else read together the first time one of them is asked for (one BatchGetItem), until
 * this view claims or finishes one. A claim another consumer writes after that read is as unseen as one
 * written after a single read would be: only the claim's own conditional put decides who acts.
 */
export function batchView(
  store: StateStore,
  /** The incidents known: the view's own from now on (it changes the map as it learns; a copy per batch cost). */
  known: Map<string, Incident>,
  claimKeys: { keys: readonly string[]; read?: ReadonlyMap<string, RemediationClaim> } = { keys: [] },
): StateStore {
  const cached = known;
  const forget = (keys: Iterable<string>) => {
    for (const key of keys) cached.delete(key);
  };
  // What a write that went through stored is known without reading it back (a JSON round trip, as stored).
  const remember = (incidents: readonly Incident[]) => {
    for (const incident of incidents) cached.set(incident.key, JSON.parse(JSON.stringify(incident)) as Incident);
  };
  const unread = new Set(claimKeys.read ? [] : claimKeys.keys);
  const claims = new Map<string, RemediationClaim | undefined>();
  if (claimKeys.read) for (const key of claimKeys.keys) claims.set(key, claimKeys.read.get(key));
  const readClaim = async (key: string) => {
    if (!claims.has(key) && unread.has(key)) {
      const keys = [...unread];
      unread.clear();
      const found = await store.getClaims(keys);
      for (const each of keys) claims.set(each, found.get(each));
    }
    return claims.has(key) ? claims.get(key) : store.getClaim(key);
  };
  const forgetClaim = (key: string) => {
    unread.delete(key);
    claims.delete(key);
  };
  return storeWith(store, {
    getClaim: readClaim,
    async claimRemediation(claim, expiresAt) {
      forgetClaim(claim.key);
      return store.claimRemediation(claim, expiresAt);
    },
    async finishRemediation(claim, expiresAt) {
      forgetClaim(claim.key);
      return store.finishRemediation(claim, expiresAt);
    },
    async getIncident(key) {
      return cached.has(key) ? cached.get(key) : store.getIncident(key);
    },
    async getMany(keys) {
      const unknown = keys.incidentKeys.filter((key) => !cached.has(key));
      const needed =
        unknown.length + keys.deployments.length + keys.pendingInstanceArns.length + (keys.claimKeys?.length ?? 0) > 0;
      const read = needed
        ? await store.getMany({ ...keys, incidentKeys: unknown })
        : { incidents: new Map(), deployments: new Map(), pending: new Map() };
      for (const key of keys.incidentKeys) {
        const incident = cached.get(key);
        if (incident) read.incidents.set(key, incident);
      }
      return read;
    },
    async putIncident(incident, expectedRev, expiresAt) {
      forget([incident.key]);
      const written = await store.putIncident(incident, expectedRev, expiresAt);
      if (written) remember([incident]);
      return written;
    },
    async commit(change, expiresAt) {
      forget(change.incidents.map(({ incident }) => incident.key));
      const written = await store.commit(change, expiresAt);
      if (written) remember(change.incidents.map(({ incident }) => incident));
      return written;
    },
  });
}
