import { randomUUID } from 'node:crypto';
import { isSettled } from '../../domain/incidents/outbox.js';
import { toMs } from '../../domain/incidents/time.js';
import type { Incident } from '../../domain/incidents/types.js';
import { MAX_COMMIT_ITEMS, type StateCommit } from '../../ports/state-store.js';
import { SEND_LEASE_MS } from '../deliver-alerts.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { type BatchDecision, openedInRound } from './decide-batch.js';

/**
 * How stale a stored `lastEventAt` may get before a batch writes it although nothing else that matters
 * changed: quiet resolution reads it (its window is at least 30 min), so a failing incident never looks quiet.
 */
export const HEARTBEAT_MS = 5 * 60_000;

/** What a successful batch write stored: the incidents as written, and those whose alert this invocation sends. */
export interface CommittedBatch {
  writeId: string;
  written: Map<string, Incident>;
  /** Incidents written with this invocation's send lease on their new transition. */
  leased: Map<string, Incident>;
}

/**
 * True when a changed incident must be written: it went through a transition (its alert), it is new or
 * changed status, it counts failures and is still below the escalation threshold (every failure counts
 * towards the crash loop, however slow, whichever incident of the service's episode hosts it), it holds a
 * steady state or a failure after one, or its stored last event is a heartbeat old. Other count changes of an
 * open incident are metrics only.
 */
export function mustWrite(read: Incident | undefined, next: Incident, transitioned: boolean): boolean {
  if (transitioned || !read || read.status !== next.status || read.resolvedBy !== next.resolvedBy) return true;
  if (next.status === 'open' && next.group !== 'instance-lost' && !next.escalatedAt) return true;
  if (read.notes.length !== next.notes.length) return true;
  // A transition held back by a silence is what the team hears when it ends: it must be stored.
  if (read.silenced?.id !== next.silenced?.id || read.silenced?.transition !== next.silenced?.transition) return true;
  if (read.severity !== next.severity) return true;
  // A steady state held back (the sweep resolves it after STEADY_HOLD_MS), and a failure after it that calls the
  // hold off, must be seen by the sweep and the other functions at once, not a heartbeat later.
  if (read.steadyAt !== next.steadyAt) return true;
  const steadyMs = next.steadyAt === undefined ? Number.NaN : toMs(next.steadyAt);
  if (toMs(read.lastEventAt) <= steadyMs && toMs(next.lastEventAt) > steadyMs) return true;
  return toMs(next.lastEventAt) - toMs(read.lastEventAt) >= HEARTBEAT_MS;
}

type Item =
  | { kind: 'incident'; value: StateCommit['incidents'][number] }
  | { kind: 'deployment'; value: NonNullable<StateCommit['deployments']>[number] }
  | { kind: 'pending'; value: NonNullable<StateCommit['pending']> };

