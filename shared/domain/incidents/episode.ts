import { SEVERITY_RANK } from '../classify/types.js';
import type { DecideInput } from './decide.js';
import { decideFailure, type FailureRules } from './failure.js';
import { countFailure, maxSeverity, subjectLabel, withAlert, withFields } from './incident-state.js';
import { episodeTargets, type IncidentTarget, serviceTarget } from './keys.js';
import type { Step } from './step.js';
import { toMs } from './time.js';
import type { Incident } from './types.js';

/**
 * The open incident of the service's episode, whatever group opened it: a deployment's failures, the
 * service's task failures and its start/placement warnings are one problem, told by one incident.
 */
export function openServiceIncident(input: DecideInput): Incident | undefined {
  for (const target of episodeTargets(input.verdict.facts)) {
    const incident = input.incidents[target.key];
    if (incident?.status === 'open' && !episodeOver(input, incident)) return incident;
  }
  return undefined;
}

/**
 * True when the incident told a deployment's failure longer than resolveAfter ago: a failure now is news of its
 * own (a failed deployment without rollback keeps its tasks, and their crash an hour later is a new problem).
 */
function episodeOver(input: DecideInput, incident: Incident): boolean {
  const record = input.deployment;
  if ((record?.state !== 'failed' && record?.state !== 'rollback') || !troubleTold(incident)) return false;
  return toMs(input.now) - toMs(record.since) > input.policy.resolveAfterMs;
}

/** The target an existing incident lives at. */
export function targetOf(incident: Incident): IncidentTarget {
  const { key, group, subject, account, region, cluster } = incident;
  return { key, group, subject, account, region, cluster };
}

/**
 * The in-progress deployment a failure belongs to: the failing task was started by it (or the signal names no
 * task, e.g. tasks failing to start), and it happened after the deployment began. Undefined otherwise.
 */
function deploymentInProgress(input: DecideInput): string | undefined {
  const record = input.deployment;
  if (record?.state !== 'in-progress' || toMs(input.now) < toMs(record.since)) return undefined;
  const { startedBy } = input.verdict.facts;
  return startedBy === undefined || startedBy === record.deploymentId ? record.deploymentId : undefined;
}

/**
 * A service failure (task failure, start impaired, placement) joins the open incident of its service's episode;
 * with none open, a failure of an in-progress deployment opens that deployment's incident and any other opens
 * `own`. Inside a deployment a crash loop raises the severity without a message of its own: the deployment's
 * next news (rolled back, failed, completed) is what the channel hears. Families are not services: `own` as is.
 */
export function joinServiceEpisode(input: DecideInput, own: IncidentTarget, rules: FailureRules): Step {
  if (!input.verdict.facts.service) return decideFailure(input, own, rules);
  const open = openServiceIncident(input);
  const deploymentId = deploymentInProgress(input);
  const deploymentTarget = serviceTarget(input.verdict.facts, 'deployment');
  const host = open ? targetOf(open) : deploymentId && deploymentTarget ? deploymentTarget : own;
  const deploying = deploymentId !== undefined || open?.deploymentId !== undefined || host.group === 'deployment';
  const step = decideFailure(input, host, deploying ? { ...rules, crashLoop: false } : rules);
  if (!deploying) return step;
  const changed = step.changed?.map((incident) =>
    incident.key === host.key ? inDeployment(incident, deploymentId, input) : incident,
  );
  return changed ? { ...step, changed } : step;
}

function inDeployment(incident: Incident, deploymentId: string | undefined, input: DecideInput): Incident {
  const next = incident.deploymentId || !deploymentId ? incident : withFields(incident, { deploymentId });
  const looping = next.recentFailures.length >= input.policy.escalationThreshold;
  // No escalatedAt: the deployment's failures keep being counted (and written) for its count of failed tasks.
  return looping && next.severity !== 'critical' ? withFields(next, { severity: 'critical' }) : next;
}

/** True once the incident has told its deployment's rollback or failure. */
function troubleTold(incident: Incident): boolean {
  const counts = incident.countsByCategory;
  // A failed lifecycle hook is the cause of the rollback: the deployment's failure after it is the same story.
  return (counts['deployment-rollback'] ?? 0) + (counts['deployment-failed'] ?? 0) + (counts['hook-failed'] ?? 0) > 0;
}

/**
 * A deployment rolling back or failed, told by the open incident of its service's episode: the first such news
 * escalates it (the story's second message), later news (the failure after the rollback) only counts.
 */
export function deploymentTroubleInto(input: DecideInput, incident: Incident): Step {
  const { verdict, now, policy } = input;
  const told = troubleTold(incident);
  const counted = countFailure(incident, verdict.facts, verdict.category, now, policy);
  const deploymentId = incident.deploymentId ?? input.deployment?.deploymentId ?? verdict.facts.deploymentId;
  const severity = maxSeverity(incident.severity, verdict.severity);
  const next = withFields(counted, deploymentId ? { severity, deploymentId } : { severity });
  const what = verdict.category === 'deployment-failed' ? 'failed' : 'is rolling back';
  if (told) {
    const rose = SEVERITY_RANK[severity] > SEVERITY_RANK[incident.severity] ? ` (now ${severity})` : '';
    const detail = `the deployment of ${subjectLabel(incident)} ${what}; already told by its incident${rose}`;
    return { decision: { reason: 'deduplicated', detail, incidentKey: incident.key }, changed: [next] };
  }
  const detail = `the deployment of ${subjectLabel(incident)} ${what}: its incident escalated (${severity})`;
  return {
    decision: { reason: 'escalated', detail, incidentKey: incident.key, transition: 'escalated' },
    changed: [withAlert(next, 'escalated', now)],
    alerts: [{ incidentKey: incident.key, transition: 'escalated' }],
  };
}
