import type { DeploymentRecord, Incident, PendingDisconnect } from '../../domain/incidents/types.js';
import {
  deploymentKey,
  MAX_COMMIT_ITEMS,
  type RemediationClaim,
  type StateCommit,
  type StateSnapshot,
  type StateStore,
} from '../../ports/state-store.js';

/** Current time in epoch ms; the store compares it with each item's `expiresAt`. */
export type Clock = () => number;

interface Entry {
  value: unknown;
  expiresAt: number;
  /** When the key was first written (since it last disappeared): listings keep this order. */
  seq: number;
}

/**
 * The stored form of a value: what a JSON round trip keeps (as in DynamoDB, only JSON survives), deeply
 * frozen. Reads hand it out as is, so a read costs nothing and no caller can change what is stored through
 * it. A write copies what is new and shares what is already stored: the domain builds the next incident by
 * spreading the one it read, so its unchanged facts, failures and notes are the frozen objects of the stored
 * copy. Frozen is the mark, so anything frozen must already be stored form all the way down: this store
 * freezes only what it copied, and the domain freezes only lists of texts (pushBounded, withFailureAt), which
 * a JSON round trip leaves as they are. A WeakSet of stored objects marked them too, but the collector's work
 * on a weak set of every stored object cost more than the copies it saved.
 */
function storedCopy(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      // Already a stored copy (see above): immutable and JSON-only, so the copy would be equal.
      if (Object.isFrozen(value)) return value;
      break;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      return undefined;
  }
  let copy: unknown[] | Record<string, unknown>;
  if (Array.isArray(value)) {
    copy = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      copy[i] = typeof item === 'string' ? item : (storedCopy(item) ?? null);
    }
  } else {
    // Only a Date or another class (or an object with its own toJSON) can have a toJSON: plain records skip the lookup.
    const plain = Object.getPrototypeOf(value) === Object.prototype && !Object.hasOwn(value, 'toJSON');
    const json = plain ? undefined : (value as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') return storedCopy(json.call(value));
    const fast = sameKeysCopy(value as Record<string, unknown>);
    if (fast) return Object.freeze(fast);
    const record: Record<string, unknown> = {};
    // Own enumerable string keys, as Object.entries (and JSON) take them, without an array per key.
    for (const key of Object.keys(value)) {
      const field = (value as Record<string, unknown>)[key];
      const stored = typeof field === 'string' ? field : storedCopy(field);
      if (stored === undefined) continue;
      // An own `__proto__` key (JSON.parse makes one) must stay a key, not become the prototype.
      if (key === '__proto__') Object.defineProperty(record, key, { value: stored, enumerable: true });
      else record[key] = stored;
    }
    copy = record;
  }
  return Object.freeze(copy);
}

/**
 * The stored copy of an object that keeps every one of its keys, made from a spread of it: a record built key
 * by key past a dozen keys (an incident has twenty-odd) falls into V8's slow dictionary mode, and every later
 * read and spread of the stored incident paid for it. Undefined when a key would be dropped or is special
 * (a symbol, `__proto__`): storedCopy then builds it key by key.
 */
function sameKeysCopy(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const record = { ...value };
  if (Object.hasOwn(record, '__proto__')) return undefined;
  // for…in walks the object's cached key list; Object.keys made an array of them per copy (twice the time).
  for (const key in record) {
    const field = record[key];
    if (typeof field === 'string') continue;
    // An enumerable key on Object.prototype is not the record's own: JSON would not keep it.
    if (!Object.hasOwn(record, key)) return undefined;
    const stored = storedCopy(field);
    if (stored === undefined) return undefined;
    if (stored !== field) record[key] = stored;
  }
  return Object.getOwnPropertySymbols(record).length > 0 ? undefined : record;
}

