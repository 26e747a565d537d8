import type { Category, Facts, Severity } from '../classify/types.js';
import { SEVERITY_RANK } from '../classify/types.js';
import type { IncidentTarget } from './keys.js';
import { withFailureAt } from './recent-failures.js';
import { isoTime, toIso, toMs } from './time.js';
import type { Incident, IncidentPolicy, Transition } from './types.js';

/** Bounds that keep a stored incident small however long it stays open. */
export const INCIDENT_LIMITS = { recentFailures: 50, notes: 10, appliedKeys: 20, countedTasks: 50 } as const;

/**
 * Appends a text and keeps only the last `max`. The list is returned frozen: a list of texts is already in
 * stored form, so the in-memory store keeps it as it is instead of copying it (it copies what is not frozen).
 */
export function pushBounded(list: readonly string[] | undefined, item: string, max: number): string[] {
  if (max <= 0) return [...(list ?? []), item].slice(-max);
  // One copy, trimmed at the front in place. A spread, not slice(): a stored list is frozen (the memory store's
  // mark), and V8 slices a frozen array some 20 times slower than it spreads one.
  const kept = list ? [...list] : [];
  kept.push(item);
  const drop = kept.length - max;
  if (drop === 1) kept.shift();
  else if (drop > 1) kept.splice(0, drop);
  return Object.freeze(kept) as string[];
}

/**
 * A copy of the incident to change and return: Object.assign onto a new record, not a spread. Incidents come
 * in dozens of shapes (optional keys; stored and frozen, or a copy of this batch), which keeps a spread on
 * V8's slow path at about twice the cost, and a spread of such a copy that adds a key gets a hidden class of
 * its own. The same keys, in the same order, as `{ ...incident }`.
 */
export function copyOfIncident(incident: Incident): Incident {
  return Object.assign({}, incident);
}

/** The incident with `fields` set, as `{ ...incident, ...fields }` (changed keys keep their place, new ones follow). */
export function withFields(incident: Incident, fields: Partial<Incident>): Incident {
  return Object.assign(copyOfIncident(incident), fields);
}

/** The higher of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

/** A fresh open incident counting from zero; a resolved predecessor only lends its rev and applied keys. */
export function openIncident(args: {
  target: IncidentTarget;
  facts: Facts;
  category: Category;
  severity: Severity;
  now: string;
  previous?: Incident;
}): Incident {
  const { target, facts, now, previous } = args;
  const incident: Incident = {
    key: target.key,
    group: target.group,
    account: target.account,
    region: target.region,
    cluster: target.cluster,
    subject: target.subject,
    status: 'open',
    severity: args.severity,
    category: args.category,
    openedAt: now,
    lastEventAt: now,
    lastAlertAt: now,
    lastTransition: 'opened',
    recentFailures: [],
    totalFailures: 0,
    countsByCategory: {},
    absorbed: 0,
    lastFacts: facts,
    notes: [],
    rev: previous?.rev ?? 0,
  };
  if (previous?.appliedKeys) incident.appliedKeys = previous.appliedKeys;
  return incident;
}

// A target group drains for at most 3,600 s and a container gets at most 120 s to stop: a stop that began longer
// ago than that is not this event's own (a rewritten or replayed event), so the event's time counts instead.
const MAX_STOP_LAG_MS = 65 * 60_000;

/**
 * When a failure happened: a task's when ECS began stopping it (`stoppingAt`), since its STOPPING and STOPPED
 * events come later (behind a load balancer, a deregistration delay later) and report the same failure (at
 * most MAX_STOP_LAG_MS earlier); anything else at `now`. `iso` is the canonical text when known (withFailureAt's form), `text` the time as kept.
 */
export function failureMoment(
  facts: Facts,
  now: string,
  nowMs = toMs(now),
  nowIso?: string,
): { ms: number; iso?: string; text: string } {
  if (facts.stoppingAt !== undefined) {
    const stopping = isoTime(facts.stoppingAt);
    if (stopping.ms < nowMs && nowMs - stopping.ms <= MAX_STOP_LAG_MS) {
      const iso = stopping.iso ?? toIso(stopping.ms);
      return { ms: stopping.ms, iso, text: iso };
    }
  }
  return { ms: nowMs, iso: nowIso, text: now };
}

/**
 * True when a failure at `now` is older news than the resolution of `incident`: before a healthy signal
 * (or an absorption). A quiet resolution only says nothing was seen, so a failure after the last one seen
 * is new even if it arrives after the sweep.
 */
export function predatesResolution(incident: Incident, now: string): boolean {
  if (incident.status !== 'resolved' || !incident.resolvedAt || toMs(now) > toMs(incident.resolvedAt)) return false;
  return incident.resolvedBy !== 'quiet' || toMs(now) <= toMs(incident.lastEventAt);
}

