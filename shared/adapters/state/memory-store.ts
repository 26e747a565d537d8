import type { DeploymentRecord, Incident, PendingDisconnect } from '../../domain/incidents/types.js';
import type { RemediationClaim, StateStore, VersionMark } from '../../ports/state-store.js';

/** Current time in epoch ms; the store compares it with each item's `expiresAt`. */
export type Clock = () => number;

interface Entry {
  value: unknown;
  expiresAt: number;
}

// Values are stored as JSON copies: callers can't mutate what is stored, and only JSON survives (as in DynamoDB).
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function toMs(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/** Items grouped by kind (the key up to its first '#'), so listing one kind never walks the others. */
class KindMap {
  private readonly kinds = new Map<string, Map<string, Entry>>();
  private group(key: string): Map<string, Entry> {
    const kind = key.slice(0, key.indexOf('#') + 1);
    const group = this.kinds.get(kind) ?? new Map<string, Entry>();
    this.kinds.set(kind, group);
    return group;
  }
  get(key: string): Entry | undefined {
    return this.group(key).get(key);
  }
  set(key: string, entry: Entry): void {
    this.group(key).set(key, entry);
  }
  delete(key: string): void {
    this.group(key).delete(key);
  }
  /** Keys of one kind, e.g. `incident#`. */
  keysOf(kind: string): string[] {
    return [...(this.kinds.get(kind)?.keys() ?? [])];
  }
}

/**
 * In-memory StateStore for replay, the CLI and tests. Same semantics as the DynamoDB store:
 * an item whose `expiresAt` (epoch ms) is at or before `clock()` no longer exists. Without a clock, nothing expires.
 */
export function createMemoryStateStore(clock?: Clock): StateStore {
  const items = new KindMap();

  const live = (key: string): Entry | undefined => {
    const entry = items.get(key);
    if (entry && clock && entry.expiresAt <= clock()) {
      items.delete(key);
      return undefined;
    }
    return entry;
  };
  const read = <T>(key: string): T | undefined => {
    const entry = live(key);
    return entry ? copy(entry.value as T) : undefined;
  };
  const write = (key: string, value: unknown, expiresAt: number): void => {
    items.set(key, { value: copy(value), expiresAt });
  };
  // `keep` sees the stored value, so only the items listed are copied (long simulated runs list often).
  const liveOfKind = <T>(kind: string, keep: (value: T) => boolean = () => true): T[] =>
    items.keysOf(kind).flatMap((key) => {
      const entry = live(key);
      return entry && keep(entry.value as T) ? [copy(entry.value as T)] : [];
    });
  const putWithRev = (key: string, value: { rev: number }, expectedRev: number, expiresAt: number): boolean => {
    const stored = read<{ rev: number }>(key);
    if (expectedRev === 0 ? stored !== undefined : stored?.rev !== expectedRev) return false;
    write(key, value, expiresAt);
    return true;
  };

  return {
    async getVersion(resourceArn) {
      return read<VersionMark>(`version#${resourceArn}`);
    },
    async putVersion(resourceArn, mark, expiresAt) {
      const stored = read<VersionMark>(`version#${resourceArn}`);
      const accepted = !stored || stored.version < mark.version || (stored.version === mark.version && !stored.done);
      if (accepted) write(`version#${resourceArn}`, { version: mark.version, done: mark.done }, expiresAt);
      return accepted;
    },
    async putOnce(key, expiresAt) {
      if (live(`once#${key}`)) return false;
      write(`once#${key}`, true, expiresAt);
      return true;
    },
    async deleteOnce(key) {
      items.delete(`once#${key}`);
    },

    async getIncident(key) {
      return read<Incident>(`incident#${key}`);
    },
    async putIncident(incident, expectedRev, expiresAt) {
      return putWithRev(`incident#${incident.key}`, incident, expectedRev, expiresAt);
    },
    async listOpenIncidents(cluster) {
      return liveOfKind<Incident>(
        'incident#',
        (incident) => incident.status === 'open' && (cluster === undefined || incident.cluster === cluster),
      ).sort((a, b) => `${a.cluster}#${a.key}`.localeCompare(`${b.cluster}#${b.key}`));
    },

    async commit(change, expiresAt) {
      const revOk = (key: string, expectedRev: number) => {
        const stored = read<{ rev: number }>(key);
        return expectedRev === 0 ? stored === undefined : stored?.rev === expectedRev;
      };
      const pendingKey = change.pending && `pending#${change.pending.containerInstanceArn}`;
      const holds =
        change.incidents.every(({ incident, expectedRev }) => revOk(`incident#${incident.key}`, expectedRev)) &&
        (!change.deployment ||
          revOk(
            `deployment#${change.deployment.record.cluster}#${change.deployment.record.service}`,
            change.deployment.expectedRev,
          )) &&
        (!change.pending || JSON.stringify(read(pendingKey ?? '')) === JSON.stringify(change.pending.read));
      if (!holds) return false;
      for (const { incident } of change.incidents) write(`incident#${incident.key}`, incident, expiresAt);
      const record = change.deployment?.record;
      if (record) write(`deployment#${record.cluster}#${record.service}`, record, expiresAt);
      if (pendingKey && change.pending?.next) write(pendingKey, change.pending.next, expiresAt);
      if (pendingKey && change.pending?.next === null) items.delete(pendingKey);
      return true;
    },

    async listPendingOutboxes() {
      return liveOfKind<Incident>('incident#', (incident) => incident.outbox !== undefined);
    },

    async getDeployment(cluster, service) {
      return read<DeploymentRecord>(`deployment#${cluster}#${service}`);
    },
    async putDeployment(record, expectedRev, expiresAt) {
      return putWithRev(`deployment#${record.cluster}#${record.service}`, record, expectedRev, expiresAt);
    },

    async putPendingDisconnect(pending, expiresAt) {
      write(`pending#${pending.containerInstanceArn}`, pending, expiresAt);
    },
    async getPendingDisconnect(containerInstanceArn) {
      return read<PendingDisconnect>(`pending#${containerInstanceArn}`);
    },
    async deletePendingDisconnect(containerInstanceArn) {
      items.delete(`pending#${containerInstanceArn}`);
    },
    async listDueDisconnects(now) {
      return liveOfKind<PendingDisconnect>('pending#', (pending) => toMs(pending.dueAt) <= toMs(now)).sort(
        (a, b) => toMs(a.dueAt) - toMs(b.dueAt),
      );
    },

    async takeBudget(key, limit, expiresAt) {
      const entry = live(`budget#${key}`);
      const used = (entry?.value as number | undefined) ?? 0;
      if (used >= limit) return false;
      // The window's expiry is set by its first take; later takes don't extend it.
      items.set(`budget#${key}`, { value: used + 1, expiresAt: entry?.expiresAt ?? expiresAt });
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
    async finishRemediation(claim, expiresAt) {
      // A finished ("done") claim is never overwritten: a late retry must not turn success into failure.
      if (read<RemediationClaim>(`claim#${claim.key}`)?.status === 'done') return;
      write(`claim#${claim.key}`, claim, expiresAt);
    },
  };
}
