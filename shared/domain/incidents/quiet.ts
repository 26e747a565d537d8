import { toMs } from './time.js';
import type { Incident, IncidentPolicy } from './types.js';

/**
 * How long a standalone task family must go without a failure before its incident resolves quietly: a day
 * and an hour, so a job that fails on every run (hourly, daily) stays one incident instead of resolving
 * between runs and paging again at the next one. A successful run resolves it at once (job-success.ts).
 */
export const FAMILY_QUIET_MS = 25 * 60 * 60_000;

/**
 * How long after a service's last failure a steady state must hold before it resolves the service's incident.
 * ECS starts a replacement for a task failing its health checks and stops the old one only once the new one is
 * healthy, so the service reports steady state between two kills of a flapping service; a recurrence shows
 * within a few health-check intervals. Steady state later than this after the last failure resolves at once.
 */
export const STEADY_HOLD_MS = 5 * 60_000;

/** What a service's steady state resolves an incident with, at once or after the hold (alert wording). */
export const STEADY_RESOLUTION = 'service reached steady state';

/** The cluster and subject an incident is about: incidents of one service (or family, instance) share it. */
export function subjectOf(incident: Incident): string {
  return timingOf(incident).subject;
}

interface Timing {
  subject: string;
  lastEventMs: number;
  /** The quiet window before the policy's minimum: twice the mean gap, or FAMILY_QUIET_MS for a family. */
  ownWindowMs: number;
  /** When the service reported steady state after a failure (NaN when it has not). */
  steadyMs: number;
}

// Stored incidents are deeply frozen and shared between reads (memory store): what is read from one is worked
// out once, not on every sweep-time computation (replay asks after most batches, over every open incident).
const timings = new WeakMap<Incident, Timing>();

function timingOf(incident: Incident): Timing {
  const known = timings.get(incident);
  if (known) return known;
  const lastEventMs = toMs(incident.lastEventAt);
  const span = lastEventMs - toMs(incident.openedAt);
  const meanGap = incident.totalFailures > 1 && span > 0 ? span / (incident.totalFailures - 1) : 0;
  const family = incident.subject.kind === 'family' ? FAMILY_QUIET_MS : 0;
  const timing = {
    subject: `${incident.account}/${incident.region}/${incident.cluster}/${incident.subject.kind}/${incident.subject.name}`,
    lastEventMs,
    ownWindowMs: Math.max(2 * meanGap, family),
    steadyMs: incident.steadyAt === undefined ? Number.NaN : toMs(incident.steadyAt),
  };
  if (Object.isFrozen(incident) && Object.isFrozen(incident.subject)) timings.set(incident, timing);
  return timing;
}

/**
 * How long `incident` must stay quiet before it resolves: the policy's resolveAfter, at least twice the mean
 * gap between its failures (ECS's start backoff grows to 27 min between attempts, which a fixed 30 min
 * window would call quiet too early), and FAMILY_QUIET_MS for a standalone family (runs come on a schedule).
 */
export function quietWindowMs(incident: Incident, policy: IncidentPolicy): number {
  return Math.max(policy.resolveAfterMs, timingOf(incident).ownWindowMs);
}

/**
 * The last failure of each subject among open incidents: a service's incidents (task failures, start
 * impaired, placement) are one episode, so none of them is quiet while another still sees failures.
 */
export function lastActivityBySubject(open: readonly Incident[]): Map<string, number> {
  const last = new Map<string, number>();
  for (const incident of open) {
    if (incident.status !== 'open') continue;
    const { subject, lastEventMs } = timingOf(incident);
    // Most subjects have one open incident: one lookup, and a write only when this one is later (or unreadable:
    // NaN wins, as in Math.max).
    const known = last.get(subject);
    if (known === undefined || lastEventMs > known || Number.isNaN(lastEventMs)) last.set(subject, lastEventMs);
  }
  return last;
}

function lastOfSubject(timing: Timing, lastActivity: Map<string, number>): number {
  return Math.max(timing.lastEventMs, lastActivity.get(timing.subject) ?? Number.NEGATIVE_INFINITY);
}

/**
 * True when the service reported steady state after the last failure of its subject: the incident then
 * resolves STEADY_HOLD_MS after that failure instead of after its quiet window.
 */
export function steadySinceLastFailure(incident: Incident, lastActivity: Map<string, number>): boolean {
  const timing = timingOf(incident);
  return timing.steadyMs >= lastOfSubject(timing, lastActivity);
}

/** When `incident` goes quiet (epoch ms), given the last activity of its subject. */
export function quietAt(incident: Incident, policy: IncidentPolicy, lastActivity: Map<string, number>): number {
  const timing = timingOf(incident);
  const last = lastOfSubject(timing, lastActivity);
  const quiet = last + Math.max(policy.resolveAfterMs, timing.ownWindowMs);
  return timing.steadyMs >= last ? Math.min(quiet, last + STEADY_HOLD_MS) : quiet;
}
