import { resourceIdFromArn } from '../arn.js';
import { formatDuration } from '../duration.js';
import type { Incident, IncidentPolicy, Transition } from '../incidents/types.js';
import { DEFAULT_INCIDENT_POLICY } from '../incidents/types.js';
import { describeCause } from './cause.js';
import { CATEGORY_LABELS, instanceLabel } from './labels.js';
import { buildLinks } from './links.js';
import { formatUtc, msBetween, oneLine, plural } from './text.js';
import type { Alert } from './types.js';

/** What an alert is built from: the incident after the transition, plus optional enrichment. */
export interface BuildAlertInput {
  incident: Incident;
  transition: Transition;
  /** Extra lines from the pipeline (remediation outcome, inhibition), shown after the incident's notes. */
  notes?: string[];
  logLines?: string[];
  logsUrl?: string;
  /** Escalation settings, quoted in the escalation line; defaults to DEFAULT_INCIDENT_POLICY. */
  policy?: Pick<IncidentPolicy, 'escalationThreshold' | 'escalationWindowMs'>;
}

function subjectName(incident: Incident): string {
  const { kind, name } = incident.subject;
  if (kind === 'instance') return instanceLabel(incident) ?? oneLine(resourceIdFromArn(name));
  return `${kind === 'service' ? 'service' : 'task family'} ${oneLine(name)}`;
}

function isCrashLoop(incident: Incident, transition: Transition): boolean {
  return incident.group === 'task-failure' && (transition === 'escalated' || incident.escalatedAt !== undefined);
}

function headline(incident: Incident, transition: Transition): string {
  const where = oneLine(incident.cluster || incident.lastFacts.cluster || 'unknown cluster');
  switch (incident.group) {
    case 'instance-lost':
      return `Lost instance ${subjectName(incident)} in ${where}`;
    case 'deployment': {
      // A failed deployment stays "failed" even when its rollback was the last event.
      const failed = (incident.countsByCategory['deployment-failed'] ?? 0) > 0;
      const label = CATEGORY_LABELS[failed ? 'deployment-failed' : incident.category];
      return `${label}: ${oneLine(incident.subject.name)} in ${where}`;
    }
    case 'service-health':
      return `${CATEGORY_LABELS[incident.category]}: ${oneLine(incident.subject.name)} in ${where}`;
    default: {
      const what = isCrashLoop(incident, transition) ? 'Crash loop' : CATEGORY_LABELS[incident.category];
      return `${what}: ${subjectName(incident)} in ${where}`;
    }
  }
}

function title(incident: Incident, transition: Transition): string {
  const text = headline(incident, transition);
  if (transition === 'resolved') return `Resolved: ${text}`;
  return transition === 'repeated' ? `Still failing: ${text}` : text;
}

function countLines(incident: Incident, transition: Transition, windowMs: number, at: string): string[] {
  if (incident.group === 'instance-lost' || incident.totalFailures === 0) return [];
  const windowStart = new Date(at).getTime() - windowMs;
  const recent = incident.recentFailures.filter((time) => new Date(time).getTime() > windowStart).length;
  const since = `${incident.totalFailures} since ${formatUtc(incident.openedAt, at)}`;
  const lines = [
    transition === 'resolved'
      ? `${plural(incident.totalFailures, 'failure')} in total, the first at ${formatUtc(incident.openedAt, at)}`
      : `${plural(recent, 'failure')} in the last ${formatDuration(windowMs)}, ${since}`,
  ];
  const byCategory = Object.entries(incident.countsByCategory).filter(([, count]) => (count ?? 0) > 0);
  if (byCategory.length > 1) {
    byCategory.sort(([, a], [, b]) => (b ?? 0) - (a ?? 0));
    const parts = byCategory.map(
      ([category, count]) => `${CATEGORY_LABELS[category as Incident['category']]} ×${count}`,
    );
    lines.push(`By cause: ${parts.join(', ')}`);
  }
  return lines;
}

function transitionLine(incident: Incident, transition: Transition, input: BuildAlertInput, at: string): string[] {
  const policy = input.policy ?? DEFAULT_INCIDENT_POLICY;
  const openFor = msBetween(incident.openedAt, at);
  switch (transition) {
    case 'escalated':
      return incident.group === 'task-failure'
        ? [
            `Escalated to crash loop: ≥ ${policy.escalationThreshold} failures in ${formatDuration(policy.escalationWindowMs)}`,
          ]
        : [`Escalated to ${incident.severity}`];
    case 'repeated':
      return openFor === undefined
        ? []
        : [`Open for ${formatDuration(openFor)}, last failure at ${formatUtc(incident.lastEventAt, at)}`];
    case 'resolved':
      return openFor === undefined
        ? []
        : [`Resolved after ${formatDuration(openFor)}; no new failure since ${formatUtc(incident.lastEventAt, at)}`];
    default:
      return [];
  }
}

/** Builds the channel-neutral alert for one incident transition. Pure: time comes from the incident. */
export function buildAlert(input: BuildAlertInput): Alert {
  const { incident, transition } = input;
  const at = transition === 'resolved' ? (incident.resolvedAt ?? incident.lastAlertAt) : incident.lastAlertAt;
  const windowMs = (input.policy ?? DEFAULT_INCIDENT_POLICY).escalationWindowMs;
  const cause = describeCause(incident);
  const absorbed =
    incident.absorbed > 0
      ? [`Task failures of this deployment counted here instead of alerting on their own: ${incident.absorbed}`]
      : [];
  const details = [
    ...transitionLine(incident, transition, input, at),
    ...countLines(incident, transition, windowMs, at),
    ...absorbed,
    ...incident.notes,
    ...(input.notes ?? []),
  ];
  const alert: Alert = {
    id: `${incident.key}#${transition}#${incident.lastAlertAt}`,
    transition,
    severity: incident.severity,
    category: incident.category,
    incident,
    title: title(incident, transition),
    cause: transition === 'resolved' ? `Last cause: ${cause}` : cause,
    details,
    links: buildLinks(incident, input.logsUrl),
  };
  if (input.logLines && input.logLines.length > 0) alert.logLines = input.logLines;
  return alert;
}
