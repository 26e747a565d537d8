import { randomUUID } from 'node:crypto';
import { buildAlert } from '../domain/alerts/build.js';
import { isPermanentDeliveryFailure } from '../domain/alerts/delivery-failure.js';
import { routeLabel, routeWants } from '../domain/alerts/routing.js';
import { boundedExcerpt, storedExcerpt } from '../domain/incidents/log-excerpt.js';
import {
  type AbandonReason,
  clearOutbox,
  isSettled,
  markDelivered,
  type OutboxChannel,
  recordFailedAttempt,
} from '../domain/incidents/outbox.js';
import { toMs } from '../domain/incidents/time.js';
import type { Incident, IncidentOutbox, LogExcerpt } from '../domain/incidents/types.js';
import type { DeliveryResult } from '../ports/alert-channel.js';
import { type AlertEffect, DeliveryError } from './effects.js';
import type { EffectLog, PipelineDeps } from './pipeline-deps.js';
import { routeOfIncident } from './route-alert.js';

// An invocation sending an alert holds a lease this long, so a concurrent duplicate delivery of the same
// event doesn't send it too. Longer than any function's timeout (health-report: 120 s), so a slow but live
// sender is never overtaken; a crashed sender's alert is re-sent by the sweep once the lease lapses.
export const SEND_LEASE_MS = 150_000;
const ATTEMPTS = 5;
const DAY_MS = 86_400_000;

/** A failed delivery to one channel, as recorded on the outbox. */
export interface FailedSend {
  channel: OutboxChannel;
  permanent: boolean;
  error: string;
}

/**
 * Expiry of the writes that deliver an alert: counted from the transition, not from each attempt, so a
 * channel failing for hours does not keep pushing the item's expiry forward (at least a day from now).
 */
export function deliveryExpiry(deps: PipelineDeps, outbox: IncidentOutbox, expiresAt: number, nowMs: number): number {
  const fromTransition = toMs(outbox.at) + deps.config.incidents.retentionMs;
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
async function leaseOutbox(
  deps: PipelineDeps,
  key: string,
  expiresAt: number,
  read?: Incident,
): Promise<Incident | undefined> {
  const me = randomUUID();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // The caller's read serves the first attempt; a refused write reads again.
    const current = attempt === 0 && read ? read : await deps.store.getIncident(key);
    const outbox = current?.outbox;
    if (!current || !outbox || deps.channels.every((c) => isSettled(outbox, c.name))) return undefined;
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

/** A failed delivery of the sent transition, given up on its channel by this attempt. */
export type Abandoned = FailedSend & { why: AbandonReason; attempts: number };

/**
 * The incident after an attempt to send its outbox: the channels that got it marked, the failed attempts
 * counted (a channel given up after a permanent failure or too many attempts), the lease released, a
 * freshly read log excerpt kept, and the outbox cleared once every channel is settled. Rev is left to the writer.
 */
export function settleOutbox(
  deps: PipelineDeps,
  current: Incident,
  sent: Pick<SendOutcome, 'delivered' | 'failed' | 'excerpt'>,
  nowMs: number,
): { next: Incident; abandoned: Abandoned[] } {
  if (!current.outbox) return { next: current, abandoned: [] };
  const sentOutbox = current.outbox;
  const settles = (c: { name: OutboxChannel }) => isSettled(sentOutbox, c.name) || sent.delivered.includes(c.name);
  if (sent.failed.length === 0 && deps.channels.every(settles)) {
    // Every channel has it now (the usual send): the incident without its outbox, in one copy, not one per step.
    const next = clearOutbox(current);
    if (sent.excerpt && sent.excerpt.taskArn === current.lastFacts.taskArn) next.logExcerpt = sent.excerpt;
    return { next, abandoned: [] };
  }
  const { sendingAt: _at, sendingBy: _by, ...released } = current.outbox;
  let next: Incident = { ...current, outbox: released };
  // Kept with the incident, so a re-send (the sweep's) shows the same lines without reading logs.
  if (sent.excerpt && sent.excerpt.taskArn === current.lastFacts.taskArn) next.logExcerpt = sent.excerpt;
  for (const channel of sent.delivered) next = markDelivered(next, channel);
  const abandoned: Abandoned[] = [];
  for (const failure of sent.failed) {
    const recorded = recordFailedAttempt(next, failure.channel, failure.permanent, nowMs);
    next = recorded.incident;
    const attempts = next.outbox?.failures?.[failure.channel]?.attempts ?? 1;
    if (recorded.abandoned) abandoned.push({ ...failure, why: recorded.abandoned, attempts });
  }
  const outbox = next.outbox;
  if (outbox && deps.channels.every((c) => isSettled(outbox, c.name))) next = clearOutbox(next);
  return { next, abandoned };
}

/**
 * Records which channels got the sent transition, counts the failed attempts (giving a channel up after a
 * permanent failure or too many attempts), and releases the lease (unless a newer transition replaced it).
 * Returns the channels given up by this write.
 */
export async function releaseOutbox(
  deps: PipelineDeps,
  sent: SendOutcome,
  nowMs: number,
  expiresAt: number,
): Promise<Abandoned[]> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await deps.store.getIncident(sent.key);
    if (!current?.outbox || !sameTransition(current.outbox, sent.outbox)) return [];
    const { next, abandoned } = settleOutbox(deps, current, sent, nowMs);
    if (await deps.store.putIncident({ ...next, rev: current.rev + 1 }, current.rev, expiresAt)) return abandoned;
  }
  deps.log.warn('could not record alert delivery; a retry may resend it', { incident: sent.key });
  return [];
}

