import type { DeploymentEvent, EventMeta, ServiceActionEvent } from '../events/types.js';
import { clusterName, serviceName } from './arn-names.js';
import type { VerdictDraft } from './draft.js';
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

/**
 * The facts every event about a service starts with (envelope, cluster, service), in compactFacts' key order
 * with no undefined keys (see taskFacts); the caller adds its own after them.
 */
export function serviceSubjectFacts(event: {
  meta: EventMeta;
  serviceArn: string;
  clusterArn?: string | undefined;
}): Facts {
  const { meta, serviceArn, clusterArn } = event;
  const facts: Facts = { account: meta.account, region: meta.region, time: meta.time, resourceArn: serviceArn };
  if (clusterArn !== undefined) {
    facts.cluster = clusterName(clusterArn);
    facts.clusterArn = clusterArn;
  }
  facts.service = serviceName(serviceArn);
  facts.serviceArn = serviceArn;
  return facts;
}

/** Facts of a service event. */
function serviceFacts(event: DeploymentEvent | ServiceActionEvent): Facts {
  const facts = serviceSubjectFacts(event);
  if (event.deploymentId !== undefined) facts.deploymentId = event.deploymentId;
  facts.eventName = event.eventName;
  if (event.reason !== undefined) facts.reason = event.reason;
  return facts;
}

/** The deployment names; since 2025 ECS sends them as `ECS Service Action` too, so both detail-types read them. */
function deploymentCategory(eventName: string, reason: string | undefined): Category | undefined {
  switch (eventName) {
    case 'SERVICE_DEPLOYMENT_IN_PROGRESS':
      // The same event name starts rollbacks; only the reason tells them apart.
      return ROLLBACK.test(reason?.slice(0, 512) ?? '') ? 'deployment-rollback' : 'deployment-started';
    case 'SERVICE_DEPLOYMENT_COMPLETED':
      return 'deployment-completed';
    case 'SERVICE_DEPLOYMENT_FAILED':
      return 'deployment-failed';
    default:
      return undefined;
  }
}

/**
 * Category of an event name we don't know, from its eventType: ECS adds names over time, and an ERROR or a
 * warning it adds tomorrow must not go unseen. `WARNING` is how the daemon events spell `WARN`.
 */
export function categoryByEventType(eventType: string | undefined): Category {
  switch (eventType?.toUpperCase()) {
    case 'ERROR':
      return 'service-error';
    case 'WARN':
    case 'WARNING':
      return 'service-warning';
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
  const category = deploymentCategory(event.eventName, event.reason) ?? categoryByEventType(event.eventType);
  const facts = serviceFacts(event);
  return { category, remediation: 'none', facts };
}

/** `reported "NAME" (ERROR, reason)`: an unknown name is quoted, with the eventType it was judged by. */
function reportedUnknown(event: DeploymentEvent | ServiceActionEvent): string {
  return `reported "${nameText(event.eventName)}"${inParentheses(event.eventType, event.reason)}`;
}

/** The summary sentence of a deployment verdict (either detail-type). */
export function deploymentSummary(
  event: DeploymentEvent | ServiceActionEvent,
  category: Category,
  facts: Facts,
): string {
  const deployment = event.deploymentId ? `Deployment ${nameText(event.deploymentId)}` : 'A deployment';
  const service = nameText(facts.service ?? '');
  const verb = DEPLOYMENT_VERBS[category];
  const what = verb ? `${verb}${inParentheses(event.reason)}` : reportedUnknown(event);
  return `${deployment} of service ${service}${inCluster(facts.cluster)} ${what}.`;
}

/** Service-action names that stay informational whatever their eventType (throttling: ECS retries it). */
const KNOWN_INFO = new Set([
  'SERVICE_DESIRED_COUNT_UPDATED',
  'TASKS_STOPPED',
  'ECS_OPERATION_THROTTLED',
  'SERVICE_DISCOVERY_OPERATION_THROTTLED',
]);

/** Category of a known service-action name; undefined for a name we don't know. */
function knownServiceActionCategory(event: ServiceActionEvent): Category | undefined {
  const { eventName } = event;
  if (STEADY.has(eventName)) return 'service-steady';
  if (PLACEMENT.has(eventName)) return 'placement-failure';
  if (eventName === 'SERVICE_TASK_START_IMPAIRED') return 'start-impaired';
  if (eventName === 'SERVICE_HEALTH_UNKNOWN') return 'service-health-unknown';
  if (DISCOVERY.has(eventName)) return 'discovery-unhealthy';
  if (KNOWN_INFO.has(eventName)) return 'service-info';
  return deploymentCategory(eventName, event.reason);
}

const SERVICE_ACTION_PHRASES: Partial<Record<Category, string>> = {
  'service-steady': 'reached a steady state',
  'placement-failure': 'could not place a task',
  'start-impaired': 'is unable to consistently start tasks',
  'discovery-unhealthy': 'has an unhealthy task in service discovery',
  'service-health-unknown': 'cannot read the health of its tasks',
};

/**
 * Classifies an `ECS Service Action` event: known names on eventName (a hand-made event sends INFO for a
 * placement failure), unknown ones on eventType.
 */
export function classifyServiceAction(event: ServiceActionEvent): VerdictDraft {
  const category = knownServiceActionCategory(event) ?? categoryByEventType(event.eventType);
  const facts = serviceFacts(event);
  return { category, remediation: 'none', facts };
}

/** The summary sentence of a service-action verdict. */
export function serviceActionSummary(event: ServiceActionEvent, category: Category, facts: Facts): string {
  if (DEPLOYMENT_VERBS[category]) return deploymentSummary(event, category, facts);
  const phrase = SERVICE_ACTION_PHRASES[category];
  let what = `reported ${event.eventName}${inParentheses(event.reason)}`;
  if (phrase) what = `${phrase}${inParentheses(event.eventName, event.reason)}`;
  else if (!KNOWN_INFO.has(event.eventName)) what = reportedUnknown(event);
  return `Service ${facts.service}${inCluster(facts.cluster)} ${what}.`;
}
