import {
  type DecideInput,
  type DecideOutput,
  decide,
  type StateKeys,
  stateKeysFor,
} from '../../domain/incidents/decide.js';
import { dedupKeyFor, dedupKeyText } from '../../domain/incidents/dedup.js';
import type { Silence } from '../../domain/incidents/silences.js';
import type { DeploymentRecord, Incident, PendingDisconnect } from '../../domain/incidents/types.js';
import { taskClaimKey } from '../../domain/remediation/claim-key.js';
import { deploymentKey, type StateSnapshot } from '../../ports/state-store.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { failureCountKey } from '../record-metrics.js';
import { activeSilences } from '../silences.js';
import { type BatchItem, type EventTimes, screenOut, timesOf } from './batch-item.js';
import type { ContainerCache } from './container-cache.js';

const INSTANCE_CATEGORIES = new Set([
  'instance-connected',
  'instance-disconnected',
  'instance-draining',
  'instance-deregistered',
]);

// The store's key of a service's deployment record, per scope object: stateKeysFor hands every event of a
// service the same scope, so the key text is built (and hashed by the maps) once per service, not per event.
const DEPLOYMENT_KEYS = new WeakMap<{ cluster: string; service: string }, string>();

function deploymentKeyOf(scope: { cluster: string; service: string }): string {
  let key = DEPLOYMENT_KEYS.get(scope);
  if (key === undefined) {
    key = deploymentKey(scope.cluster, scope.service);
    DEPLOYMENT_KEYS.set(scope, key);
  }
  return key;
}

/** One event of a batch, screened and (unless screened out) decided against the batch's working state. */
export interface DecidedEvent extends EventTimes {
  item: BatchItem;
  /** Set when the event needs no state (invalid, unsupported, out of scope): its decision detail and outcome. */
  skipped?: { detail: string; outcome: string };
  dedupKey: string;
  /** The decision; `duplicate` also when this container already handled the key, `stale` for an older instance version. */
  output?: DecideOutput;
  /** How a duplicate was recognised: by this container's cache, or by the stored state (applied keys, counted tasks). */
  duplicateBy?: 'cache' | 'state';
  /** True when an instance event is older than a version of the instance already handled. */
  staleVersion?: boolean;
  /** The event's version of a container instance, remembered once handled (a later, older one is stale). */
  instanceVersion?: { arn: string; version: number };
  /** False when an earlier event of the same task already counted its failure in TaskFailures. */
  firstOfTask: boolean;
  /** The state the event reads (unless screened out), named once per attempt. */
  keys?: StateKeys;
  /** The failed task's ARN when the event counts a failure in TaskFailures (see failureCountKey). */
  countedTask?: string;
}

/**
 * A screened event before its decision, with every field it may get present from the start: all events of
 * a batch share one shape, so the code reading them stays monomorphic.
 */
function decidedEvent(
  item: BatchItem,
  times: EventTimes,
  dedupKey: string,
  skipped: DecidedEvent['skipped'],
): DecidedEvent {
  return {
    item,
    now: times.now,
    nowMs: times.nowMs,
    expiresAt: times.expiresAt,
    skipped,
    dedupKey,
    output: undefined,
    duplicateBy: undefined,
    staleVersion: undefined,
    instanceVersion: undefined,
    firstOfTask: skipped === undefined,
    keys: undefined,
    countedTask: undefined,
  };
}

/** A batch decided in memory: what was read, the state after every event, and what changed. */
export interface BatchDecision {
  events: DecidedEvent[];
  read: StateSnapshot;
  /** Silences in force for this batch (read once, cached per container). */
  silences: Silence[];
  /** The incidents and deployment records the round changed, as its last change left them (the others: `read`). */
  incidents: Map<string, Incident>;
  deployments: Map<string, DeploymentRecord>;
  pending: Map<string, PendingDisconnect>;
  changedIncidents: Set<string>;
  changedDeployments: Set<string>;
  changedPending: Set<string>;
  /** Incident key → the events whose transition it went through in this batch (its alert is theirs). */
  transitions: Map<string, DecidedEvent[]>;
  /**
   * Events left for a next round: from the first one that would resolve an incident opened earlier in this
   * round (one outbox holds one transition, and both the opening and the resolution must be sent).
   */
  rest: DecidedEvent[];
}

/** Screens every event and names the state each one needs. */
export function screenBatch(deps: PipelineDeps, items: readonly BatchItem[]): DecidedEvent[] {
  const wallMs = deps.clock().getTime();
  return items.map((item) => {
    const dedup = item.origin.dedupKey ?? dedupKeyText(dedupKeyFor(item.verdict, item.origin.eventId));
    return decidedEvent(item, timesOf(deps, item.verdict, wallMs), dedup, screenOut(deps, item));
  });
}

