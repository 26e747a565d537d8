import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DeploymentRecord, Incident, PendingDisconnect } from '../../domain/incidents/types.js';
import {
  deploymentKey,
  MAX_COMMIT_ITEMS,
  type RemediationClaim,
  type StateCommit,
  type StateSnapshot,
  type StateStore,
} from '../../ports/state-store.js';
import { createItemIo, type TransactOp } from './dynamodb-io.js';
import {
  ABSENT,
  AWAITING_HOOKS,
  ITEM_SK,
  keys,
  OPEN_INCIDENTS,
  PENDING_DISCONNECTS,
  plain,
  RESOLVED_OUTBOXES,
  sortableIso,
  ttlSeconds,
} from './dynamodb-items.js';

/** Options of the DynamoDB state store. */
export interface DynamoStateStoreOptions {
  client: DynamoDBDocumentClient | DynamoDBClient;
  table: string;
  /** Epoch ms now; items past `expiresAt` count as gone before TTL (which lags) deletes them. Default `Date.now`. */
  clock?: () => number;
}

/**
 * StateStore on one DynamoDB table (layout in dynamodb-items.ts). Every write is conditional except the
 * documented replace of a pending disconnect; a failed condition becomes the documented `false` /
 * `claimed: false`, any other error propagates so the invocation fails and is retried.
 */
