import type { DecisionReason, Incident } from '../domain/incidents/types.js';
import { taskClaimKey } from '../domain/remediation/claim-key.js';
import { type StateStore, storeWith } from '../ports/state-store.js';
import { type BatchItem, batchItemOf } from './batch/batch-item.js';
import { batchView } from './batch/batch-view.js';
import { type CommittedBatch, commitBatch } from './batch/commit-batch.js';
import { conflictBackoff, MAX_DECIDE_ATTEMPTS } from './batch/conflict-backoff.js';
import { type ContainerCache, containerCache } from './batch/container-cache.js';
import { type BatchDecision, type DecidedEvent, decideBatch, screenBatch } from './batch/decide-batch.js';
import { deliverLeased } from './batch/deliver-batch.js';
import { deliverAlerts } from './deliver-alerts.js';
import { type DecisionEffect, DeliveryError, type Effect, RemediationRetryError } from './effects.js';
import { type EventInput, sortByEventTime } from './event-order.js';
import { EffectLog, type PipelineDeps } from './pipeline-deps.js';
import { recordOutcomeMetrics } from './record-metrics.js';
import { remediateTask } from './remediate-task.js';

/** What one batch did: every effect in order, and the inputs to deliver again (their handling failed). */
export interface BatchResult {
  effects: Effect[];
  /** `input` labels of the events that failed (for SQS: the batch item failures to redeliver). */
  failed: string[];
  /** The first failure's error, for the log. */
  error?: Error;
}

/**
 * Handles a batch of raw EventBridge events the way ECS produced them: sorted by event time (then
 * version), then decided and written together (see handleItems). The live SQS path and `replay` both
 * come here, so they agree by construction.
 */
export function handleBatch(deps: PipelineDeps, inputs: readonly EventInput[]): Promise<BatchResult> {
  const sorted = sortByEventTime(inputs, deps.clock().getTime());
  return handleItems(
    deps,
    sorted.map(({ input, value }) => batchItemOf(deps, value, input)),
  );
}

/** Reads the batch's state once and decides every event in memory; on a write conflict, all of it again. */
async function decideAndCommit(deps: PipelineDeps, screened: DecidedEvent[], cache: ContainerCache) {
  let expiresAt = 0;
  for (const event of screened) if (event.expiresAt > expiresAt) expiresAt = event.expiresAt;
  for (let attempt = 1; ; attempt++) {
    const decision = await decideBatch(deps, screened, cache, attempt === 1);
    const committed = await commitBatch(deps, decision, expiresAt);
    if (committed) return { decision, committed, expiresAt };
    if (attempt >= MAX_DECIDE_ATTEMPTS)
      throw new Error(`state kept changing under us after ${MAX_DECIDE_ATTEMPTS} attempts`);
    deps.log.info('state conflict; deciding the batch again on fresh state', { attempt, events: screened.length });
    await conflictBackoff(attempt);
  }
}

/**
 * The decision log record with the event's summary read only if the logger reads it: building the summary
 * text for every event a disabled log level drops was a tenth of the batch's time. `summary` is an own
 * enumerable getter (a logger's JSON shows it last, after the effect's fields), one descriptor shared by all
 * records: a descriptor and closure per record cost 1 us, most of recording a decision.
 */
class DecisionLogRecord {
  static readonly #lazySummary: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: DecisionLogRecord): string {
      return this.#verdict.summary;
    },
  };
  readonly #verdict: { readonly summary: string };
  [field: string]: unknown;

  constructor(effect: DecisionEffect, verdict: { readonly summary: string }) {
    this.#verdict = verdict;
    this.effect = effect.effect;
    this.input = effect.input;
    this.at = effect.at;
    this.category = effect.category;
    this.severity = effect.severity;
    this.reason = effect.reason;
    this.detail = effect.detail;
    if ('incident' in effect) this.incident = effect.incident;
    if ('transition' in effect) this.transition = effect.transition;
    Object.defineProperty(this, 'summary', DecisionLogRecord.#lazySummary);
  }
}

/** Logs an event's decision, unless the log drops info lines (replay): a record per event was a tenth of recording. */
function logDecision(deps: PipelineDeps, effect: DecisionEffect, verdict: { readonly summary: string }): void {
  if (!deps.log.infoDropped) deps.log.info('decision', new DecisionLogRecord(effect, verdict));
}

