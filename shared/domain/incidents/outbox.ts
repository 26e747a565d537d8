import type { Incident, IncidentOutbox } from './types.js';

/** Alert channels an outbox tracks. */
export type OutboxChannel = 'slack' | 'sns';

/** Records that a channel received the outbox's alert; rev is left to the writer (one bump per write). */
export function markDelivered(incident: Incident, channel: OutboxChannel): Incident {
  const outbox = incident.outbox;
  if (!outbox || outbox.delivered.includes(channel)) return incident;
  return { ...incident, outbox: { ...outbox, delivered: [...outbox.delivered, channel] } };
}

/** Drops the outbox once every channel has the alert; rev is left to the writer. */
export function clearOutbox(incident: Incident): Incident {
  if (!incident.outbox) return incident;
  // Key by key, as `const { outbox, ...rest } = incident` keeps them (own, in order): V8 runs that rest copy of
  // an incident (dozens of shapes) on its slowest path, about 5 us against 2 us (scratch, 120 shapes).
  const rest: Record<string, unknown> = {};
  for (const key in incident) {
    if (key !== 'outbox' && Object.hasOwn(incident, key)) rest[key] = incident[key as keyof Incident];
  }
  return rest as unknown as Incident;
}

/** True while an alert of this incident still waits for at least one channel. */
export function hasPendingOutbox(incident: Incident | undefined): boolean {
  return incident?.outbox !== undefined;
}

/** Bounds of a transition's delivery to one channel after it failed: attempts, age, and the retry backoff. */
export const OUTBOX_RETRY = {
  /** Give the channel up after this many failed attempts… */
  maxAttempts: 6,
  /** …or this long after its first failed attempt, whichever comes first. */
  maxAgeMs: 60 * 60_000,
  /** The first retry waits this long, then doubling (2, 4, 8, 16 min), capped at `maxBackoffMs`. */
  firstBackoffMs: 2 * 60_000,
  maxBackoffMs: 16 * 60_000,
} as const;

/** Why a channel gave a transition up, in words for the log. */
export type AbandonReason = 'permanent failure' | 'too many attempts' | 'too old';

/** Channels done with the outbox's transition: delivered, or given up. */
export function settledChannels(outbox: IncidentOutbox): OutboxChannel[] {
  return [...outbox.delivered, ...(outbox.abandoned ?? [])];
}

/** True when `channel` is one of settledChannels(outbox), without building the list. */
export function isSettled(outbox: IncidentOutbox, channel: OutboxChannel): boolean {
  return outbox.delivered.includes(channel) || (outbox.abandoned?.includes(channel) ?? false);
}

/**
 * Records a failed attempt to deliver the outbox's transition to `channel` at `nowMs`, and gives the channel
 * up after a permanent failure (a revoked webhook, a deleted topic), `maxAttempts` attempts or `maxAgeMs`
 * since the first failure. The outbox's time is not touched, so the item's expiry doesn't move. Rev is left
 * to the writer.
 */
export function recordFailedAttempt(
  incident: Incident,
  channel: OutboxChannel,
  permanent: boolean,
  nowMs: number,
): { incident: Incident; abandoned?: AbandonReason } {
  const outbox = incident.outbox;
  if (!outbox || isSettled(outbox, channel)) return { incident };
  const previous = outbox.failures?.[channel];
  const failure = { attempts: (previous?.attempts ?? 0) + 1, since: previous?.since ?? nowMs, last: nowMs };
  let abandoned: AbandonReason | undefined;
  if (permanent) abandoned = 'permanent failure';
  else if (failure.attempts >= OUTBOX_RETRY.maxAttempts) abandoned = 'too many attempts';
  else if (nowMs - failure.since >= OUTBOX_RETRY.maxAgeMs) abandoned = 'too old';
  const next: IncidentOutbox = { ...outbox, failures: { ...outbox.failures, [channel]: failure } };
  if (abandoned) next.abandoned = [...(outbox.abandoned ?? []), channel];
  return abandoned
    ? { incident: { ...incident, outbox: next }, abandoned }
    : { incident: { ...incident, outbox: next } };
}

/** True when the sweep should try the outbox again at `nowMs`: `firstBackoffMs` after it was set, then backing off per failure. */
export function redeliveryDue(outbox: IncidentOutbox, nowMs: number): boolean {
  const failures = Object.values(outbox.failures ?? {});
  if (failures.length === 0) return nowMs - Date.parse(outbox.at) >= OUTBOX_RETRY.firstBackoffMs;
  const attempts = Math.max(...failures.map((f) => f.attempts));
  const last = Math.max(...failures.map((f) => f.last));
  const wait = Math.min(OUTBOX_RETRY.maxBackoffMs, OUTBOX_RETRY.firstBackoffMs * 2 ** (attempts - 1));
  return nowMs - last >= wait;
}
