import { resourceIdFromArn } from '../arn.js';
import type { ContainerState, TaskEvent } from '../events/types.js';
import { clusterName, familyName } from './arn-names.js';
import { compactFacts } from './draft.js';
import { inCluster, nameText, sentence } from './summary-text.js';
import type { Facts } from './types.js';

const SERVICE_GROUP_PREFIX = 'service:';
const SERVICE_STARTED_BY_PREFIX = 'ecs-svc/';

/** A task not started by a service: checks both `group` and `startedBy`, since `group` can be any string. */
export function isStandaloneTask(task: TaskEvent): boolean {
  return !task.group?.startsWith(SERVICE_GROUP_PREFIX) && !task.startedBy?.startsWith(SERVICE_STARTED_BY_PREFIX);
}

/** Service name from `group: service:<name>`. */
function serviceName(group: string | undefined): string | undefined {
  return group?.startsWith(SERVICE_GROUP_PREFIX) ? group.slice(SERVICE_GROUP_PREFIX.length) || undefined : undefined;
}

/** Facts of a task event; `container` is the one that explains the verdict, when there is one. */
export function taskFacts(task: TaskEvent, container?: ContainerState): Facts {
  return compactFacts({
    account: task.meta.account,
    region: task.meta.region,
    time: task.meta.time,
    resourceArn: task.taskArn,
    cluster: clusterName(task.clusterArn),
    clusterArn: task.clusterArn,
    service: serviceName(task.group),
    family: task.taskDefinitionArn === undefined ? undefined : familyName(task.taskDefinitionArn),
    taskArn: task.taskArn,
    taskDefinitionArn: task.taskDefinitionArn,
    standalone: isStandaloneTask(task),
    group: task.group,
    startedBy: task.startedBy,
    launchType: task.launchType,
    capacityProvider: task.capacityProviderName,
    containerInstanceArn: task.containerInstanceArn,
    container: container?.name || undefined,
    image: container?.image,
    exitCode: container?.exitCode,
    reason: container?.reason ?? task.stoppedReason,
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    stoppingAt: task.stoppingAt,
    lastStatus: task.lastStatus,
    version: task.version,
  });
}

/** Who owns the task, for a sentence: `service api`, `a standalone task of family batch`, or `task 1a2b…`. */
function owner(facts: Facts): string {
  if (facts.service) return `service ${nameText(facts.service)}`;
  if (facts.family) return `a ${facts.standalone ? 'standalone' : 'service'} task of family ${nameText(facts.family)}`;
  return `task ${nameText(resourceIdFromArn(facts.taskArn ?? ''))}`;
}

/** Sentence start about the task: `A task of service api in cluster prod`, `A standalone task of family etl …`. */
export function taskSubject(facts: Facts): string {
  let whose = `Task ${nameText(resourceIdFromArn(facts.taskArn ?? ''))}`;
  if (facts.service) whose = `A task of ${owner(facts)}`;
  else if (facts.family) whose = sentence(owner(facts));
  return `${whose}${inCluster(facts.cluster)}`;
}

/** Sentence start about the explaining container, falling back to the task when none is named. */
export function containerSubject(facts: Facts): string {
  if (facts.container === undefined) return taskSubject(facts);
  return `Container "${nameText(facts.container)}" of ${owner(facts)}${inCluster(facts.cluster)}`;
}