// Built field by field in one order (the effect's JSON): a spread of a shared base cost more than the rest.
function decisionEffect(event: DecidedEvent, reason: DecisionReason, detail: string): DecisionEffect {
  const { verdict, origin } = event.item;
  return {
    effect: 'decision',
    input: origin.input,
    at: event.now,
    category: verdict.category,
    severity: verdict.severity,
    reason,
    detail,
  };
}

function countProcessed(effects: EffectLog, event: DecidedEvent, outcome: string): void {
  effects.count('EventsProcessed', { DetailType: event.item.origin.detailType, Outcome: outcome }, event.nowMs);
}

function recordDecision(deps: PipelineDeps, effects: EffectLog, event: DecidedEvent): void {
  const { verdict, origin } = event.item;
  if (event.skipped) {
    const reason = decisionEffect(event, 'ignored', event.skipped.detail);
    effects.push(reason);
    logDecision(deps, reason, verdict);
    countProcessed(effects, event, event.skipped.outcome);
    if (verdict.category === 'invalid') deps.log.warn('invalid event', { input: origin.input, error: verdict.error });
    return;
  }
  const output = event.output!;
  const { decision } = output;
  const reason = decisionEffect(event, decision.reason, decision.detail);
  if (decision.incidentKey) reason.incident = decision.incidentKey;
  if (decision.transition) reason.transition = decision.transition;
  effects.push(reason);
  logDecision(deps, reason, verdict);
  const outcome = event.staleVersion ? 'stale' : decision.reason === 'duplicate' ? 'duplicate' : 'processed';
  countProcessed(effects, event, outcome);
  if (outcome === 'processed')
    recordOutcomeMetrics(effects, verdict, output, event.nowMs, event.firstOfTask, deps.config.accounts);
}

/**
 * Remediation of one event: a first decision remediates (claims and the RunTask clientToken make it once);
 * a duplicate the state recognised only resumes a remediation an earlier delivery claimed but did not
 * finish (its claim still `started`), never starting one: it cannot tell an inhibited failure from another.
 */
async function remediate(
  deps: PipelineDeps,
  event: DecidedEvent,
  effects: EffectLog,
  alertingKeys: ReadonlySet<string>,
  cache: ContainerCache,
): Promise<void> {
  const { verdict, origin } = event.item;
  const output = event.output;
  if (!origin.event || !output || !mayRemediate(deps, event)) return;
  if (output.decision.reason !== 'duplicate') {
    const key = output.decision.incidentKey;
    const alerting = key && alertingKeys.has(key) && output.alerts.some((a) => a.incidentKey === key) ? key : undefined;
    await remediateTask(deps, verdict, origin.event, effects, event.nowMs, event.expiresAt, alerting);
    return;
  }
  // A duplicate found in the stored state: this container wrote the event's decision but failed before
  // finishing, or another did; the retry remediates as the first delivery would have.
  const original = cache.committed.get(event.dedupKey);
  if (original) {
    if (original !== 'inhibited') {
      await remediateTask(deps, verdict, origin.event, effects, event.nowMs, event.expiresAt);
    }
    return;
  }
  await remediateTask(
    { ...deps, store: resumeOnly(deps.store) },
    verdict,
    origin.event,
    effects,
    event.nowMs,
    event.expiresAt,
  );
}

/**
 * Whether remediate() acts on the event: a task replacement, remediation on, a current (not stale, not
 * inhibited) decision, and for a duplicate only one recognised by the stored state. handleItems asks first, so
 * the events it skips (most) cost no await.
 */
function mayRemediate(deps: PipelineDeps, event: DecidedEvent): boolean {
  if (event.item.verdict.remediation !== 'replace-task' || deps.config.remediation.mode === 'off') return false;
  const output = event.output;
  if (!event.item.origin.event || !output || event.staleVersion) return false;
  const reason = output.decision.reason;
  if (reason === 'inhibited') return false;
  return reason !== 'duplicate' || event.duplicateBy === 'state';
}

