import type { Category } from '../classify/types.js';
import { parseJsonArray } from '../json-array.js';
import { toMs } from './time.js';
import type { Decision, Incident, Transition } from './types.js';

/** A planned quiet time (load test, maintenance): incidents it matches are tracked but page nobody until it ends. */
export interface Silence {
  id: string;
  /** Cluster name it covers; `*` for every cluster. */
  cluster: string;
  /** Only this service (its tasks, deployments, health); absent: the whole cluster. */
  service?: string;
  /** Only failures of these categories; absent: every category. */
  categories?: Category[];
  /** ISO time it starts and ends. */
  from: string;
  until: string;
  reason: string;
  /** Who set it (the CLI's user, the invoking principal). */
  by: string;
}

/** What an incident remembers of the silence that kept its alert back. */
export interface SilencedState {
  id: string;
  until: string;
  reason: string;
  by: string;
  /** The transition held back: `opened` if nobody heard of the incident yet, else the latest. */
  transition: Transition;
  /** Set by the sweep once the silence ended with nothing to tell yet (no failure near its end). */
  ended?: boolean;
}

function serviceOf(incident: Incident): string | undefined {
  return incident.subject.kind === 'service' ? incident.subject.name : incident.lastFacts.service;
}

/**
 * The silence active at `now` that covers the incident, if any. A lost instance is never silenced: its
 * remediation (drain, replaced jobs) is the one message someone must read during a maintenance too.
 */
export function silenceFor(incident: Incident, silences: readonly Silence[], now: string): Silence | undefined {
  if (incident.group === 'instance-lost') return undefined;
  const at = toMs(now);
  return silences.find(
    (silence) =>
      toMs(silence.from) <= at &&
      at < toMs(silence.until) &&
      (silence.cluster === '*' || silence.cluster === incident.cluster) &&
      (silence.service === undefined || silence.service === serviceOf(incident)) &&
      (silence.categories === undefined || silence.categories.includes(incident.category)),
  );
}

/** True when the team never heard of the incident: its opening came (or was held back) under a silence. */
function neverTold(previous: Incident | undefined, transition: Transition): boolean {
  return transition === 'opened' || previous === undefined || previous.silenced?.transition === 'opened';
}

/**
 * Applies the active silences to a decision's alerts: an alert of a silenced incident is held back (the
 * incident keeps counting and remembers the silence; decision reason `silenced`), except a resolve the team
 * is waiting for. An incident whose silence is over and that alerts again is told as opened if nobody heard
 * of it. Lost instances are never silenced (silenceFor). Pure.
 */
export function applySilences<T extends SilenceableOutput>(
  output: T,
  previous: Record<string, Incident | undefined>,
  silences: readonly Silence[],
  now: string,
): T {
  if (output.alerts.length === 0) return output;
  let decision = output.decision;
  const incidents = [...output.incidents];
  const alerts: SilenceableOutput['alerts'] = [];
  for (const alert of output.alerts) {
    const index = incidents.findIndex((incident) => incident.key === alert.incidentKey);
    const incident = incidents[index];
    const before = previous[alert.incidentKey];
    const silence = incident ? silenceFor(incident, silences, now) : undefined;
    const waitedFor = alert.transition === 'resolved' && !neverTold(before, alert.transition);
    if (incident && !silence && incident.silenced?.transition === 'opened' && alert.transition === 'resolved') {
      // Opened and resolved within the silence: nobody waits for news of it.
      const { silenced: _over, outbox: _none, ...rest } = incident;
      incidents[index] = before?.outbox ? { ...rest, outbox: before.outbox } : rest;
      continue;
    }
    if (!incident || !silence || waitedFor) {
      alerts.push(incident?.silenced ? afterSilence(incidents, index, alert) : alert);
      continue;
    }
    const state: SilencedState = {
      id: silence.id,
      until: silence.until,
      reason: silence.reason,
      by: silence.by,
      transition: neverTold(before, alert.transition) ? 'opened' : alert.transition,
    };
    const { outbox: _held, ...rest } = incident;
    const held: Incident = { ...rest, silenced: state };
    if (before?.outbox) held.outbox = before.outbox;
    incidents[index] = held;
    if (decision.incidentKey === alert.incidentKey) {
      const detail = `${alert.transition} held back: silenced until ${silence.until} by ${silence.by}: ${silence.reason}`;
      decision = { reason: 'silenced', detail, incidentKey: alert.incidentKey, transition: alert.transition };
    }
  }
  return { ...output, decision, incidents, alerts };
}

/** An alert of an incident whose silence is over: told as opened when nobody heard of it; the silence forgotten. */
function afterSilence(
  incidents: Incident[],
  index: number,
  alert: SilenceableOutput['alerts'][number],
): SilenceableOutput['alerts'][number] {
  const incident = incidents[index]!;
  const { silenced: state, ...rest } = incident;
  const transition = state?.transition === 'opened' && alert.transition !== 'resolved' ? 'opened' : alert.transition;
  incidents[index] = rest.outbox ? { ...rest, outbox: { ...rest.outbox, transition } } : rest;
  return { ...alert, transition };
}

/** The part of a decision silences work on. */
export interface SilenceableOutput {
  decision: Decision;
  incidents: Incident[];
  alerts: Array<{ incidentKey: string; transition: Transition }>;
}

/** Parses LOOKOUT_SILENCES (maintenance windows as configuration): a JSON array of silences. */
export function parseSilences(text: string): { ok: true; silences: Silence[] } | { ok: false; error: string } {
  const array = parseJsonArray(text, '{"cluster", "service"?, "from", "until", "reason"}', 'silences');
  if (!array.ok) return array;
  const silences: Silence[] = [];
  for (const [index, raw] of array.entries.entries()) {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const where = `silence ${index + 1}`;
    const { cluster, service, from, until, reason, categories } = entry;
    if (typeof cluster !== 'string' || !cluster) return { ok: false, error: `${where}: cluster is required` };
    if (typeof until !== 'string' || Number.isNaN(Date.parse(until)))
      return { ok: false, error: `${where}: until must be an ISO time` };
    if (from !== undefined && (typeof from !== 'string' || Number.isNaN(Date.parse(from))))
      return { ok: false, error: `${where}: from must be an ISO time` };
    if (typeof reason !== 'string' || !reason.trim()) return { ok: false, error: `${where}: reason is required` };
    const silence: Silence = {
      id: typeof entry.id === 'string' && entry.id ? entry.id : `config-${index + 1}`,
      cluster,
      from: typeof from === 'string' ? new Date(from).toISOString() : new Date(0).toISOString(),
      until: new Date(until).toISOString(),
      reason: reason.trim(),
      by: typeof entry.by === 'string' && entry.by ? entry.by : 'configuration',
    };
    if (typeof service === 'string' && service) silence.service = service;
    if (Array.isArray(categories)) silence.categories = categories.filter((c): c is Category => typeof c === 'string');
    silences.push(silence);
  }
  return { ok: true, silences };
}
