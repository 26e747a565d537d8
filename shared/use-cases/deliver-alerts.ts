import { randomUUID } from 'node:crypto';
import { buildAlert } from '../domain/alerts/build.js';
import { isPermanentDeliveryFailure } from '../domain/alerts/delivery-failure.js';
import { boundedExcerpt, storedExcerpt } from '../domain/incidents/log-excerpt.js';
import {
  type AbandonReason,
  clearOutbox,
  markDelivered,
  type OutboxChannel,
  recordFailedAttempt,
  settledChannels,
} from '../domain/incidents/outbox.js';
import type { Incident, IncidentOutbox, LogExcerpt } from '../domain/incidents/types.js';
import { DeliveryError } from './effects.js';
import type { EffectLog, PipelineDeps } from './pipeline-deps.js';

// An invocation sending an alert holds a lease this long, so a concurrent duplicate delivery of the same
// event doesn't send it too. Longer than any function's timeout (health-report: 120 s), so a slow but live
// sender is never overtaken; a crashed sender's alert is re-sent by the sweep once the lease lapses.
const SEND_LEASE_MS = 150_000;
const ATTEMPTS = 5;
const DAY_MS = 86_400_000;

/** A failed delivery to one channel, as recorded on the outbox. */
interface FailedSend {
  channel: OutboxChannel;
  permanent: boolean;
  error: string;
}

/**
 * Expiry of the writes that deliver an alert: counted from the transition, not from each attempt, so a
 * channel failing for hours does not keep pushing the item's expiry forward (at least a day from now).
 */
function deliveryExpiry(deps: PipelineDeps, outbox: IncidentOutbox, expiresAt: number, nowMs: number): number {
  const fromTransition = Date.parse(outbox.at) + deps.config.incidents.retentionMs;
  return Math.min(expiresAt, Math.max(fromTransition, nowMs + DAY_MS));
}

/**
 * The log excerpt of a task-failure alert: the one stored on the incident when it is about the same task,
 * else read now (only where reading logs is allowed: not in the grace sweep) and marked fresh, to be stored.
 */
async function logExcerptFor(
  deps: PipelineDeps,
  incident: Incident,
  readLogs: boolean,
): Promise<{ excerpt?: LogExcerpt; fresh: boolean }> {
  const stored = storedExcerpt(incident);
  if (stored) return { excerpt: stored, fresh: false };
  const facts = incident.lastFacts;
  if (!readLogs || !deps.logs || deps.config.logLines === 0 || incident.group !== 'task-failure')
    return { fresh: false };
  if (!facts.taskDefinitionArn || !facts.taskArn || !facts.container) return { fresh: false };
  const read = await deps.logs
    .lastLines({
      taskDefinitionArn: facts.taskDefinitionArn,
      taskArn: facts.taskArn,
      container: facts.container,
      maxLines: deps.config.logLines,
      timeoutMs: deps.config.logTimeoutMs,
    })
    .catch(() => undefined);
  if (!read || read.lines.length === 0) return { fresh: false };
  return { excerpt: boundedExcerpt(facts.taskArn, read.lines, read.consoleUrl), fresh: true };
}

const sameTransition = (a: IncidentOutbox, b: IncidentOutbox) => a.transition === b.transition && a.at === b.at;

/** Takes the send lease on an incident's outbox; undefined when there is nothing to send or another sender holds it. */
async function leaseOutbox(deps: PipelineDeps, key: string, expiresAt: number): Promise<Incident | undefined> {
  const me = randomUUID();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await deps.store.getIncident(key);
    const outbox = current?.outbox;
    if (!current || !outbox || deps.channels.every((c) => settledChannels(outbox).includes(c.name))) return undefined;
    // Our own lease: the write went through but its response was lost.
    if (outbox.sendingBy === me) return current;
    const now = deps.clock().getTime();
    if (outbox.sendingAt !== undefined && now - outbox.sendingAt < SEND_LEASE_MS) {
      deps.log.info('another invocation is sending this alert', { incident: key });
      return undefined;
    }
    const leased = { ...current, outbox: { ...outbox, sendingAt: now, sendingBy: me }, rev: current.rev + 1 };
    if (await deps.store.putIncident(leased, current.rev, expiresAt)) return leased;
  }
  return undefined;
}

/**
 * Records which channels got the sent transition, counts the failed attempts (giving a channel up after a
 * permanent failure or too many attempts), and releases the lease (unless a newer transition replaced it).
 * Returns the channels given up by this write.
 */