/** What one send of an incident's outbox did. */
export interface SendOutcome {
  key: string;
  outbox: IncidentOutbox;
  pending: OutboxChannel[];
  delivered: OutboxChannel[];
  failed: FailedSend[];
  /** A log excerpt read for this send, to keep with the incident. */
  excerpt?: LogExcerpt;
}

/**
 * Sends the outbox of an incident whose lease this invocation holds to every channel that hasn't had it
 * yet, in parallel so one slow or failing channel never silences another; records the alert effects.
 */
export async function sendOutbox(
  deps: PipelineDeps,
  incident: Incident,
  effects: EffectLog,
  readLogs: boolean,
): Promise<SendOutcome> {
  const key = incident.key;
  const outbox = incident.outbox!;
  const pending = deps.channels.filter((channel) => !isSettled(outbox, channel.name));
  // The log lines and the route's tags are independent reads: one round trip's wait, not two.
  const [{ excerpt, fresh }, route] = await Promise.all([
    logExcerptFor(deps, incident, readLogs),
    routeOfIncident(deps, incident),
  ]);
  const alert = buildAlert({
    incident,
    transition: outbox.transition,
    logLines: excerpt?.lines,
    logsUrl: excerpt?.consoleUrl,
    policy: deps.config.incidents,
    ...(route.source === 'default' ? {} : { route }),
  });
  // A route's minimum severity keeps its Slack channel quiet about lesser incidents; SNS subscribers filter on `team`.
  const skipped = new Set(pending.filter((c) => c.name === 'slack' && !routeWants(route, incident)).map((c) => c.name));
  const results = await Promise.all(
    pending.map((channel) =>
      skipped.has(channel.name)
        ? Promise.resolve<DeliveryResult>({ channel: channel.name, ok: true, attempts: 0 })
        : channel.send(alert, deps.deadline()),
    ),
  );
  const timestamp = toMs(outbox.at);
  for (const result of results) {
    // The optional fields set in the order the effect's JSON shows them (no spread of a temporary object each).
    const sentTo: AlertEffect = {
      effect: 'alert',
      channel: result.channel,
      incident: key,
      transition: alert.transition,
      severity: alert.severity,
      category: alert.category,
      title: alert.title,
      ok: result.ok,
    };
    if (result.error) sentTo.error = result.error;
    if (route.source !== 'default') sentTo.route = routeLabel(route);
    if (skipped.has(result.channel)) sentTo.skipped = true;
    effects.push(sentTo);
    effects.count(
      'AlertDeliveries',
      { Channel: result.channel, Outcome: result.ok ? 'delivered' : 'failed' },
      timestamp,
    );
    if (!result.ok)
      deps.log.error('alert delivery failed', { channel: result.channel, incident: key, error: result.error });
  }
  const outcome: SendOutcome = {
    key,
    outbox,
    pending: pending.map((channel) => channel.name),
    delivered: results.filter((r) => r.ok).map((r) => r.channel),
    failed: results
      .filter((r) => !r.ok)
      .map((r) => ({
        channel: r.channel,
        permanent: isPermanentDeliveryFailure(r),
        error: r.error ?? 'unknown error',
      })),
  };
  if (fresh && excerpt) outcome.excerpt = excerpt;
  return outcome;
}

/**
 * Counts and logs the channels given up; true when the transition reached no channel and some channel
 * may still take it (the invocation must then fail so the platform retries).
 */
export function reachedNoChannel(
  deps: PipelineDeps,
  sent: SendOutcome,
  abandoned: Abandoned[],
  effects: EffectLog,
  nowMs: number,
): boolean {
  const { key, outbox } = sent;
  for (const gaveUp of abandoned) {
    effects.count('AlertsAbandoned', { Channel: gaveUp.channel }, nowMs);
    deps.log.error('alert abandoned on this channel; it will not be sent again', {
      channel: gaveUp.channel,
      incident: key,
      transition: outbox.transition,
      why: gaveUp.why,
      attempts: gaveUp.attempts,
      error: gaveUp.error,
    });
  }
  const givenUp = [...(outbox.abandoned ?? []), ...abandoned.map((a) => a.channel)];
  const retryable = sent.pending.some((channel) => !givenUp.includes(channel));
  return sent.delivered.length === 0 && outbox.delivered.length === 0 && retryable;
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
    const stored = await deps.store.getIncident(key);
    if (!stored?.outbox) continue;
    const expiry = deliveryExpiry(deps, stored.outbox, expiresAt, now);
    const incident = await leaseOutbox(deps, key, expiry, stored);
    if (!incident?.outbox) continue;
    const sent = await sendOutbox(deps, incident, effects, options.readLogs !== false);
    const abandoned = await releaseOutbox(deps, sent, now, expiry);
    if (reachedNoChannel(deps, sent, abandoned, effects, now)) undelivered.push(key);
  }
  if (undelivered.length > 0) {
    throw new DeliveryError(`alert for ${undelivered.join(', ')} reached no channel; failing so the platform retries`);
  }
}