/**
 * A duplicate this container already handled to the end: nothing to do (an alert it left for a channel
 * that failed is the sweep's, with its backoff). One recognised only by the stored state may come from an
 * attempt that failed midway, so decide() hands its undelivered alerts on to be sent again.
 */
function handledHere(present: readonly Incident[]): DecideOutput {
  const shown = present[0];
  const detail = 'this event was already handled';
  return {
    decision: shown ? { reason: 'duplicate', detail, incidentKey: shown.key } : { reason: 'duplicate', detail },
    incidents: [],
    alerts: [],
  };
}

/**
 * Reads the state of every event of the batch at once (getMany), then decides each event in order against
 * a working copy that each decision updates, as replay would one event after another. Nothing is written.
 */
export async function decideBatch(
  deps: PipelineDeps,
  screened: readonly DecidedEvent[],
  cache: ContainerCache,
  firstAttempt = false,
): Promise<BatchDecision> {
  // A first attempt decides the screened events themselves; a later one starts each again from the fields
  // screening set (deciding never changes them), leaving out what the earlier attempt decided.
  const events = firstAttempt
    ? [...screened]
    : screened.map((event) => decidedEvent(event.item, event, event.dedupKey, event.skipped));
  const incidentKeys = new Set<string>();
  const deployments = new Map<string, { cluster: string; service: string }>();
  const pendingArns = new Set<string>();
  // A task replacement reads its claim (one left `started` is resumed): read with the rest, not one by one.
  const claimKeys = new Set<string>();
  const remediating = deps.config.remediation.mode !== 'off';
  for (const event of events) {
    if (event.skipped) continue;
    const taskEvent = event.item.origin.event;
    if (remediating && taskEvent && event.item.verdict.remediation === 'replace-task')
      claimKeys.add(taskClaimKey(taskEvent.taskArn));
    const keys = stateKeysFor(event.item.verdict);
    event.keys = keys;
    for (const key of keys.incidentKeys) incidentKeys.add(key);
    if (keys.deployment) deployments.set(deploymentKeyOf(keys.deployment), keys.deployment);
    if (keys.pendingInstanceArn) pendingArns.add(keys.pendingInstanceArn);
  }
  const reading = deps.store.getMany({
    incidentKeys: [...incidentKeys],
    deployments: [...deployments.values()],
    pendingInstanceArns: [...pendingArns],
    ...(claimKeys.size > 0 ? { claimKeys: [...claimKeys] } : {}),
  });
  // The silences (cached per container, read every 30 s) and the batch's state are independent reads; without
  // a silence store only the configured ones apply, and there is nothing to wait for.
  const [read, silences] = deps.silences
    ? await Promise.all([reading, activeSilences(deps)])
    : [await reading, deps.config.silences];
  const batch: BatchDecision = {
    events,
    read,
    silences,
    incidents: new Map(),
    deployments: new Map(),
    pending: new Map(read.pending),
    changedIncidents: new Set(),
    changedDeployments: new Set(),
    changedPending: new Set(),
    transitions: new Map(),
    rest: [],
  };
  const round: Round = {
    deps,
    batch,
    cache,
    seen: new Set(),
    counted: new Set(),
    // One dictionary for every event's incidents, emptied after each decision (decide() keeps no reference
    // to it): a fresh one per event was the largest allocation of deciding. Without a prototype the object
    // starts as a dictionary: incident keys as property names never grow V8's hidden-class tree per key.
    incidents: Object.create(null),
    input: undefined,
  };
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    const keys = event.keys;
    if (!keys) continue;
    if (!decideOne(round, event, keys)) {
      batch.events = events.slice(0, index);
      batch.rest = screened.slice(index);
      break;
    }
  }
  return batch;
}

// What every decision of one round shares, built once per round so that deciding an event allocates none of it.
interface Round {
  deps: PipelineDeps;
  batch: BatchDecision;
  cache: ContainerCache;
  /** Dedup keys decided earlier in this round. */
  seen: Set<string>;
  /** Tasks whose failure an earlier event of this round counted (by task ARN). */
  counted: Set<string>;
  /** What decide() reads an event's incidents from: filled before each decision and emptied after it. */
  incidents: Record<string, Incident | undefined>;
  /** The one decide() input of the round (made by its first decision), filled for each event. */
  input: DecideInput | undefined;
}