async function releaseOutbox(
  deps: PipelineDeps,
  key: string,
  sent: IncidentOutbox,
  delivered: OutboxChannel[],
  failed: FailedSend[],
  nowMs: number,
  expiresAt: number,
  excerpt?: LogExcerpt,
): Promise<Array<FailedSend & { why: AbandonReason; attempts: number }>> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await deps.store.getIncident(key);
    if (!current?.outbox || !sameTransition(current.outbox, sent)) return [];
    const { sendingAt: _at, sendingBy: _by, ...released } = current.outbox;
    let next: Incident = { ...current, outbox: released };
    // Kept with the incident, so a re-send (the sweep's) shows the same lines without reading logs.
    if (excerpt && excerpt.taskArn === current.lastFacts.taskArn) next.logExcerpt = excerpt;
    for (const channel of delivered) next = markDelivered(next, channel);
    const abandoned: Array<FailedSend & { why: AbandonReason; attempts: number }> = [];
    for (const failure of failed) {
      const recorded = recordFailedAttempt(next, failure.channel, failure.permanent, nowMs);
      next = recorded.incident;
      const attempts = next.outbox?.failures?.[failure.channel]?.attempts ?? 1;
      if (recorded.abandoned) abandoned.push({ ...failure, why: recorded.abandoned, attempts });
    }
    const outbox = next.outbox;
    if (outbox && deps.channels.every((c) => settledChannels(outbox).includes(c.name))) next = clearOutbox(next);
    if (await deps.store.putIncident({ ...next, rev: current.rev + 1 }, current.rev, expiresAt)) return abandoned;
  }
  deps.log.warn('could not record alert delivery; a retry may resend it', { incident: key });
  return [];
}

/**
 * Delivers the pending transition (outbox) of each incident to every channel that hasn't had it yet,
 * in parallel so one slow or failing channel never silences another. Throws DeliveryError when an
 * alert reached no channel at all, so the platform retries the invocation instead of losing it.
 */
export async function deliverAlerts(
  deps: PipelineDeps,
  incidentKeys: string[],
  effects: EffectLog,
  expiresAt: number,
  nowMs?: number,
  options: { readLogs?: boolean } = {},
): Promise<void> {
  const undelivered: string[] = [];
  // The event or sweep time (replays and simulations run on virtual time), else the wall clock.
  const now = nowMs ?? deps.clock().getTime();
  for (const key of [...new Set(incidentKeys)]) {
    const peek = (await deps.store.getIncident(key))?.outbox;
    const expiry = peek ? deliveryExpiry(deps, peek, expiresAt, now) : expiresAt;
    const incident = await leaseOutbox(deps, key, expiry);
    const outbox = incident?.outbox;
    if (!incident || !outbox) continue;
    const pending = deps.channels.filter((channel) => !settledChannels(outbox).includes(channel.name));
    const { excerpt, fresh } = await logExcerptFor(deps, incident, options.readLogs !== false);
    const alert = buildAlert({
      incident,
      transition: outbox.transition,
      logLines: excerpt?.lines,
      logsUrl: excerpt?.consoleUrl,
      policy: deps.config.incidents,
    });
    const results = await Promise.all(pending.map((channel) => channel.send(alert, deps.deadline())));
    const timestamp = Date.parse(outbox.at);
    for (const result of results) {
      effects.push({
        effect: 'alert',
        channel: result.channel,
        incident: key,
        transition: alert.transition,
        severity: alert.severity,
        category: alert.category,
        title: alert.title,
        ok: result.ok,
        ...(result.error ? { error: result.error } : {}),
      });
      effects.count(
        'AlertDeliveries',
        { Channel: result.channel, Outcome: result.ok ? 'delivered' : 'failed' },
        timestamp,
      );
      if (!result.ok)
        deps.log.error('alert delivery failed', { channel: result.channel, incident: key, error: result.error });
    }
    const delivered = results.filter((r) => r.ok).map((r) => r.channel);
    const failed = results
      .filter((r) => !r.ok)
      .map((r) => ({
        channel: r.channel,
        permanent: isPermanentDeliveryFailure(r),
        error: r.error ?? 'unknown error',
      }));
    const stored = fresh ? excerpt : undefined;
    const abandoned = await releaseOutbox(deps, key, outbox, delivered, failed, now, expiry, stored);
    for (const gaveUp of abandoned) {
      effects.count('AlertsAbandoned', { Channel: gaveUp.channel }, now);
      deps.log.error('alert abandoned on this channel; it will not be sent again', {
        channel: gaveUp.channel,
        incident: key,
        transition: outbox.transition,
        why: gaveUp.why,
        attempts: gaveUp.attempts,
        error: gaveUp.error,
      });
    }
    // Nothing reached any channel and some channel may still take it: fail so the platform retries.
    const givenUp = [...(outbox.abandoned ?? []), ...abandoned.map((a) => a.channel)];
    const retryable = pending.some((channel) => !givenUp.includes(channel.name));
    if (delivered.length === 0 && outbox.delivered.length === 0 && retryable) undelivered.push(key);
  }
  if (undelivered.length > 0) {
    throw new DeliveryError(`alert for ${undelivered.join(', ')} reached no channel; failing so the platform retries`);
  }
}