function itemsOf(deps: PipelineDeps, batch: BatchDecision, writeId: string, leaseAt: number) {
  const items: Item[] = [];
  const written = new Map<string, Incident>();
  const leased = new Map<string, Incident>();
  for (const key of batch.changedIncidents) {
    const next = batch.incidents.get(key)!;
    const read = batch.read.incidents.get(key);
    const transitioned = batch.transitions.has(key);
    if (!mustWrite(read, next, transitioned)) continue;
    const readRev = read?.rev ?? 0;
    // The round's own copy (decide() made it, nothing shared reads its rev, writer or outbox), stamped as
    // written in place rather than copied once more; its outbox is replaced, never changed.
    const incident: Incident = next;
    incident.rev = readRev + 1;
    incident.writtenBy = writeId;
    const superseded = read?.outbox && read.outbox.delivered.length === 0 ? read.outbox : undefined;
    if (transitioned && incident.outbox && incident.outbox.transition !== 'resolved') {
      // An opening nobody sends any more (its sender died and the lease lapsed) is folded in like one of this batch.
      const lapsed = superseded?.sendingAt === undefined || leaseAt - superseded.sendingAt >= SEND_LEASE_MS;
      if (openedInRound(batch, key) || (superseded?.transition === 'opened' && lapsed)) {
        // Opened and escalated (or repeated) before anyone heard of the opening: one alert, the opening, as
        // the incident stands now.
        incident.outbox = { ...incident.outbox, transition: 'opened' };
      }
    }
    if (transitioned && superseded && incident.outbox && superseded.at > incident.outbox.at) {
      // A transition never dates before the unsent one it replaces (events of another batch may be older).
      incident.outbox = { ...incident.outbox, at: superseded.at };
    }
    const outbox = incident.outbox;
    if (transitioned && outbox && deps.channels.some((c) => !isSettled(outbox, c.name))) {
      // The send lease rides on the transition's own write: no other invocation sends it meanwhile. (Assigned
      // onto a copy, not spread: a spread of decide()'s outbox that adds keys gets a hidden class of its own.)
      incident.outbox = Object.assign({}, outbox, { sendingAt: leaseAt, sendingBy: writeId });
      leased.set(key, incident);
    }
    written.set(key, incident);
    items.push({ kind: 'incident', value: { incident, expectedRev: readRev } });
  }
  for (const key of batch.changedDeployments) {
    const record = batch.deployments.get(key)!;
    const readRev = batch.read.deployments.get(key)?.rev ?? 0;
    items.push({ kind: 'deployment', value: { record: { ...record, rev: readRev + 1 }, expectedRev: readRev } });
  }
  for (const arn of batch.changedPending) {
    const read = batch.read.pending.get(arn);
    const next = batch.pending.get(arn);
    if (!read && !next) continue;
    if (read && next && JSON.stringify(read) === JSON.stringify(next)) continue;
    items.push({ kind: 'pending', value: { containerInstanceArn: arn, read, next: next ?? null } });
  }
  return { items, written, leased };
}

function commitOf(items: Item[]): StateCommit {
  const commit: Required<Pick<StateCommit, 'incidents' | 'deployments' | 'pendings'>> = {
    incidents: [],
    deployments: [],
    pendings: [],
  };
  for (const item of items) {
    if (item.kind === 'incident') commit.incidents.push(item.value);
    else if (item.kind === 'deployment') commit.deployments.push(item.value);
    else commit.pendings.push(item.value);
  }
  return commit;
}

/** True when every incident of a refused commit is stored as this write left it: its response was lost, not refused. */
async function wasOurs(deps: PipelineDeps, commit: StateCommit, writeId: string): Promise<boolean> {
  if (commit.incidents.length === 0 || (commit.deployments?.length ?? 0) + (commit.pendings?.length ?? 0) > 0) {
    return false;
  }
  const stored = await deps.store.getMany({
    incidentKeys: commit.incidents.map((i) => i.incident.key),
    deployments: [],
    pendingInstanceArns: [],
  });
  return commit.incidents.every(({ incident }) => {
    const now = stored.incidents.get(incident.key);
    return now?.writtenBy === writeId && now.rev === incident.rev;
  });
}

/**
 * Writes what the batch changed that matters (see mustWrite), every item conditional on what was read,
 * in one transaction (split in parts of ≤ 100 items). Undefined on a conflict: decide the batch again.
 */
export async function commitBatch(
  deps: PipelineDeps,
  batch: BatchDecision,
  expiresAt: number,
): Promise<CommittedBatch | undefined> {
  const writeId = randomUUID();
  const { items, written, leased } = itemsOf(deps, batch, writeId, deps.clock().getTime());
  for (let start = 0; start < items.length; start += MAX_COMMIT_ITEMS) {
    const commit = commitOf(items.slice(start, start + MAX_COMMIT_ITEMS));
    if (await deps.store.commit(commit, expiresAt)) continue;
    if (!(await wasOurs(deps, commit, writeId))) return undefined;
  }
  return { writeId, written, leased };
}
