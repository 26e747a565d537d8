import { classify } from '../domain/classify/index.js';
import type { Verdict } from '../domain/classify/types.js';
import { parseEcsEvent } from '../domain/events/parse.js';
import type { TaskEvent } from '../domain/events/types.js';
import type { DecideOutput } from '../domain/incidents/decide.js';
import { compareVersion, dedupKeyFor } from '../domain/incidents/dedup.js';
import { applyDecision } from './apply-decision.js';
import { deliverAlerts } from './deliver-alerts.js';
import { type Effect, RemediationRetryError } from './effects.js';
import { EffectLog, type PipelineDeps } from './pipeline-deps.js';
import { failureCountKey, recordOutcomeMetrics } from './record-metrics.js';
import { remediateTask } from './remediate-task.js';

/** Where an event came from (file#index in replay, the EventBridge id in Lambda) and its detail-type. */
export interface EventOrigin {
  input: string;
  detailType: string;
  event?: TaskEvent;
  /** Dedup key for findings that carry no version (health checks): handled once per key. */
  dedupKey?: string;
  /** EventBridge event id: with service, name and time it identifies a redelivered service action. */
  eventId?: string;
}

/** Parses, classifies and handles one raw EventBridge event; returns every effect, in order. */
export async function handleEvent(deps: PipelineDeps, raw: unknown, input: string): Promise<Effect[]> {
  const parsed = parseEcsEvent(raw);
  const verdict = classify(parsed, deps.config.classify);
  const detailType = parsed.meta.detailType ?? 'unknown';
  return handleVerdict(deps, verdict, {
    input,
    detailType,
    event: parsed.kind === 'task' ? parsed : undefined,
    eventId: parsed.meta.id || undefined,
  });
}

/**
 * True when this event is the one that counts its task's failure: the first to claim the task's count key,
 * or the same event again (a retry, or our own claim whose response was lost: the claim names the event).
 */
async function firstToCount(deps: PipelineDeps, key: string, eventKey: string, expiresAt: number): Promise<boolean> {
  const claim = await deps.store.claimRemediation({ key, status: 'done', clientToken: eventKey }, expiresAt);
  return claim.claimed || (eventKey !== '' && claim.existing?.clientToken === eventKey);
}

function eventTime(verdict: Verdict, deps: PipelineDeps): string {
  const ms = Date.parse(verdict.facts.time);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : deps.clock().toISOString();
}

/**
 * Primary course: drop out-of-scope, invalid and duplicate events → decide on fresh state (conditional
 * writes) → remediate once → deliver alerts to every channel → record metrics → mark the event done.
 * A failure before "done" leaves the event retryable: the redelivery re-sends what wasn't delivered.
 */
