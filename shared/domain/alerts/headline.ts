import { resourceIdFromArn } from '../arn.js';
import { ABNORMAL_STOP_CATEGORIES, type Category } from '../classify/types.js';
import type { Incident, Transition } from '../incidents/types.js';
import { CATEGORY_LABELS, instanceLabel } from './labels.js';
import { oneLine, plural } from './text.js';

// What a deployment's tasks failed of, in the words of a title ("failing: image pull (8 tasks)").
const DEPLOYMENT_CAUSES: Partial<Record<Category, string>> = {
  oom: 'out of memory',
  'app-exit': 'containers exiting',
  'image-pull': 'image pull',
  'start-failure': 'tasks failing to start',
  'health-check': 'health checks',
  'spot-interruption': 'Spot interruptions',
  'instance-loss': 'hosts lost',
  maintenance: 'maintenance',
  'placement-failure': 'placement',
  'start-impaired': 'tasks failing to start',
  'discovery-unhealthy': 'service discovery',
};

// Categories that are one task failing (counted as tasks in a deployment's title and count line).
const TASK_CATEGORIES: ReadonlySet<Category> = new Set<Category>(ABNORMAL_STOP_CATEGORIES);

// Worst first: the cause a service incident's title names when several were seen.
const CAUSE_RANK: readonly Category[] = [
  'image-pull',
  'start-failure',
  'oom',
  'start-impaired',
  'app-exit',
  'health-check',
  'placement-failure',
  'discovery-unhealthy',
  'instance-loss',
  'spot-interruption',
  'maintenance',
];

/** True for an incident that tells a deployment's story (its failures, rollback, failure). */
export function isDeploymentIncident(incident: Incident): boolean {
  return incident.group === 'deployment' || incident.deploymentId !== undefined;
}

/** Failed tasks an incident counted: its task failures plus those counted in without a cause (absorbed). */
export function failedTasks(incident: Incident): number {
  let tasks = incident.absorbed;
  for (const [category, count] of Object.entries(incident.countsByCategory)) {
    if (TASK_CATEGORIES.has(category as Category)) tasks += count ?? 0;
  }
  return tasks;
}

/** The worst failure cause the incident saw (by CAUSE_RANK), else its latest category. */
export function worstCause(incident: Incident): Category {
  const seen = CAUSE_RANK.find((category) => (incident.countsByCategory[category] ?? 0) > 0);
  return seen ?? incident.category;
}

function deploymentState(incident: Incident, transition: Transition): string {
  const counts = incident.countsByCategory;
  if (incident.category === 'hook-awaiting-action') {
    const { hookId, lifecycleStage } = incident.lastFacts;
    const stage = lifecycleStage ? ` at ${oneLine(lifecycleStage)}` : '';
    return `waiting on lifecycle hook ${oneLine(hookId ?? '')}${stage}`;
  }
  if ((counts['deployment-rollback'] ?? 0) > 0) return transition === 'resolved' ? 'rolled back' : 'rolling back';
  return (counts['deployment-failed'] ?? 0) > 0 ? 'failed' : 'failing';
}

function deploymentHeadline(incident: Incident, transition: Transition, where: string): string {
  const id = incident.deploymentId ?? incident.lastFacts.deploymentId;
  const which = id ? `Deployment ${oneLine(id)}` : 'Deployment';
  const seen = CAUSE_RANK.find((category) => (incident.countsByCategory[category] ?? 0) > 0);
  const tasks = failedTasks(incident);
  const cause = seen ? `: ${DEPLOYMENT_CAUSES[seen]}${tasks > 0 ? ` (${plural(tasks, 'task')})` : ''}` : '';
  return `${which} of ${oneLine(incident.subject.name)} in ${where} ${deploymentState(incident, transition)}${cause}`;
}

function subjectName(incident: Incident): string {
  const { kind, name } = incident.subject;
  if (kind === 'instance') return instanceLabel(incident) ?? oneLine(resourceIdFromArn(name));
  return `${kind === 'service' ? 'service' : 'task family'} ${oneLine(name)}`;
}

/**
 * What the incident is about, in one line: "Deployment ecs-svc/… of payments in prod failing: image pull
 * (8 tasks)", "Crash loop: service orders in prod", "Lost instance i-… in prod". A service's title follows the
 * worst cause it saw, whichever event came last.
 */
export function headline(incident: Incident, transition: Transition): string {
  const where = oneLine(incident.cluster || incident.lastFacts.cluster || 'unknown cluster');
  if (incident.group === 'instance-lost') return `Lost instance ${subjectName(incident)} in ${where}`;
  if (isDeploymentIncident(incident)) return deploymentHeadline(incident, transition, where);
  const crashLoop = incident.escalatedAt !== undefined && failedTasks(incident) > 0;
  const what = crashLoop ? 'Crash loop' : CATEGORY_LABELS[worstCause(incident)];
  return `${what}: ${subjectName(incident)} in ${where}`;
}