export function createDynamoStateStore(options: DynamoStateStoreOptions): StateStore {
  const { table } = options;
  const doc =
    options.client instanceof DynamoDBDocumentClient
      ? options.client
      : DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
  const now = options.clock ?? Date.now;
  const io = createItemIo(doc, table, now);
  // Budget windows this store saw used up (see budgetUsedUp); expired ones are dropped as new ones come.
  const usedUp = new Map<string, { limit: number; until: number }>();
  const seenUsedUp = (key: string, limit: number, stored: { expiresAt?: unknown } | undefined) => {
    if (typeof stored?.expiresAt !== 'number') return;
    for (const [seen, window] of usedUp) if (window.until <= now()) usedUp.delete(seen);
    usedUp.set(key, { limit, until: stored.expiresAt * 1000 });
  };
  const item = (pk: string, expiresAt: number, attributes: Record<string, unknown> = {}) => ({
    pk,
    sk: ITEM_SK,
    expiresAt: ttlSeconds(expiresAt),
    ...attributes,
  });
  const remove = async (pk: string) => {
    await doc.send(new DeleteCommand({ TableName: table, Key: { pk, sk: ITEM_SK } }));
  };
  const revPut = (
    pk: string,
    data: { rev: number },
    expectedRev: number,
    expiresAt: number,
    extra = {},
  ): TransactOp => ({
    put: item(pk, expiresAt, { rev: data.rev, data: plain(data), ...extra }),
    ...(expectedRev === 0
      ? { condition: ABSENT }
      : { condition: '#rev = :expected', values: { ':expected': expectedRev } }),
  });
  const run = (op: TransactOp) => ('put' in op ? io.putIf(op.put, op.condition, op.values) : Promise.resolve(false));
  // Open incidents are indexed, and resolved ones until their last alert reached every channel; writing
  // one that is neither leaves out (so removes) the gsi attributes.
  const incidentIndex = (incident: Incident) =>
    incident.status === 'open'
      ? { gsi1pk: OPEN_INCIDENTS, gsi1sk: `${incident.cluster}#${incident.key}` }
      : incident.outbox
        ? { gsi1pk: RESOLVED_OUTBOXES, gsi1sk: incident.key }
        : {};
  // A record whose hook awaits action is indexed until the sweep pages it or an event ends the wait.
  const deploymentPut = (record: DeploymentRecord, expectedRev: number, expiresAt: number) => {
    const due = record.awaitingHook?.dueAt;
    const index = due
      ? { gsi1pk: AWAITING_HOOKS, gsi1sk: `${sortableIso(due)}#${record.cluster}#${record.service}` }
      : {};
    return revPut(keys.deployment(record.cluster, record.service), record, expectedRev, expiresAt, index);
  };
  const incidentPut = (incident: Incident, expectedRev: number, expiresAt: number) =>
    revPut(keys.incident(incident.key), incident, expectedRev, expiresAt, incidentIndex(incident));
  const pendingItem = (pending: PendingDisconnect, expiresAt: number) =>
    item(keys.pending(pending.containerInstanceArn), expiresAt, {
      data: plain(pending),
      gsi1pk: PENDING_DISCONNECTS,
      gsi1sk: `${sortableIso(pending.dueAt)}#${pending.containerInstanceArn}`,
    });
  /** The pending disconnect of the commit, conditioned on it still being what the decision read. */
  const pendingOp = (change: NonNullable<StateCommit['pending']>, expiresAt: number): TransactOp => {
    const pk = keys.pending(change.containerInstanceArn);
    const asRead: Pick<TransactOp, 'condition' | 'values'> = change.read
      ? {
          condition: '#gsi1sk = :readSk',
          values: { ':readSk': `${sortableIso(change.read.dueAt)}#${change.containerInstanceArn}` },
        }
      : { condition: ABSENT };
    if (change.next) return { put: pendingItem(change.next, expiresAt), ...asRead };
    return change.next === null ? { delete: pk, ...asRead } : { check: pk, ...asRead };
  };

  return {
    getIncident: async (key) => (await io.get(keys.incident(key)))?.data as Incident | undefined,
    putIncident: (incident, expectedRev, expiresAt) => run(incidentPut(incident, expectedRev, expiresAt)),
    listOpenIncidents: (cluster) =>
      io.queryIndex<Incident>(OPEN_INCIDENTS, cluster === undefined ? undefined : { beginsWith: `${cluster}#` }),
    async listPendingOutboxes() {
      const [open, resolved] = await Promise.all([
        io.queryIndex<Incident>(OPEN_INCIDENTS),
        io.queryIndex<Incident>(RESOLVED_OUTBOXES),
      ]);
      return [...open, ...resolved].filter((incident) => incident.outbox !== undefined);
    },

    getDeployment: async (cluster, service) =>
      (await io.get(keys.deployment(cluster, service)))?.data as DeploymentRecord | undefined,
    putDeployment: (record, expectedRev, expiresAt) => run(deploymentPut(record, expectedRev, expiresAt)),
    // '#' sorts just before '$', so every `dueAt#…` with dueAt ≤ now sorts before `now$`.
    listDueHooks: (now) => io.queryIndex<DeploymentRecord>(AWAITING_HOOKS, { before: `${sortableIso(now)}$` }),

    async getMany({ incidentKeys, deployments, pendingInstanceArns, claimKeys }) {
      const found = await io.getMany([
        ...incidentKeys.map(keys.incident),
        ...deployments.map(({ cluster, service }) => keys.deployment(cluster, service)),
        ...pendingInstanceArns.map(keys.pending),
        ...(claimKeys ?? []).map(keys.claim),
      ]);
      const snapshot: StateSnapshot = { incidents: new Map(), deployments: new Map(), pending: new Map() };
      for (const key of incidentKeys) {
        const data = found.get(keys.incident(key))?.data as Incident | undefined;
        if (data) snapshot.incidents.set(key, data);
      }
      for (const { cluster, service } of deployments) {
        const data = found.get(keys.deployment(cluster, service))?.data as DeploymentRecord | undefined;
        if (data) snapshot.deployments.set(deploymentKey(cluster, service), data);
      }
      for (const arn of pendingInstanceArns) {
        const data = found.get(keys.pending(arn))?.data as PendingDisconnect | undefined;
        if (data) snapshot.pending.set(arn, data);
      }
      if (claimKeys) {
        snapshot.claims = new Map();
        for (const key of claimKeys) {
          const data = found.get(keys.claim(key))?.data as RemediationClaim | undefined;
          if (data) snapshot.claims.set(key, data);
        }
      }
      return snapshot;
    },

    async commit(change, expiresAt) {
      const ops = change.incidents.map(({ incident, expectedRev }) => incidentPut(incident, expectedRev, expiresAt));
      for (const { record, expectedRev } of [
        ...(change.deployment ? [change.deployment] : []),
        ...(change.deployments ?? []),
      ]) {
        ops.push(deploymentPut(record, expectedRev, expiresAt));
      }
      for (const pending of [...(change.pending ? [change.pending] : []), ...(change.pendings ?? [])]) {
        ops.push(pendingOp(pending, expiresAt));
      }
      if (ops.length === 0) return true;
      if (ops.length > MAX_COMMIT_ITEMS) throw new Error(`a commit holds at most ${MAX_COMMIT_ITEMS} items`);
      // One write needs no transaction (which costs twice the write capacity).
      return ops.length === 1 && 'put' in ops[0]! ? run(ops[0]!) : io.transact(ops);
    },

    async putPendingDisconnect(pending, expiresAt) {
      // Unconditional by contract: a newer disconnect replaces the older one and restarts its grace period.
      await doc.send(new PutCommand({ TableName: table, Item: pendingItem(pending, expiresAt) }));
    },
    getPendingDisconnect: async (arn) => (await io.get(keys.pending(arn)))?.data as PendingDisconnect | undefined,
    deletePendingDisconnect: (arn) => remove(keys.pending(arn)),
    // '#' sorts just before '$', so every `dueAt#arn` with dueAt ≤ now sorts before `now$`.
    listDueDisconnects: (now) =>
      io.queryIndex<PendingDisconnect>(PENDING_DISCONNECTS, { before: `${sortableIso(now)}$` }),

    async budgetUsedUp(key, limit) {
      // Takes never give a unit back, so a window seen used up stays so until it expires: asked once.
      const known = usedUp.get(key);
      if (known !== undefined && limit <= known.limit && known.until > now()) return true;
      const stored = await io.get(keys.budget(key));
      const used = (typeof stored?.n === 'number' ? stored.n : 0) >= limit;
      if (used) seenUsedUp(key, limit, stored);
      return used;
    },
    async takeBudget(key, limit, expiresAt) {
      if (limit <= 0) return false;
      const after = await io.updateReturningIf(
        keys.budget(key),
        // The window's expiry is set by its first take; later takes don't extend it.
        'ADD #n :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
        'attribute_not_exists(#pk) OR (#n < :limit AND #expiresAt > :now)',
        { ':one': 1, ':limit': limit, ':expiresAt': ttlSeconds(expiresAt) },
      );
      // The take that used the window up says so: later budgetUsedUp calls in this container need no read.
      if (after) {
        if (typeof after.n === 'number' && after.n >= limit) seenUsedUp(key, limit, after);
        return true;
      }
      // Refused: the budget is used up, or its window expired and TTL has not deleted it yet (then start anew).
      return io.putIf(item(keys.budget(key), expiresAt, { n: 1 }), '#expiresAt <= :now');
    },

    async claimRemediation(claim, expiresAt) {
      if (await io.putIf(item(keys.claim(claim.key), expiresAt, { data: plain(claim) }), ABSENT)) {
        return { claimed: true };
      }
      const existing = (await io.get(keys.claim(claim.key)))?.data as RemediationClaim | undefined;
      return existing ? { claimed: false, existing } : { claimed: false };
    },
    getClaim: async (key) => (await io.get(keys.claim(key)))?.data as RemediationClaim | undefined,
    async getClaims(claimKeys) {
      const found = await io.getMany(claimKeys.map((key) => keys.claim(key)));
      const claims = new Map<string, RemediationClaim>();
      for (const key of claimKeys) {
        const data = found.get(keys.claim(key))?.data as RemediationClaim | undefined;
        if (data) claims.set(key, data);
      }
      return claims;
    },
    async finishRemediation(claim, expiresAt) {
      // A "done" claim is never overwritten: a late retry must not turn success into failure.
      await io.putIf(
        item(keys.claim(claim.key), expiresAt, { data: plain(claim) }),
        'attribute_not_exists(#pk) OR #data.#status <> :done',
        { ':done': 'done' },
      );
    },
  };
}
