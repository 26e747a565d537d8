import { resourceIdFromArn } from '../arn.js';
import type { ContainerState, TaskEvent } from '../events/types.js';
import { clusterName, familyName } from './arn-names.js';
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

/**
 * Facts of a task event; `container` is the one that explains the verdict, when there is one. Written in
 * compactFacts' key order with no undefined keys, straight from the event: task events are most of the traffic
 * (see bench/classify.ts), and a literal of every fact then a compact copy cost twice the stores.
 */
export function taskFacts(task: TaskEvent, container?: ContainerState): Facts {
  const { meta, taskArn, clusterArn, taskDefinitionArn, group } = task;
  const facts: Facts = {
    account: meta.account,
    region: meta.region,
    time: meta.time,
    resourceArn: taskArn,
    cluster: clusterName(clusterArn),
    clusterArn,
  };
  const service = serviceName(group);
  if (service !== undefined) facts.service = service;
  if (taskDefinitionArn !== undefined) facts.family = familyName(taskDefinitionArn);
  facts.taskArn = taskArn;
  if (taskDefinitionArn !== undefined) facts.taskDefinitionArn = taskDefinitionArn;
  facts.standalone = isStandaloneTask(task);
  if (group !== undefined) facts.group = group;
  if (task.startedBy !== undefined) facts.startedBy = task.startedBy;
  if (task.launchType !== undefined) facts.launchType = task.launchType;
  if (task.capacityProviderName !== undefined) facts.capacityProvider = task.capacityProviderName;
  if (task.containerInstanceArn !== undefined) facts.containerInstanceArn = task.containerInstanceArn;
  if (container !== undefined) {
    if (container.name) facts.container = container.name;
    if (container.image !== undefined) facts.image = container.image;
    if (container.exitCode !== undefined) facts.exitCode = container.exitCode;
  }
  if (task.stoppingAt !== undefined) facts.stoppingAt = task.stoppingAt;
  const reason = container?.reason ?? task.stoppedReason;
  if (reason !== undefined) facts.reason = reason;
  if (task.stopCode !== undefined) facts.stopCode = task.stopCode;
  if (task.stoppedReason !== undefined) facts.stoppedReason = task.stoppedReason;
  facts.lastStatus = task.lastStatus;
  if (task.version !== undefined) facts.version = task.version;
  return facts;
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
