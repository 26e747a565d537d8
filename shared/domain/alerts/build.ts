import { resourceIdFromArn } from '../arn.js';
import { formatDuration } from '../duration.js';
import type { Incident, IncidentPolicy, Transition } from '../incidents/types.js';
import { DEFAULT_INCIDENT_POLICY } from '../incidents/types.js';
import { describeCause } from './cause.js';
import { failedTasks, headline, isDeploymentIncident } from './headline.js';
import { CATEGORY_LABELS } from './labels.js';
import { buildLinks } from './links.js';
import type { AlertRoute } from './routing.js';
import { formatUtc, msBetween, oneLine, plural } from './text.js';
import type { Alert, AlertLinks } from './types.js';

/** What an alert is built from: the incident after the transition, plus optional enrichment. */
export interface BuildAlertInput {
  incident: Incident;
  transition: Transition;
  /** Extra lines from the pipeline (remediation outcome, inhibition), shown after the incident's notes. */
  notes?: string[];
  logLines?: string[];
  logsUrl?: string;
  /** Where the alert goes (team, Slack channel), when routed. */
  route?: AlertRoute;
  /** Escalation settings, quoted in the escalation line; defaults to DEFAULT_INCIDENT_POLICY. */
  policy?: Pick<IncidentPolicy, 'escalationThreshold' | 'escalationWindowMs'>;
}

function title(incident: Incident, transition: Transition): string {
  const text = headline(incident, transition);
  if (transition === 'resolved') return `Resolved: ${text}`;
  return transition === 'repeated' ? `Still failing: ${text}` : text;
}

function categoryBreakdown(incident: Incident): string[] {
  const byCategory = Object.entries(incident.countsByCategory).filter(([, count]) => (count ?? 0) > 0);
  if (byCategory.length <= 1) return [];
  byCategory.sort(([, a], [, b]) => (b ?? 0) - (a ?? 0));
  const parts = byCategory.map(([category, count]) => `${CATEGORY_LABELS[category as Incident['category']]} ×${count}`);
  return [`By cause: ${parts.join(', ')}`];
}

// Counts say what the incident counts: a deployment's failed tasks, a lost host's stopped tasks, a service's failures.
function countLines(incident: Incident, transition: Transition, windowMs: number, at: string): string[] {
  if (incident.group === 'instance-lost') {
    const tasks = incident.countsByCategory['instance-loss'] ?? 0;
    return tasks > 0 ? [`${plural(tasks, 'task')} stopped with the host`] : [];
  }
  if (isDeploymentIncident(incident)) {
    const tasks = failedTasks(incident);
    const since = formatUtc(incident.openedAt, at);
    return tasks > 0
      ? [
          `${plural(tasks, 'task')} failed since the deployment's first failure at ${since}`,
          ...categoryBreakdown(incident),
        ]
      : [];
  }
  if (incident.totalFailures === 0) return [];
  const windowStart = new Date(at).getTime() - windowMs;
  const recent = incident.recentFailures.filter((time) => new Date(time).getTime() > windowStart).length;
  const first = formatUtc(incident.openedAt, at);
  const line =
    transition === 'resolved'
      ? `${plural(incident.totalFailures, 'failure')} in total, the first at ${first}`
      : `${plural(recent, 'failure')} in the last ${formatDuration(windowMs)}, ${incident.totalFailures} since ${first}`;
  return [line, ...categoryBreakdown(incident)];
}

function escalationLine(incident: Incident, input: BuildAlertInput): string {
  const policy = input.policy ?? DEFAULT_INCIDENT_POLICY;
  if (isDeploymentIncident(incident)) {
    const counts = incident.countsByCategory;
    if ((counts['deployment-rollback'] ?? 0) > 0) return 'ECS is rolling the deployment back';
    if ((counts['deployment-failed'] ?? 0) > 0) return `The deployment failed (${incident.severity})`;
  }
  if (incident.escalatedAt !== undefined && !isDeploymentIncident(incident)) {
    return `Escalated to crash loop: ≥ ${policy.escalationThreshold} failures in ${formatDuration(policy.escalationWindowMs)}`;
  }
  return `Escalated to ${incident.severity}`;
}

function transitionLine(incident: Incident, transition: Transition, input: BuildAlertInput, at: string): string[] {
  const openFor = msBetween(incident.openedAt, at);
  switch (transition) {
    case 'escalated':
      return [escalationLine(incident, input)];
    case 'repeated':
      return openFor === undefined
        ? []
        : [`Open for ${formatDuration(openFor)}, last failure at ${formatUtc(incident.lastEventAt, at)}`];
    case 'resolved': {
      if (openFor === undefined) return [];
      const after = `after ${formatDuration(openFor)}`;
      return incident.resolution
        ? [
            `Resolved by ${oneLine(incident.resolution)} ${after}; last failure at ${formatUtc(incident.lastEventAt, at)}`,
          ]
        : [`Resolved ${after}; no new failure since ${formatUtc(incident.lastEventAt, at)}`];
    }
    default:
      return [];
  }
}