/** Counts one failure: window list (pruned to the escalation window), totals, latest facts, counted task. */
export function countFailure(
  incident: Incident,
  facts: Facts,
  category: Category,
  now: string,
  policy: IncidentPolicy,
): Incident {
  const { ms: nowMs, iso: nowIso } = isoTime(now);
  const failed = failureMoment(facts, now, nowMs, nowIso);
  const failedMs = failed.ms;
  const failedAt = failed.text;
  const windowStart = nowMs - policy.escalationWindowMs;
  const recentFailures = withFailureAt(
    incident.recentFailures,
    failedMs,
    windowStart,
    INCIDENT_LIMITS.recentFailures,
    failed.iso,
  );
  const lastMs = toMs(incident.lastEventAt);
  const latest = nowMs >= lastMs;
  // Copied, then counted (see copyOfIncident: the counts come in many shapes too).
  const countsByCategory: Incident['countsByCategory'] = Object.assign({}, incident.countsByCategory);
  countsByCategory[category] = (incident.countsByCategory[category] ?? 0) + 1;
  const next = copyOfIncident(incident);
  next.recentFailures = recentFailures;
  next.totalFailures = incident.totalFailures + 1;
  next.countsByCategory = countsByCategory;
  // laterOf(lastEventAt, failedAt) with both times already read.
  next.lastEventAt = failedMs > lastMs ? failedAt : incident.lastEventAt;
  // A late (out-of-order) event is counted but doesn't replace the newer facts shown in alerts. (Both keys are
  // the incident's own, so assigning them keeps its key order, as the spread did.)
  if (latest) {
    next.lastFacts = facts;
    next.category = category;
  }
  if (facts.taskArn)
    next.countedTasks = pushBounded(incident.countedTasks, facts.taskArn, INCIDENT_LIMITS.countedTasks);
  return next;
}

/** Event names of the periodic health check's findings (`LOOKOUT_CHECK_STUCK_SERVICE`, …). */
const CHECK_FINDING_PREFIX = 'LOOKOUT_CHECK_';

/** True for a health-check finding: a sighting of a condition that lasts, not a new failure. */
export function isCheckSighting(facts: Facts): boolean {
  return facts.eventName?.startsWith(CHECK_FINDING_PREFIX) ?? false;
}

/**
 * A lasting condition seen again by the health check: evidence the problem goes on, so the incident stays
 * open (last seen, latest facts) without counting a new failure.
 */
export function seenAgain(incident: Incident, facts: Facts, now: string): Incident {
  if (toMs(now) < toMs(incident.lastEventAt)) return incident;
  // A waiting lifecycle hook (hooks.ts) names the condition better than the check's finding: its facts stay.
  if (incident.category === 'hook-awaiting-action') return withFields(incident, { lastEventAt: now });
  return withFields(incident, { lastEventAt: now, lastFacts: facts });
}

/** True when this task's failure was already counted (its STOPPING and STOPPED events are one failure). */
export function alreadyCounted(incident: Incident, facts: Facts): boolean {
  return facts.taskArn !== undefined && (incident.countedTasks ?? []).includes(facts.taskArn);
}

/** Records an alerting transition: sets the outbox the use case delivers from. */
export function withAlert(incident: Incident, transition: Transition, now: string): Incident {
  return withFields(incident, {
    lastTransition: transition,
    lastAlertAt: now,
    outbox: { transition, at: now, delivered: [] },
  });
}

/** Closes an incident (the caller decides whether it alerts). */
export function resolveIncident(
  incident: Incident,
  now: string,
  by: NonNullable<Incident['resolvedBy']>,
  resolution?: string,
): Incident {
  const closed = withFields(incident, {
    status: 'resolved',
    resolvedAt: now,
    resolvedBy: by,
    lastTransition: 'resolved',
  });
  if (resolution) closed.resolution = resolution;
  return closed;
}

/** Appends a human line to the incident's notes (bounded, no exact repeats); rev is left to the writer. */
export function addNote(incident: Incident, note: string): Incident {
  if (incident.notes.includes(note)) return incident;
  return { ...incident, notes: pushBounded(incident.notes, note, INCIDENT_LIMITS.notes) };
}

/** Readable name of an incident subject for decision details. */
export function subjectLabel(target: Pick<IncidentTarget, 'subject' | 'cluster'>): string {
  const { kind, name } = target.subject;
  const shown = kind === 'instance' ? (name.split('/').pop() ?? name) : name;
  return `${kind} ${shown} in ${target.cluster}`;
}