function decideOne(round: Round, event: DecidedEvent, keys: StateKeys): boolean {
  const { batch, incidents } = round;
  // Only the incidents that exist: an absent key reads as undefined all the same, and a store costs. Listed
  // too, in the same order, for what goes through all of them.
  const present: Incident[] = [];
  for (const key of keys.incidentKeys) {
    const incident = batch.incidents.get(key) ?? batch.read.incidents.get(key);
    if (!incident) continue;
    incidents[key] = incident;
    present.push(incident);
  }
  try {
    return decideWith(round, event, keys, present);
  } finally {
    // Set back to undefined, not deleted: a dictionary shrinks (and is copied) as keys are deleted.
    for (const key of keys.incidentKeys) incidents[key] = undefined;
  }
}

function decideWith(round: Round, event: DecidedEvent, keys: StateKeys, present: readonly Incident[]): boolean {
  const { deps, batch, cache, seen: seenInBatch, counted: countedInBatch, incidents } = round;
  const { verdict } = event.item;
  const depKey = keys.deployment && deploymentKeyOf(keys.deployment);
  const deployment = depKey ? (batch.deployments.get(depKey) ?? batch.read.deployments.get(depKey)) : undefined;
  const pending = keys.pendingInstanceArn ? batch.pending.get(keys.pendingInstanceArn) : undefined;

  const { category, facts } = verdict;
  const version = facts.version;
  if (INSTANCE_CATEGORIES.has(category) && facts.resourceArn && Number.isInteger(version)) {
    const arn = facts.resourceArn;
    const newest = Math.max(cache.instanceVersions.get(arn) ?? -1, pending?.version ?? -1);
    if ((version as number) < newest) {
      event.output = {
        decision: { reason: 'stale', detail: `stale delivery of version ${version} (seen ${newest})` },
        incidents: [],
        alerts: [],
      };
      event.staleVersion = true;
      return true;
    }
    event.instanceVersion = { arn, version: version as number };
  }
  if (event.dedupKey && (seenInBatch.has(event.dedupKey) || cache.handled.get(event.dedupKey))) {
    event.output = handledHere(present);
    event.duplicateBy = 'cache';
    return true;
  }
  // By the task's ARN (the cache and set hold nothing else): no key text to build, and the ARN hashed by the
  // set first makes the scans of the incidents' counted tasks below fail fast on the hash.
  const countedTask = failureCountKey(verdict) === undefined ? undefined : facts.taskArn;
  event.countedTask = countedTask;
  if (countedTask) {
    // Counted earlier in this round (the set), by an incident (their lists), or by an earlier batch (the cache,
    // asked last: a read marks its key recently used).
    let countedBefore = countedInBatch.has(countedTask);
    for (let i = 0; i < present.length && !countedBefore; i++)
      countedBefore = present[i]!.countedTasks?.includes(countedTask) === true;
    event.firstOfTask = !countedBefore && !cache.countedTasks.get(countedTask);
  }
  // The round's one input, filled for this event (decide() keeps no reference to it, as to `incidents`).
  round.input ??= {
    verdict,
    dedupKey: '',
    now: '',
    nowMs: Number.NaN,
    incidents,
    present,
    deployment: undefined,
    pending: undefined,
    policy: deps.config.incidents,
    silences: batch.silences,
  };
  const input = round.input;
  input.verdict = verdict;
  input.dedupKey = event.dedupKey;
  input.now = event.now;
  input.nowMs = event.nowMs;
  input.present = present;
  input.deployment = deployment;
  input.pending = pending;
  const output = decide(input);
  const resolvesOpening = output.alerts.some(
    (alert) => alert.transition === 'resolved' && openedInRound(batch, alert.incidentKey),
  );
  if (resolvesOpening) return false;
  event.output = output;
  if (event.dedupKey) seenInBatch.add(event.dedupKey);
  if (output.decision.reason === 'duplicate') {
    event.duplicateBy = 'state';
    return true;
  }
  if (countedTask) countedInBatch.add(countedTask);
  for (const incident of output.incidents) {
    batch.incidents.set(incident.key, incident);
    batch.changedIncidents.add(incident.key);
  }
  for (const alert of output.alerts) {
    if (!output.incidents.some((i) => i.key === alert.incidentKey)) continue;
    const through = batch.transitions.get(alert.incidentKey);
    if (through) through.push(event);
    else batch.transitions.set(alert.incidentKey, [event]);
  }
  if (depKey && output.deployment) {
    batch.deployments.set(depKey, output.deployment);
    batch.changedDeployments.add(depKey);
  }
  const arn = keys.pendingInstanceArn;
  if (arn && output.pending !== undefined) {
    if (output.pending) batch.pending.set(arn, output.pending);
    else batch.pending.delete(arn);
    batch.changedPending.add(arn);
  }
  return true;
}

/** True when an event of this round opened the incident. */
export function openedInRound(batch: BatchDecision, key: string): boolean {
  return (batch.transitions.get(key) ?? []).some((event) =>
    event.output?.alerts.some((a) => a.incidentKey === key && a.transition === 'opened'),
  );
}
