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
 * it. Every write copies the whole value: remembering which objects were already stored copies (a WeakSet)
 * so they could be shared cost more, in the collector's work on a weak set of every stored object, than
 * copying them again (pipeline ~10% faster without it).
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
  if (Object.getOwnPropertySymbols(record).length > 0 || Object.hasOwn(record, '__proto__')) return undefined;
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (typeof field === 'string') continue;
    const stored = storedCopy(field);
    if (stored === undefined) return undefined;
    if (stored !== field) record[key] = stored;
  }
  return record;
}

function toMs(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/**
 * In-memory StateStore for replay, the CLI and tests. Same semantics as the DynamoDB store:
 * an item whose `expiresAt` (epoch ms) is at or before `clock()` no longer exists. Without a clock, nothing expires.
 * Values read are frozen (see storedCopy). Open incidents, incidents with a pending outbox and pending
 * disconnects are indexed as they are written, so listing them never walks the other items.
 */
export function createMemoryStateStore(clock?: Clock): StateStore {
  const items = new Map<string, Entry>();
  let written = 0;
  // Open incident item keys → their listing order (`cluster#key`), and the keys kept in that order as incidents
  // open and resolve (a sorted insert, not a sort of all of them: replay lists them after most batches).
  const openIncidents = new Map<string, string>();
  const openSorted: string[] = [];
  // Where `order` goes among the open keys: after every key that sorts before or with it (as a stable sort puts
  // a key added last).
  const openSlot = (order: string): number => {
    let [low, high] = [0, openSorted.length];
    while (low < high) {
      const mid = (low + high) >> 1;
      // Code-unit order, as DynamoDB sorts the index's string keys (by bytes), not the locale's collation.
      if ((openIncidents.get(openSorted[mid]!) ?? '') <= order) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  const closeOpen = (key: string): void => {
    const order = openIncidents.get(key);
    if (order === undefined) return;
    // Orders are unique (they end with the key): the key is the last one at or before its own order.
    openSorted.splice(openSlot(order) - 1, 1);
    openIncidents.delete(key);
  };
  const pendingOutboxes = new Set<string>();
  const pendingDisconnects = new Set<string>();
  // Deployment records whose lifecycle hook awaits action (awaitingHook.dueAt set).
  const awaitingHooks = new Set<string>();

  const forget = (key: string): void => {
    items.delete(key);
    closeOpen(key);
    pendingOutboxes.delete(key);
    pendingDisconnects.delete(key);
    awaitingHooks.delete(key);
  };
  const live = (key: string): Entry | undefined => {
    const entry = items.get(key);
    if (entry && clock && entry.expiresAt <= clock()) {
      forget(key);
      return undefined;
    }
    return entry;
  };
  const read = <T>(key: string): T | undefined => live(key)?.value as T | undefined;
  const set = (key: string, value: unknown, expiresAt: number): void => {
    items.set(key, { value, expiresAt, seq: items.get(key)?.seq ?? written++ });
  };
  const write = (key: string, value: unknown, expiresAt: number): void => set(key, storedCopy(value), expiresAt);
  const writeIncident = (incident: Incident, expiresAt: number): void => {
    const key = `incident#${incident.key}`;
    write(key, incident, expiresAt);
    const order = `${incident.cluster}#${incident.key}`;
    if (incident.status !== 'open') closeOpen(key);
    else if (openIncidents.get(key) !== order) {
      closeOpen(key);
      openSorted.splice(openSlot(order), 0, key);
      openIncidents.set(key, order);
    }
    if (incident.outbox !== undefined) pendingOutboxes.add(key);
    else pendingOutboxes.delete(key);
  };
  const writeDeployment = (record: DeploymentRecord, expiresAt: number): void => {
    const key = `deployment#${record.cluster}#${record.service}`;
    write(key, record, expiresAt);
    if (record.awaitingHook?.dueAt) awaitingHooks.add(key);
    else awaitingHooks.delete(key);
  };
  const writePending = (pending: PendingDisconnect, expiresAt: number): void => {
    const key = `pending#${pending.containerInstanceArn}`;
    write(key, pending, expiresAt);
    pendingDisconnects.add(key);
  };
  const liveOf = <T>(keys: Iterable<string>): T[] => {
    const entries: Entry[] = [];
    for (const key of [...keys]) {
      const entry = live(key);
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) => a.seq - b.seq).map((entry) => entry.value as T);
  };
  const revOk = (key: string, expectedRev: number): boolean => {
    const stored = read<{ rev: number }>(key);
    return expectedRev === 0 ? stored === undefined : stored?.rev === expectedRev;
  };

  return {
    async getIncident(key) {
      return read<Incident>(`incident#${key}`);
    },
    async putIncident(incident, expectedRev, expiresAt) {
      if (!revOk(`incident#${incident.key}`, expectedRev)) return false;
      writeIncident(incident, expiresAt);
      return true;
    },
    async listOpenIncidents(cluster) {
      const open: Incident[] = [];
      for (const key of [...openSorted]) {
        const incident = read<Incident>(key);
        if (incident && (cluster === undefined || incident.cluster === cluster)) open.push(incident);
      }
      return open;
    },

    async getMany(keys) {
      const snapshot: StateSnapshot = { incidents: new Map(), deployments: new Map(), pending: new Map() };
      for (const key of keys.incidentKeys) {
        const incident = read<Incident>(`incident#${key}`);
        if (incident) snapshot.incidents.set(key, incident);
      }
      for (const { cluster, service } of keys.deployments) {
        const record = read<DeploymentRecord>(`deployment#${cluster}#${service}`);
        if (record) snapshot.deployments.set(deploymentKey(cluster, service), record);
      }
      for (const arn of keys.pendingInstanceArns) {
        const pending = read<PendingDisconnect>(`pending#${arn}`);
        if (pending) snapshot.pending.set(arn, pending);
      }
      if (keys.claimKeys) {
        snapshot.claims = new Map();
        for (const key of keys.claimKeys) {
          const claim = read<RemediationClaim>(`claim#${key}`);
          if (claim) snapshot.claims.set(key, claim);
        }
      }
      return snapshot;
    },

    async commit(change, expiresAt) {
      const deployments = [...(change.deployment ? [change.deployment] : []), ...(change.deployments ?? [])];
      const pendings = [...(change.pending ? [change.pending] : []), ...(change.pendings ?? [])];
      if (change.incidents.length + deployments.length + pendings.length > MAX_COMMIT_ITEMS) {
        throw new Error(`a commit holds at most ${MAX_COMMIT_ITEMS} items`);
      }
      // As DynamoDB: the same pending is compared in the form it is stored in (its dueAt), not field by field.
      const pendingAsRead = (p: NonNullable<StateCommit['pending']>) =>
        read<PendingDisconnect>(`pending#${p.containerInstanceArn}`)?.dueAt === p.read?.dueAt;
      const holds =
        change.incidents.every(({ incident, expectedRev }) => revOk(`incident#${incident.key}`, expectedRev)) &&
        deployments.every(({ record, expectedRev }) =>
          revOk(`deployment#${record.cluster}#${record.service}`, expectedRev),
        ) &&
        pendings.every(pendingAsRead);
      if (!holds) return false;
      for (const { incident } of change.incidents) writeIncident(incident, expiresAt);
      for (const { record } of deployments) writeDeployment(record, expiresAt);
      for (const p of pendings) {
        if (p.next) writePending(p.next, expiresAt);
        else if (p.next === null) forget(`pending#${p.containerInstanceArn}`);
      }
      return true;
    },

    async listPendingOutboxes() {
      return liveOf<Incident>(pendingOutboxes);
    },

    async getDeployment(cluster, service) {
      return read<DeploymentRecord>(`deployment#${cluster}#${service}`);
    },
    async putDeployment(record, expectedRev, expiresAt) {
      const key = `deployment#${record.cluster}#${record.service}`;
      if (!revOk(key, expectedRev)) return false;
      writeDeployment(record, expiresAt);
      return true;
    },
    async listDueHooks(now) {
      const nowMs = toMs(now);
      const due = (record: DeploymentRecord) => toMs(record.awaitingHook?.dueAt ?? '') <= nowMs;
      return liveOf<DeploymentRecord>(awaitingHooks)
        .filter(due)
        .sort((a, b) => toMs(a.awaitingHook?.dueAt ?? '') - toMs(b.awaitingHook?.dueAt ?? ''));
    },

    async putPendingDisconnect(pending, expiresAt) {
      writePending(pending, expiresAt);
    },
    async getPendingDisconnect(containerInstanceArn) {
      return read<PendingDisconnect>(`pending#${containerInstanceArn}`);
    },
    async deletePendingDisconnect(containerInstanceArn) {
      forget(`pending#${containerInstanceArn}`);
    },
    async listDueDisconnects(now) {
      const nowMs = toMs(now);
      return liveOf<PendingDisconnect>(pendingDisconnects)
        .filter((pending) => toMs(pending.dueAt) <= nowMs)
        .sort((a, b) => toMs(a.dueAt) - toMs(b.dueAt));
    },

    async budgetUsedUp(key, limit) {
      return ((live(`budget#${key}`)?.value as number | undefined) ?? 0) >= limit;
    },
    async takeBudget(key, limit, expiresAt) {
      const entry = live(`budget#${key}`);
      const used = (entry?.value as number | undefined) ?? 0;
      if (used >= limit) return false;
      // The window's expiry is set by its first take; later takes don't extend it.
      set(`budget#${key}`, used + 1, entry?.expiresAt ?? expiresAt);
      return true;
    },

    async claimRemediation(claim, expiresAt) {
      const existing = read<RemediationClaim>(`claim#${claim.key}`);
      if (existing) return { claimed: false, existing };
      write(`claim#${claim.key}`, claim, expiresAt);
      return { claimed: true };
    },
    async getClaim(key) {
      return read<RemediationClaim>(`claim#${key}`);
    },
    async getClaims(keys) {
      const claims = new Map<string, RemediationClaim>();
      for (const key of keys) {
        const claim = read<RemediationClaim>(`claim#${key}`);
        if (claim) claims.set(key, claim);
      }
      return claims;
    },
    async finishRemediation(claim, expiresAt) {
      // A finished ("done") claim is never overwritten: a late retry must not turn success into failure.
      if (read<RemediationClaim>(`claim#${claim.key}`)?.status === 'done') return;
      write(`claim#${claim.key}`, claim, expiresAt);
    },
  };
}
