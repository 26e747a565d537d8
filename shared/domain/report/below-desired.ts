import type { ServiceSnapshot } from './snapshot.js';
import type { BelowDesired } from './types.js';

const STEADY_STATE = /has reached a steady state/i;

function time(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Estimates since when a service has run fewer tasks than desired; undefined when it has not.
 *
 * DescribeServices has no "below desired since" field, so the estimate reads the scheduler's last
 * `events[]` (up to 100, newest first):
 * 1. the first event after the latest "has reached a steady state" message: the service was fine at
 *    that message, and the next message (started/stopped/unable to place) is when the trouble began;
 * 2. no event after it: the primary deployment's `updatedAt` if later (a desired-count change), else now.
 *    The scheduler posts a message for everything it does or fails to do (started, stopped, unable to
 *    place), so a shortfall it has posted nothing about is seconds old: a task just stopped, or desired
 *    raised a moment ago. Dating it from the steady-state message (hours old) paged for normal churn;
 * 3. no steady-state message retained (a crash loop pushes it out): the oldest retained event, as a
 *    lower bound (`atLeast`);
 * 4. no events: the primary deployment's `createdAt`, else the service's `createdAt`.
 */
export function estimateBelowDesired(
  service: ServiceSnapshot,
  nowMs: number,
  stuckAfterMs: number,
): BelowDesired | undefined {
  if (service.desired <= 0 || service.running >= service.desired) return undefined;
  const events = service.events
    .map((event) => ({ at: time(event.at), message: event.message }))
    .filter((event): event is { at: number; message: string } => event.at !== undefined)
    .sort((a, b) => b.at - a.at);
  const primary = service.deployments.find((deployment) => deployment.status === 'PRIMARY') ?? service.deployments[0];
  const steadyIndex = events.findIndex((event) => STEADY_STATE.test(event.message));

  let sinceMs: number | undefined;
  let basis: BelowDesired['basis'] | undefined;
  let atLeast = false;
  if (steadyIndex > 0) {
    sinceMs = events[steadyIndex - 1]!.at;
    basis = 'event-after-steady-state';
  } else if (steadyIndex === 0) {
    const updated = time(primary?.updatedAt);
    const changed = updated !== undefined && updated > events[0]!.at;
    sinceMs = changed ? updated : nowMs;
    basis = changed ? 'deployment-updated' : 'steady-state-event';
  } else if (events.length > 0) {
    sinceMs = events.at(-1)!.at;
    basis = 'oldest-event';
    atLeast = true;
  } else if (time(primary?.createdAt) !== undefined) {
    sinceMs = time(primary?.createdAt);
    basis = 'deployment-created';
  } else if (time(service.createdAt) !== undefined) {
    sinceMs = time(service.createdAt);
    basis = 'service-created';
  }
  if (sinceMs === undefined || basis === undefined) return undefined;
  const forMs = Math.max(0, nowMs - sinceMs);
  return { since: new Date(sinceMs).toISOString(), forMs, atLeast, basis, stuck: forMs >= stuckAfterMs };
}