export async function handleVerdict(deps: PipelineDeps, verdict: Verdict, origin: EventOrigin): Promise<Effect[]> {
  const effects = new EffectLog(deps);
  const now = eventTime(verdict, deps);
  const nowMs = Date.parse(now);
  // Retention counts from the later of event and wall time: a late (retried, redriven) event must not write expired items.
  const expiresAt = Math.max(nowMs, deps.clock().getTime()) + deps.config.incidents.retentionMs;
  const decision = (reason: Effect & { effect: 'decision' }) => {
    effects.push(reason);
    deps.log.info('decision', { ...reason, summary: verdict.summary });
  };
  const base = {
    effect: 'decision',
    input: origin.input,
    at: now,
    category: verdict.category,
    severity: verdict.severity,
  } as const;
  const processed = (outcome: string) =>
    effects.count('EventsProcessed', { DetailType: origin.detailType, Outcome: outcome }, nowMs);

  if (verdict.category === 'invalid' || verdict.category === 'unsupported') {
    decision({ ...base, reason: 'ignored', detail: verdict.error ?? `unsupported event (${origin.detailType})` });
    processed(verdict.category);
    if (verdict.category === 'invalid') deps.log.warn('invalid event', { input: origin.input, error: verdict.error });
    return effects.effects;
  }
  const cluster = verdict.facts.cluster;
  if (deps.config.clusters.length > 0 && (!cluster || !deps.config.clusters.includes(cluster))) {
    decision({ ...base, reason: 'ignored', detail: `cluster ${cluster ?? '(unknown)'} is not in LOOKOUT_CLUSTERS` });
    processed('out-of-scope');
    return effects.effects;
  }

  const dedup = origin.dedupKey
    ? ({ kind: 'once', key: origin.dedupKey } as const)
    : dedupKeyFor(verdict, origin.eventId);
  let dedupKey = '';
  if (dedup.kind === 'versioned') {
    dedupKey = `${dedup.resourceArn}#${dedup.version}`;
    // The conditional write is the check; the mark is read only to explain a refusal (the rare path).
    const claimed = await deps.store.putVersion(dedup.resourceArn, { version: dedup.version, done: false }, expiresAt);
    if (!claimed) {
      const seen = compareVersion(await deps.store.getVersion(dedup.resourceArn), dedup.version);
      const reason = seen === 'stale' ? 'stale' : 'duplicate';
      decision({ ...base, reason, detail: `${reason} delivery of version ${dedup.version}` });
      processed(reason);
      return effects.effects;
    }
  } else if (dedup.kind === 'once') {
    dedupKey = dedup.key;
    if (!(await deps.store.putOnce(dedup.key, expiresAt))) {
      decision({ ...base, reason: 'duplicate', detail: 'this service action was already handled' });
      processed('duplicate');
      return effects.effects;
    }
  }

  try {
    const output: DecideOutput = await applyDecision(deps, verdict, dedupKey, now, expiresAt);
    decision({
      ...base,
      reason: output.decision.reason,
      detail: output.decision.detail,
      ...(output.decision.incidentKey ? { incident: output.decision.incidentKey } : {}),
      ...(output.decision.transition ? { transition: output.decision.transition } : {}),
    });
    processed('processed');
    const firstTime = output.decision.reason !== 'duplicate';
    // Version accepted but already applied: an earlier attempt died after deciding (a platform retry).
    const retry = !firstTime && dedup.kind === 'versioned';
    if (firstTime) {
      // Each status of a failed task passes the version check; its failure is counted on the first one only.
      const countKey = failureCountKey(verdict);
      const firstOfTask = countKey ? await firstToCount(deps, countKey, dedupKey, expiresAt) : true;
      recordOutcomeMetrics(effects, verdict, output, nowMs, firstOfTask);
    }
    // A retry of an attempt that died after deciding redoes remediation: the claim and clientToken make it once.
    if ((firstTime || retry) && origin.event && output.decision.reason !== 'inhibited') {
      const key = output.decision.incidentKey;
      const alerting = key && output.alerts.some((a) => a.incidentKey === key) ? key : undefined;
      await remediateTask(deps, verdict, origin.event, effects, nowMs, expiresAt, alerting);
    }
    const keys = [
      ...output.alerts.map((a) => a.incidentKey),
      ...(output.pendingOutbox ? [output.decision.incidentKey ?? ''] : []),
    ];
    await deliverAlerts(deps, keys.filter(Boolean), effects, expiresAt, nowMs);
    const retryLater = effects.effects.find((e) => e.effect === 'remediation' && e.retryable);
    if (retryLater?.effect === 'remediation') {
      throw new RemediationRetryError(`${retryLater.reason}; failing the invocation so Lambda retries it`);
    }
    if (dedup.kind === 'versioned') {
      await deps.store.putVersion(dedup.resourceArn, { version: dedup.version, done: true }, expiresAt);
    }
  } catch (error) {
    if (dedup.kind === 'once') await deps.store.deleteOnce(dedup.key).catch(() => undefined);
    throw error;
  }
  return effects.effects;
}
