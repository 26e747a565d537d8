import { resourceIdFromArn } from '../arn.js';
import type { DaemonActionEvent, DaemonDeploymentEvent } from '../events/extra-types.js';
import { clusterName, serviceName } from './arn-names.js';
import type { VerdictDraft } from './draft.js';
import { categoryByEventType } from './service.js';
import { inCluster, inParentheses, nameText } from './summary-text.js';
import type { Category, Facts } from './types.js';

/**
 * Daemon deployment names (ECS developer guide, managed-daemons-events). Failed rollouts arrive as INFO
 * (stop requested, rolling back, rolled back), so the name decides, never the eventType; STOPPED means
 * "failed or replaced by a newer deployment", which the event alone cannot tell apart.
 */
const DEPLOYMENT_CATEGORIES: Partial<Record<string, Category>> = {
  DAEMON_DEPLOYMENT_ROLLBACK_FAILED: 'daemon-rollout-failed',
  DAEMON_DEPLOYMENT_STOP_REQUESTED: 'daemon-rollback',
  DAEMON_DEPLOYMENT_ROLLBACK_IN_PROGRESS: 'daemon-rollback',
  DAEMON_DEPLOYMENT_ROLLBACK_SUCCESSFUL: 'daemon-rollback',
  DAEMON_DEPLOYMENT_SUCCESSFUL: 'daemon-deployed',
  DAEMON_DEPLOYMENT_PENDING: 'daemon-deployment',
  DAEMON_DEPLOYMENT_IN_PROGRESS: 'daemon-deployment',
  DAEMON_DEPLOYMENT_STOPPED: 'daemon-deployment',
};

const DEPLOYMENT_PHRASES: Partial<Record<string, string>> = {
  DAEMON_DEPLOYMENT_ROLLBACK_FAILED: 'could not roll back a failed rollout; instances may run mixed revisions',
  DAEMON_DEPLOYMENT_STOP_REQUESTED: 'is stopping a rollout, to roll it back',
  DAEMON_DEPLOYMENT_ROLLBACK_IN_PROGRESS: 'is rolling back a rollout',
  DAEMON_DEPLOYMENT_ROLLBACK_SUCCESSFUL: 'rolled back a rollout',
  DAEMON_DEPLOYMENT_SUCCESSFUL: 'completed a rollout: every daemon task is running and healthy',
  DAEMON_DEPLOYMENT_PENDING: 'has a rollout pending',
  DAEMON_DEPLOYMENT_IN_PROGRESS: 'is rolling out',
  DAEMON_DEPLOYMENT_STOPPED: 'stopped a rollout (failed, or replaced by a newer one)',
};

/** Facts of a daemon event, in compactFacts' key order with no undefined keys (see taskFacts). */
function daemonFacts(event: DaemonActionEvent | DaemonDeploymentEvent): Facts {
  const { meta, daemonArn, clusterArn } = event;
  const facts: Facts = { account: meta.account, region: meta.region, time: meta.time, resourceArn: daemonArn };
  if (clusterArn !== undefined) {
    facts.cluster = clusterName(clusterArn);
    facts.clusterArn = clusterArn;
  }
  if (event.kind === 'daemon-action') {
    if (event.taskArn !== undefined) facts.taskArn = event.taskArn;
    if (event.capacityProviderName !== undefined) facts.capacityProvider = event.capacityProviderName;
    if (event.containerInstanceArn !== undefined) facts.containerInstanceArn = event.containerInstanceArn;
  } else if (event.daemonDeploymentArn !== undefined) {
    facts.deploymentArn = event.daemonDeploymentArn;
  }
  facts.daemon = serviceName(daemonArn);
  facts.daemonArn = daemonArn;
  facts.eventName = event.eventName;
  if (event.kind === 'daemon-action' && event.reason !== undefined) facts.reason = event.reason;
  return facts;
}

/** Classifies an `ECS Daemon Deployment State Change` event on its eventName. */
export function classifyDaemonDeployment(event: DaemonDeploymentEvent): VerdictDraft {
  const category = DEPLOYMENT_CATEGORIES[event.eventName] ?? categoryByEventType(event.eventType);
  return { category, remediation: 'none', facts: daemonFacts(event) };
}

/** Classifies an `ECS Daemon Service Action` event: a daemon task that could not start on an instance. */
export function classifyDaemonAction(event: DaemonActionEvent): VerdictDraft {
  const known = event.eventName === 'DAEMON_TASK_START_IMPAIRED';
  const category = known ? 'daemon-start-impaired' : categoryByEventType(event.eventType);
  return { category, remediation: 'none', facts: daemonFacts(event) };
}

function subject(facts: Facts): string {
  return `Daemon ${nameText(facts.daemon ?? '')}${inCluster(facts.cluster)}`;
}

/** The summary sentence of a daemon deployment verdict. */
export function daemonDeploymentSummary(event: DaemonDeploymentEvent, facts: Facts): string {
  const phrase = DEPLOYMENT_PHRASES[event.eventName];
  if (phrase) return `${subject(facts)} ${phrase}${inParentheses(event.eventName)}.`;
  return `${subject(facts)} reported "${nameText(event.eventName)}"${inParentheses(event.eventType)}.`;
}

/** The summary sentence of a daemon service-action verdict. */
export function daemonActionSummary(event: DaemonActionEvent, category: Category, facts: Facts): string {
  if (category !== 'daemon-start-impaired') {
    return `${subject(facts)} reported "${nameText(event.eventName)}"${inParentheses(event.eventType, event.reason)}.`;
  }
  const instance = event.containerInstanceArn
    ? ` on container instance ${nameText(resourceIdFromArn(event.containerInstanceArn))}`
    : '';
  return `${subject(facts)} could not start a task${instance}${inParentheses(event.failureType, event.reason)}.`;
}
