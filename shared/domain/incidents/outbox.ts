import type { Incident } from './types.js';

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
  const { outbox: _delivered, ...rest } = incident;
  return rest;
}

/** True while an alert of this incident still waits for at least one channel. */
export function hasPendingOutbox(incident: Incident | undefined): boolean {
  return incident?.outbox !== undefined;
}