function toMs(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/** An open incident in the store's listing: its order (`cluster#key`) and the value stored under its key. */
interface OpenIncident {
  key: string;
  cluster: string;
  order: string;
  value: Incident;
}

/** One kind of item (incidents, claims, …) by its own key: a lookup hashes the caller's key, not a prefixed copy. */
type Items = Map<string, Entry>;

/**
 * In-memory StateStore for replay, the CLI and tests. Same semantics as the DynamoDB store:
 * an item whose `expiresAt` (epoch ms) is at or before `clock()` no longer exists. Without a clock, nothing expires.
 * Values read are frozen (see storedCopy). Open incidents, incidents with a pending outbox and pending
 * disconnects are indexed as they are written, so listing them never walks the other items.
 */
export function createMemoryStateStore(clock?: Clock): StateStore {
  const incidents: Items = new Map();
  const deployments: Items = new Map();
  const pendings: Items = new Map();
  const budgets: Items = new Map();
  const claims: Items = new Map();
  let written = 0;
  // The open incidents in listing order (`cluster#key`, kept sorted as incidents open and resolve: a sorted insert,
  // not a sort of all of them), each with its stored value, and by key: replay lists them after most batches, and
  // a list read from these entries looks up no key.
  const openIncidents = new Map<string, OpenIncident>();
  const openSorted: OpenIncident[] = [];
  // Where `order` goes among the open incidents: after every one that sorts before or with it (as a stable sort
  // puts one added last).
  const openSlot = (order: string): number => {
    let [low, high] = [0, openSorted.length];
    while (low < high) {
      const mid = (low + high) >> 1;
      // Code-unit order, as DynamoDB sorts the index's string keys (by bytes), not the locale's collation.
      if (openSorted[mid]!.order <= order) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  const closeOpen = (key: string): void => {
    const open = openIncidents.get(key);
    if (open === undefined) return;
    // Orders are unique (they end with the key): the incident is the last one at or before its own order.
    openSorted.splice(openSlot(open.order) - 1, 1);
    openIncidents.delete(key);
  };
  const pendingOutboxes = new Set<string>();
  const pendingDisconnects = new Set<string>();
  // Deployment records whose lifecycle hook awaits action (awaitingHook.dueAt set).
  const awaitingHooks = new Set<string>();

  const forget = (items: Items, key: string): void => {
    items.delete(key);
    if (items === incidents) {
      closeOpen(key);
      pendingOutboxes.delete(key);
    } else if (items === pendings) pendingDisconnects.delete(key);
    else if (items === deployments) awaitingHooks.delete(key);
  };
  const live = (items: Items, key: string): Entry | undefined => {
    const entry = items.get(key);
    if (entry && clock && entry.expiresAt <= clock()) {
      forget(items, key);
      return undefined;
    }
    return entry;
  };
  const read = <T>(items: Items, key: string): T | undefined => live(items, key)?.value as T | undefined;
  const set = (items: Items, key: string, value: unknown, expiresAt: number): void => {
    items.set(key, { value, expiresAt, seq: items.get(key)?.seq ?? written++ });
  };
  const write = (items: Items, key: string, value: unknown, expiresAt: number): void =>
    set(items, key, storedCopy(value), expiresAt);
  const writeIncident = (incident: Incident, expiresAt: number): void => {
    const { key } = incident;
    const stored = storedCopy(incident) as Incident;
    set(incidents, key, stored, expiresAt);
    const open = openIncidents.get(key);
    if (incident.status !== 'open') closeOpen(key);
    else if (open !== undefined && open.cluster === stored.cluster) open.value = stored;
    else {
      closeOpen(key);
      const entry: OpenIncident = { key, cluster: stored.cluster, order: `${stored.cluster}#${key}`, value: stored };
      openSorted.splice(openSlot(entry.order), 0, entry);
      openIncidents.set(key, entry);
    }
    if (incident.outbox !== undefined) pendingOutboxes.add(key);
    else pendingOutboxes.delete(key);
  };
  const writeDeployment = (record: DeploymentRecord, expiresAt: number): void => {
    const key = deploymentKey(record.cluster, record.service);
    write(deployments, key, record, expiresAt);
    if (record.awaitingHook?.dueAt) awaitingHooks.add(key);
    else awaitingHooks.delete(key);
  };
  const writePending = (pending: PendingDisconnect, expiresAt: number): void => {
    write(pendings, pending.containerInstanceArn, pending, expiresAt);
    pendingDisconnects.add(pending.containerInstanceArn);
  };
  const liveOf = <T>(items: Items, keys: Iterable<string>): T[] => {
    const entries: Entry[] = [];
    for (const key of [...keys]) {
      const entry = live(items, key);
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) => a.seq - b.seq).map((entry) => entry.value as T);
  };
  const revOk = (items: Items, key: string, expectedRev: number): boolean => {
    const stored = read<{ rev: number }>(items, key);
    return expectedRev === 0 ? stored === undefined : stored?.rev === expectedRev;
  };

  return {
    async getIncident(key) {
      return read<Incident>(incidents, key);
    },
    async putIncident(incident, expectedRev, expiresAt) {
      if (!revOk(incidents, incident.key, expectedRev)) return false;
      writeIncident(incident, expiresAt);
      return true;
    },
    async listOpenIncidents(cluster) {
      const open: Incident[] = [];
      if (clock) {
        // A read can drop an expired incident from openSorted: walk a copy.
        for (const { key } of [...openSorted]) {
          const incident = read<Incident>(incidents, key);
          if (incident && (cluster === undefined || incident.cluster === cluster)) open.push(incident);
        }
        return open;
      }
      for (const { value } of openSorted) if (cluster === undefined || value.cluster === cluster) open.push(value);
      return open;
    },

    async getMany(keys) {
      const snapshot: StateSnapshot = { incidents: new Map(), deployments: new Map(), pending: new Map() };
      for (const key of keys.incidentKeys) {
        const incident = read<Incident>(incidents, key);
        if (incident) snapshot.incidents.set(key, incident);
      }
      for (const { cluster, service } of keys.deployments) {
        const key = deploymentKey(cluster, service);
        const record = read<DeploymentRecord>(deployments, key);
        if (record) snapshot.deployments.set(key, record);
      }
      for (const arn of keys.pendingInstanceArns) {
        const pending = read<PendingDisconnect>(pendings, arn);
        if (pending) snapshot.pending.set(arn, pending);
      }
      if (keys.claimKeys) {
        snapshot.claims = new Map();
        for (const key of keys.claimKeys) {
          const claim = read<RemediationClaim>(claims, key);
          if (claim) snapshot.claims.set(key, claim);
        }
      }
      return snapshot;
    },

    async commit(change, expiresAt) {
      const changedDeployments = [...(change.deployment ? [change.deployment] : []), ...(change.deployments ?? [])];
      const changedPendings = [...(change.pending ? [change.pending] : []), ...(change.pendings ?? [])];
      if (change.incidents.length + changedDeployments.length + changedPendings.length > MAX_COMMIT_ITEMS) {
        throw new Error(`a commit holds at most ${MAX_COMMIT_ITEMS} items`);
      }
      // As DynamoDB: the same pending is compared in the form it is stored in (its dueAt), not field by field.
      const pendingAsRead = (p: NonNullable<StateCommit['pending']>) =>
        read<PendingDisconnect>(pendings, p.containerInstanceArn)?.dueAt === p.read?.dueAt;
      const holds =
        change.incidents.every(({ incident, expectedRev }) => revOk(incidents, incident.key, expectedRev)) &&
        changedDeployments.every(({ record, expectedRev }) =>
          revOk(deployments, deploymentKey(record.cluster, record.service), expectedRev),
        ) &&
        changedPendings.every(pendingAsRead);
      if (!holds) return false;
      for (const { incident } of change.incidents) writeIncident(incident, expiresAt);
      for (const { record } of changedDeployments) writeDeployment(record, expiresAt);
      for (const p of changedPendings) {
        if (p.next) writePending(p.next, expiresAt);
        else if (p.next === null) forget(pendings, p.containerInstanceArn);
      }
      return true;
    },

    async listPendingOutboxes() {
      return liveOf<Incident>(incidents, pendingOutboxes);
    },

    async getDeployment(cluster, service) {
      return read<DeploymentRecord>(deployments, deploymentKey(cluster, service));
    },
    async putDeployment(record, expectedRev, expiresAt) {
      if (!revOk(deployments, deploymentKey(record.cluster, record.service), expectedRev)) return false;
      writeDeployment(record, expiresAt);
      return true;
    },
    async listDueHooks(now) {
      const nowMs = toMs(now);
      const due = (record: DeploymentRecord) => toMs(record.awaitingHook?.dueAt ?? '') <= nowMs;
      return liveOf<DeploymentRecord>(deployments, awaitingHooks)
        .filter(due)
        .sort((a, b) => toMs(a.awaitingHook?.dueAt ?? '') - toMs(b.awaitingHook?.dueAt ?? ''));
    },

    async putPendingDisconnect(pending, expiresAt) {
      writePending(pending, expiresAt);
    },
    async getPendingDisconnect(containerInstanceArn) {
      return read<PendingDisconnect>(pendings, containerInstanceArn);
    },
    async deletePendingDisconnect(containerInstanceArn) {
      forget(pendings, containerInstanceArn);
    },
    async listDueDisconnects(now) {
      const nowMs = toMs(now);
      return liveOf<PendingDisconnect>(pendings, pendingDisconnects)
        .filter((pending) => toMs(pending.dueAt) <= nowMs)
        .sort((a, b) => toMs(a.dueAt) - toMs(b.dueAt));
    },

    async budgetUsedUp(key, limit) {
      return ((live(budgets, key)?.value as number | undefined) ?? 0) >= limit;
    },
    async takeBudget(key, limit, expiresAt) {
      const entry = live(budgets, key);
      const used = (entry?.value as number | undefined) ?? 0;
      if (used >= limit) return false;
      // The window's expiry is set by its first take; later takes don't extend it.
      set(budgets, key, used + 1, entry?.expiresAt ?? expiresAt);
      return true;
    },

    async claimRemediation(claim, expiresAt) {
      const existing = read<RemediationClaim>(claims, claim.key);
      if (existing) return { claimed: false, existing };
      write(claims, claim.key, claim, expiresAt);
      return { claimed: true };
    },
    async getClaim(key) {
      return read<RemediationClaim>(claims, key);
    },
    async getClaims(keys) {
      const found = new Map<string, RemediationClaim>();
      for (const key of keys) {
        const claim = read<RemediationClaim>(claims, key);
        if (claim) found.set(key, claim);
      }
      return found;
    },
    async finishRemediation(claim, expiresAt) {
      // A finished ("done") claim is never overwritten: a late retry must not turn success into failure.
      if (read<RemediationClaim>(claims, claim.key)?.status === 'done') return;
      write(claims, claim.key, claim, expiresAt);
    },
  };
}