/** The claim keys the batch's task replacements may read (see batchView), all read with the batch's state. */
function replacementClaimKeys(deps: PipelineDeps, events: readonly DecidedEvent[]): string[] {
  if (deps.config.remediation.mode === 'off') return [];
  const keys = new Set<string>();
  for (const event of events) {
    const taskEvent = event.item.origin.event;
    if (!taskEvent || !event.output || event.staleVersion || event.item.verdict.remediation !== 'replace-task')
      continue;
    if (event.output.decision.reason !== 'inhibited') keys.add(taskClaimKey(taskEvent.taskArn));
  }
  return [...keys];
}

/** A store on which a remediation never takes a new claim: only one still `started` is taken up again. */
function resumeOnly(store: StateStore): StateStore {
  return storeWith(store, {
    async claimRemediation(claim) {
      const existing = await store.getClaim(claim.key);
      return {
        claimed: false,
        existing: existing ?? { key: claim.key, status: 'done', detail: 'not claimed by an earlier delivery' },
      };
    },
  });
}

/**
 * Handles classified events together: events that need no state are screened out (logged, counted); the
 * state of all the others is read at once and each is decided in order in memory; what matters is written
 * in one transaction with the send lease of every new transition (a conflict decides the whole batch
 * again); then remediation, delivery of every transition, and one more write recording the deliveries.
 * An event fails (SQS delivers it again) when nothing could be written, when its transition reached no
 * channel, or when its remediation failed in a way a retry may fix.
 */
export async function handleItems(deps: PipelineDeps, items: readonly BatchItem[]): Promise<BatchResult> {
  const effects = new EffectLog(deps);
  const cache = containerCache(deps.store);
  const screened = screenBatch(deps, items);
  const failed = new Map<DecidedEvent, Error>();
  let decided: Awaited<ReturnType<typeof decideAndCommit>>;
  try {
    decided = await decideAndCommit(deps, screened, cache);
  } catch (error) {
    deps.log.error('batch failed; its events will be delivered again', { error: (error as Error).message });
    for (const event of screened) {
      if (event.skipped) recordDecision(deps, effects, event);
      else failed.set(event, error as Error);
    }
    return resultOf(deps, effects, screened, failed);
  }
  const { decision, committed, expiresAt } = decided;
  for (const event of decision.events) recordDecision(deps, effects, event);

  // Most batches remediate nothing: they build no view (deliver then reads none) and await nothing here.
  const view = decision.events.some((event) => mayRemediate(deps, event))
    ? await remediateBatch(deps, decision, committed, effects, cache, failed)
    : deps.store;
  await deliver(deps, view, decision, committed.leased, committed.writeId, effects, expiresAt, failed);

  for (const event of decision.events) {
    if (event.skipped || !event.output) continue;
    if (failed.has(event)) {
      // Written but not finished: a redelivery the stored state finds a duplicate finishes it (see remediate).
      const reason = event.output.decision.reason;
      if (event.dedupKey && reason !== 'duplicate') cache.committed.set(event.dedupKey, reason);
      continue;
    }
    if (event.dedupKey) cache.handled.set(event.dedupKey, true);
    if (event.instanceVersion) cache.instanceVersions.set(event.instanceVersion.arn, event.instanceVersion.version);
    // Only a failure counts its task (a RUNNING or normal-stop event of it must not hide its later failure).
    if (event.countedTask && event.output.decision.reason !== 'duplicate')
      cache.countedTasks.set(event.countedTask, true);
  }
  const result = resultOf(deps, effects, decision.events, failed);
  if (decision.rest.length === 0) return result;
  const rest = await handleItems(
    deps,
    decision.rest.map((event) => event.item),
  );
  return {
    effects: [...result.effects, ...rest.effects],
    failed: [...result.failed, ...rest.failed],
    ...(result.error || rest.error ? { error: result.error ?? rest.error } : {}),
  };
}

/**
 * Remediates the batch's events that call for it (see mayRemediate) and returns the store as the batch left it,
 * which deliver() reads after a remediation.
 */
