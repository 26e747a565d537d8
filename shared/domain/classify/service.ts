import type { DeploymentEvent, ServiceActionEvent } from '../events/types.js';
import { clusterName, serviceName } from './arn-names.js';
import type { VerdictDraft } from './draft.js';
import { compactFacts } from './draft.js';
import { inCluster, inParentheses, nameText } from './summary-text.js';
import type { Category, Facts } from './types.js';

const STEADY = new Set(['SERVICE_STEADY_STATE', 'TASKSET_STEADY_STATE', 'CAPACITY_PROVIDER_STEADY_STATE']);
const PLACEMENT = new Set([
  'SERVICE_TASK_PLACEMENT_FAILURE',
  'SERVICE_TASK_CONFIGURATION_FAILURE',
  'SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED',
]);
const DISCOVERY = new Set(['SERVICE_DISCOVERY_INSTANCE_UNHEALTHY', 'VPC_LATTICE_TARGET_UNHEALTHY']);
const ROLLBACK = /roll(ing|ed)? ?back|circuit breaker/i;

function serviceFacts(event: DeploymentEvent | ServiceActionEvent): Facts {
  return compactFacts({
    account: event.meta.account,
    region: event.meta.region,
    time: event.meta.time,
    resourceArn: event.serviceArn,
    cluster: event.clusterArn === undefined ? undefined : clusterName(event.clusterArn),
    clusterArn: event.clusterArn,
    service: serviceName(event.serviceArn),
    serviceArn: event.serviceArn,
    deploymentId: event.kind === 'deployment' ? event.deploymentId : undefined,
    eventName: event.eventName,
    reason: event.reason,
  });
}

function deploymentCategory(event: DeploymentEvent): Category {
  switch (event.eventName) {
    case 'SERVICE_DEPLOYMENT_IN_PROGRESS':
      // The same event name starts rollbacks; only the reason tells them apart.
      return ROLLBACK.test(event.reason?.slice(0, 512) ?? '') ? 'deployment-rollback' : 'deployment-started';
    case 'SERVICE_DEPLOYMENT_COMPLETED':
      return 'deployment-completed';
    case 'SERVICE_DEPLOYMENT_FAILED':
      return 'deployment-failed';
    default:
      return 'service-info';
  }
}

const DEPLOYMENT_VERBS: Partial<Record<Category, string>> = {
  'deployment-started': 'started',
  'deployment-rollback': 'is rolling back',
  'deployment-completed': 'completed',
  'deployment-failed': 'failed',
};

/** Classifies an `ECS Deployment State Change` event on its eventName (and reason, for rollbacks). */
export function classifyDeployment(event: DeploymentEvent): VerdictDraft {
  const category = deploymentCategory(event);
  const facts = serviceFacts(event);
  return { category, remediation: 'none', facts };
}

/** The summary sentence of a deployment verdict. */
export function deploymentSummary(event: DeploymentEvent, category: Category, facts: Facts): string {
  const deployment = event.deploymentId ? `Deployment ${nameText(event.deploymentId)}` : 'A deployment';
  const verb = DEPLOYMENT_VERBS[category] ?? `reported ${nameText(event.eventName)}`;
  const service = nameText(facts.service ?? '');
  return `${deployment} of service ${service}${inCluster(facts.cluster)} ${verb}${inParentheses(event.reason)}.`;
}

/** Category of a service action; classified on eventName because eventType is not reliable. */
function serviceActionCategory(eventName: string): Category {
  if (STEADY.has(eventName)) return 'service-steady';
  if (PLACEMENT.has(eventName)) return 'placement-failure';
  if (eventName === 'SERVICE_TASK_START_IMPAIRED') return 'start-impaired';
  if (DISCOVERY.has(eventName)) return 'discovery-unhealthy';
  return 'service-info';
}

const SERVICE_ACTION_PHRASES: Partial<Record<Category, string>> = {
  'service-steady': 'reached a steady state',
  'placement-failure': 'could not place a task',
  'start-impaired': 'is unable to consistently start tasks',
  'discovery-unhealthy': 'has an unhealthy task in service discovery',
};

/** Classifies an `ECS Service Action` event. */
export function classifyServiceAction(event: ServiceActionEvent): VerdictDraft {
  const category = serviceActionCategory(event.eventName);
  const facts = serviceFacts(event);
  return { category, remediation: 'none', facts };
}

/** The summary sentence of a service-action verdict. */
export function serviceActionSummary(event: ServiceActionEvent, category: Category, facts: Facts): string {
  const phrase = SERVICE_ACTION_PHRASES[category];
  const what = phrase
    ? `${phrase}${inParentheses(event.eventName, event.reason)}`
    : `reported ${event.eventName}${inParentheses(event.reason)}`;
  return `Service ${facts.service}${inCluster(facts.cluster)} ${what}.`;
}