/** What ran: task definition family:revision and the container's image (repository:tag, registry host dropped). */
function runningLine(incident: Incident): string[] {
  const facts = incident.lastFacts;
  if (!facts.taskArn && !facts.taskDefinitionArn) return [];
  const revision = facts.taskDefinitionArn ? resourceIdFromArn(facts.taskDefinitionArn) : undefined;
  const image = facts.image ? facts.image.split('/').pop() : undefined;
  const parts = [revision && `task definition ${revision}`, image && `image ${image}`].filter(Boolean);
  return parts.length > 0 ? [`Running ${parts.join(', ')}`] : [];
}

// Lines that describe the open problem or a remediation that did not happen: not true any more once resolved.
const OPEN_ONLY_NOTES = /^(Agent disconnected since|Dry run: would|Not replaced:|No instance action:)/;

function notesFor(incident: Incident, transition: Transition): string[] {
  if (transition !== 'resolved') return incident.notes;
  const kept = incident.notes.filter((note) => !OPEN_ONLY_NOTES.test(note));
  const drained = incident.notes.some((note) => note.startsWith('Instance set to DRAINING'));
  if (drained && incident.resolution === 'agent reconnected') {
    kept.push('The instance stays DRAINING: set it back to ACTIVE before ECS places tasks on it again');
  }
  return kept;
}

const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;

/** Every ISO time in a line as `HH:MM UTC` (with the date when not the alert's day): one time format. */
function readableTimes(line: string, at: string): string {
  return line.replace(ISO_TIME, (iso) => formatUtc(iso, at));
}

// The cause and detail lines, as buildAlert's reader first sees them.
function alertText(input: BuildAlertInput): Pick<Alert, 'cause' | 'details'> {
  const { incident, transition } = input;
  const at = transition === 'resolved' ? (incident.resolvedAt ?? incident.lastAlertAt) : incident.lastAlertAt;
  const windowMs = (input.policy ?? DEFAULT_INCIDENT_POLICY).escalationWindowMs;
  const cause = describeCause(incident);
  const details = [
    ...transitionLine(incident, transition, input, at),
    ...countLines(incident, transition, windowMs, at),
    ...runningLine(incident),
    ...notesFor(incident, transition),
    ...(input.notes ?? []),
  ].map((line) => readableTimes(line, at));
  return { cause: readableTimes(transition === 'resolved' ? `Last cause: ${cause}` : cause, at), details };
}

/**
 * An alert whose cause, details and links are built when first read (then kept), each an own enumerable
 * accessor (JSON and spreads show them, in the order of the Alert type) from one descriptor shared by all
 * alerts: getters and closures per alert gave each its own hidden class, and a replay keeps every alert.
 */
class LazyAlert implements Alert {
  static readonly #lazy = {
    cause: {
      enumerable: true,
      configurable: true,
      get(this: LazyAlert): string {
        return this.#textOf().cause;
      },
      set(this: LazyAlert, cause: string) {
        this.#text = { ...this.#textOf(), cause };
      },
    },
    details: {
      enumerable: true,
      configurable: true,
      get(this: LazyAlert): string[] {
        return this.#textOf().details;
      },
      set(this: LazyAlert, details: string[]) {
        this.#text = { ...this.#textOf(), details };
      },
    },
    links: {
      enumerable: true,
      configurable: true,
      get(this: LazyAlert): AlertLinks {
        this.#links ??= buildLinks(this.incident, this.#input.logsUrl);
        return this.#links;
      },
      set(this: LazyAlert, links: AlertLinks) {
        this.#links = links;
      },
    },
  } satisfies Record<'cause' | 'details' | 'links', PropertyDescriptor>;
  readonly #input: BuildAlertInput;
  #text: Pick<Alert, 'cause' | 'details'> | undefined;
  #links: AlertLinks | undefined;
  id: string;
  transition: Transition;
  severity: Alert['severity'];
  category: Alert['category'];
  incident: Incident;
  title: string;
  declare cause: string;
  declare details: string[];
  declare links: AlertLinks;
  declare logLines?: string[];
  declare route?: AlertRoute;

  constructor(input: BuildAlertInput) {
    const { incident, transition } = input;
    this.#input = input;
    this.id = `${incident.key}#${transition}#${incident.lastAlertAt}`;
    this.transition = transition;
    this.severity = incident.severity;
    this.category = incident.category;
    this.incident = incident;
    this.title = title(incident, transition);
    Object.defineProperty(this, 'cause', LazyAlert.#lazy.cause);
    Object.defineProperty(this, 'details', LazyAlert.#lazy.details);
    Object.defineProperty(this, 'links', LazyAlert.#lazy.links);
  }

  #textOf(): Pick<Alert, 'cause' | 'details'> {
    this.#text ??= alertText(this.#input);
    return this.#text;
  }
}

/**
 * Builds the channel-neutral alert for one incident transition. Pure: time comes from the incident. The
 * cause, detail lines and links are built when first read (then kept): a replay captures many alerts whose
 * text nobody renders, and building it was most of an alert's cost. The incident is never changed in place.
 */
export function buildAlert(input: BuildAlertInput): Alert {
  const alert = new LazyAlert(input);
  if (input.logLines && input.logLines.length > 0) alert.logLines = input.logLines;
  if (input.route) alert.route = input.route;
  return alert;
}