async function remediateBatch(
  deps: PipelineDeps,
  decision: BatchDecision,
  committed: CommittedBatch,
  effects: EffectLog,
  cache: ContainerCache,
  failed: Map<DecidedEvent, Error>,
): Promise<StateStore> {
  // Remediation (and the refused-replacement page) reads the incidents this batch just read or wrote: the
  // batch's read (nothing reads it as read any more) becomes the view's, with what the batch wrote.
  const stored = decision.read.incidents;
  for (const [key, incident] of committed.written) stored.set(key, incident);
  const remediationDeps = {
    ...deps,
    store: batchView(deps.store, stored, {
      keys: replacementClaimKeys(deps, decision.events),
      read: decision.read.claims,
    }),
  };
  const alertingKeys = new Set(committed.leased.keys());
  for (const event of decision.events) {
    if (!mayRemediate(deps, event)) continue;
    const before = effects.effects.length;
    try {
      await remediate(remediationDeps, event, effects, alertingKeys, cache);
      for (let i = before; i < effects.effects.length; i++) {
        const retry = effects.effects[i]!;
        if (retry.effect === 'remediation' && retry.retryable) {
          throw new RemediationRetryError(`${retry.reason}; failing the event so it is delivered again`);
        }
      }
    } catch (error) {
      failed.set(event, error as Error);
    }
  }
  return remediationDeps.store;
}

/** Delivers the batch's own transitions, then re-sends the undelivered alerts duplicates found. */
async function deliver(
  deps: PipelineDeps,
  view: StateStore,
  decision: BatchDecision,
  leased: Map<string, Incident>,
  writeId: string,
  effects: EffectLog,
  expiresAt: number,
  failed: Map<DecidedEvent, Error>,
): Promise<void> {
  let nowMs = Number.NEGATIVE_INFINITY;
  for (const event of decision.events) if (event.nowMs > nowMs) nowMs = event.nowMs;
  // Remediation may have added notes to an incident since the batch wrote it: send what is stored now (the
  // batch's view remembers what remediation wrote, so only an incident it has not seen is read).
  // (A batch that remediated nothing has no view: its deps' store; it has no remediation effect either.)
  if (view !== deps.store && leased.size > 0 && effects.effects.some((e) => e.effect === 'remediation')) {
    const noted = [...leased.keys()];
    const stored = await view.getMany({ incidentKeys: noted, deployments: [], pendingInstanceArns: [] });
    for (const key of noted) {
      const now = stored.incidents.get(key);
      // Superseded by a newer transition meanwhile: ours was written, so it is still sent as written.
      if (now?.outbox?.sendingBy === writeId) leased.set(key, now);
    }
  }
  const failTransitions = (keys: Iterable<string>, error: (key: string) => Error) => {
    for (const key of keys) for (const event of decision.transitions.get(key) ?? []) failed.set(event, error(key));
  };
  try {
    const undelivered = await deliverLeased(deps, leased, effects, nowMs, expiresAt);
    failTransitions(
      undelivered,
      (key) => new DeliveryError(`alert for ${key} reached no channel; failing so the platform retries`),
    );
  } catch (error) {
    // Sent, or not, but not recorded: the redelivery finds the lease held; the sweep re-sends once it lapses.
    deps.log.error('could not record the batch alerts', { error: (error as Error).message });
    failTransitions(leased.keys(), () => error as Error);
  }
  for (const event of decision.events) {
    const output = event.output;
    if (!output?.pendingOutbox) continue;
    try {
      const keys = output.alerts.map((a) => a.incidentKey).filter((key) => !leased.has(key));
      await deliverAlerts(deps, keys, effects, event.expiresAt, event.nowMs);
    } catch (error) {
      failed.set(event, error as Error);
    }
  }
}

// Inputs and distinct reasons named in the log line of a batch's failed events: enough to find them.
const FAILED_LOGGED = 10;

function resultOf(
  deps: PipelineDeps,
  effects: EffectLog,
  events: readonly DecidedEvent[],
  failed: Map<DecidedEvent, Error>,
): BatchResult {
  const result: BatchResult = { effects: effects.effects, failed: [] };
  const reasons = new Set<string>();
  for (const event of events) {
    const error = failed.get(event);
    if (!error) continue;
    result.failed.push(event.item.origin.input);
    result.error ??= error;
    if (reasons.size < FAILED_LOGGED) reasons.add(error.message);
    effects.count('EventsRetried', { DetailType: event.item.origin.detailType }, event.nowMs);
  }
  // Why SQS gets these events again: otherwise only its receive count would tell that they failed.
  if (result.failed.length > 0) {
    deps.log.warn('events failed; they will be delivered again', {
      failed: result.failed.length,
      inputs: result.failed.slice(0, FAILED_LOGGED),
      reasons: [...reasons],
    });
  }
  return result;
}
