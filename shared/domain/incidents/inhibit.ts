import type { DecideInput } from './decide.js';
import { alreadyCounted, INCIDENT_LIMITS, pushBounded, withFields } from './incident-state.js';
import { serviceTarget } from './keys.js';
import { noChange, type Step } from './step.js';
import { laterOf, toMs } from './time.js';
import type { DeploymentRecord, Incident } from './types.js';

// Exit codes of a container killed while being replaced: SIGKILL after the stop timeout, or SIGTERM.
const REPLACEMENT_EXIT_CODES: ReadonlySet<number | undefined> = new Set([137, 143, undefined]);

/**
 * True when a failure at `now` belongs to the failed deployment's episode: its incident is open and the
 * deployment failed (or began rolling back) at most resolveAfter ago. Later failures page as usual: a failed
 * deployment without rollback keeps its tasks, and their crashes an hour later are news.
 */
function inEpisode(input: DecideInput, incident: Incident | undefined, record: DeploymentRecord): boolean {
  if (incident?.status !== 'open') return false;
  const sinceTrouble = toMs(input.now) - toMs(record.since);
  return !(sinceTrouble > input.policy.resolveAfterMs);
}

/** True for a late event of the closed episode: its task was counted, or it happened before the incident closed. */
function lateNewsOf(incident: Incident | undefined, input: DecideInput): boolean {
  if (!incident) return false;
  if (alreadyCounted(incident, input.verdict.facts)) return true;
  return incident.status === 'resolved' && toMs(input.now) <= toMs(incident.resolvedAt);
}

/**
 * True for a failure of the failed deployment's closed episode delivered after it ended: the deployment
 * incident was resolved by an event (the rollback completed) after the failure happened, and the failure
 * happened at most an escalation window before the deployment failed (the failures that failed it). ECS
 * events of different functions arrive out of order: such a failure is old news, not a new incident.
 */
export function lateOfClosedEpisode(input: DecideInput, incident: Incident | undefined): boolean {
  if (incident?.status !== 'resolved' || incident.resolvedBy !== 'event' || !incident.resolvedAt) return false;
  const at = toMs(input.now);
  return at <= toMs(incident.resolvedAt) && at >= toMs(incident.openedAt) - input.policy.escalationWindowMs;
}

/**
 * A service-health signal (tasks failing to start, placement, discovery) of a failed deployment's episode:
 * counted into the open deployment incident while the deployment is failed or rolling back, or inhibited as
 * late news once the episode ended. Undefined when it should open or join its own incident.
 */
export function episodeOfServiceSignal(input: DecideInput): Step | undefined {
  const { deployment: record, now } = input;
  const incident = input.incidents[serviceTarget(input.verdict.facts, 'deployment')?.key ?? ''];
  if (lateOfClosedEpisode(input, incident)) {
    return noChange(
      'inhibited',
      "service signal of a failed deployment's episode, delivered after it ended",
      incident?.key,
    );
  }
  const troubled = record?.state === 'failed' || record?.state === 'rollback';
  if (!incident || !record || incident.status !== 'open' || !troubled) return undefined;
  if (!inEpisode(input, incident, record)) return undefined;
  const absorbed = withFields(incident, {
    absorbed: incident.absorbed + 1,
    lastEventAt: laterOf(incident.lastEventAt, now),
  });
  const detail = `${input.verdict.category} during failed deployment ${record.deploymentId}; counted into the deployment incident`;
  return { decision: { reason: 'inhibited', detail, incidentKey: incident.key }, changed: [absorbed] };
}

/**
 * Deployment-aware inhibition of a service task failure:
 * - a task of a failed (or rolling-back) deployment failing within its episode is counted into the
 *   deployment incident, not alerted (a late event of the episode is inhibited without counting);
 * - an old task killed while a deployment replaces it is normal churn.
 * Undefined when the failure should be handled as a failure.
 */
export function deploymentInhibition(input: DecideInput): Step | undefined {
  const { verdict, deployment: record, now } = input;
  const facts = verdict.facts;
  if (!facts.service || !record) return undefined;
  const deploymentKey = serviceTarget(facts, 'deployment')?.key ?? '';
  const incident = input.incidents[deploymentKey];
  const open = incident?.status === 'open';
  const troubled = record.state === 'failed' || record.state === 'rollback';
  const ofFailedDeployment = record.state === 'failed' && facts.startedBy === record.deploymentId;
  if (lateOfClosedEpisode(input, incident)) {
    return noChange(
      'inhibited',
      "task failure of a failed deployment's episode, delivered after it ended",
      incident?.key,
    );
  }
  if (ofFailedDeployment || (open && troubled)) {
    const detail =
      record.state === 'rollback'
        ? `task failure while ${facts.service} rolls back (deployment ${record.deploymentId})`
        : `task failure of failed deployment ${record.deploymentId}`;
    if (lateNewsOf(incident, input))
      return noChange('inhibited', `${detail}; already part of its incident`, incident?.key);
    if (!incident || !inEpisode(input, incident, record)) return undefined;
    const absorbed = withFields(incident, {
      absorbed: incident.absorbed + 1,
      lastEventAt: laterOf(incident.lastEventAt, now),
    });
    if (facts.taskArn)
      absorbed.countedTasks = pushBounded(incident.countedTasks, facts.taskArn, INCIDENT_LIMITS.countedTasks);
    return {
      decision: {
        reason: 'inhibited',
        detail: `${detail}; counted into the deployment incident`,
        incidentKey: incident.key,
      },
      changed: [absorbed],
    };
  }
  const oldTask = facts.startedBy !== undefined && facts.startedBy !== record.deploymentId;
  if (
    record.state === 'in-progress' &&
    toMs(now) >= toMs(record.since) &&
    oldTask &&
    verdict.category === 'app-exit' &&
    REPLACEMENT_EXIT_CODES.has(facts.exitCode)
  ) {
    return noChange('inhibited', `old task stopped during deployment ${record.deploymentId}`);
  }
  return undefined;
}
