import { clusterArnFromResourceArn } from '../arn.js';
import type { ContainerDetail, DeploymentDetail, InstanceDetail, ServiceActionDetail, TaskDetail } from './schema.js';
import { isRecord, readNetwork, readTags } from './task-hints.js';
import type {
  ContainerState,
  DeploymentEvent,
  EventMeta,
  InstanceEvent,
  InvalidEvent,
  ParsedEvent,
  ServiceActionEvent,
  TaskEvent,
} from './types.js';

const MISSING_SERVICE_ARN = 'resources[0]: required field is missing (the service ARN)';

/** An invalid event with the one-line error and whatever meta is known. */
export function invalid(error: string, meta: Partial<EventMeta>): InvalidEvent {
  return { kind: 'invalid', error, meta };
}

/**
 * Copies the defined values of `source` onto `target`, so parsed events hold no undefined keys.
 * Built field by field on purpose: object spread plus `delete` made V8 fall back to slow dictionary objects.
 */
export function assignDefined<T extends object>(target: T, source: Partial<T>): T {
  for (const key in source) {
    const value = source[key];
    if (value !== undefined) target[key] = value as T[typeof key];
  }
  return target;
}

function toContainer(detail: ContainerDetail): ContainerState {
  const container: ContainerState = { name: detail.name ?? '' };
  if (detail.containerArn !== undefined) container.containerArn = detail.containerArn;
  if (detail.lastStatus !== undefined) container.lastStatus = detail.lastStatus;
  if (detail.exitCode !== undefined) container.exitCode = detail.exitCode;
  if (detail.reason !== undefined) container.reason = detail.reason;
  if (detail.image !== undefined) container.image = detail.image;
  if (detail.healthStatus !== undefined) container.healthStatus = detail.healthStatus;
  return container;
}

/**
 * TaskEvent from a validated task detail; the task and cluster ARNs fall back to resources[0].
 * Field by field rather than assignDefined: task events are most of the traffic (see bench/classify.ts).
 */
export function toTaskEvent(detail: TaskDetail, meta: EventMeta): ParsedEvent {
  const taskArn = detail.taskArn ?? meta.resources[0];
  if (taskArn === undefined) return invalid('detail.taskArn: required field is missing', meta);
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(taskArn);
  if (clusterArn === undefined) return invalid('detail.clusterArn: required field is missing', meta);
  const event: TaskEvent = {
    kind: 'task',
    meta,
    taskArn,
    clusterArn,
    lastStatus: detail.lastStatus,
    containers: detail.containers === undefined ? [] : detail.containers.map(toContainer),
  };
  if (detail.taskDefinitionArn !== undefined) event.taskDefinitionArn = detail.taskDefinitionArn;
  if (detail.group !== undefined) event.group = detail.group;
  if (detail.startedBy !== undefined) event.startedBy = detail.startedBy;
  if (detail.launchType !== undefined) event.launchType = detail.launchType;
  if (detail.capacityProviderName !== undefined) event.capacityProviderName = detail.capacityProviderName;
  if (detail.platformVersion !== undefined) event.platformVersion = detail.platformVersion;
  if (detail.containerInstanceArn !== undefined) event.containerInstanceArn = detail.containerInstanceArn;
  if (detail.availabilityZone !== undefined) event.availabilityZone = detail.availabilityZone;
  if (detail.desiredStatus !== undefined) event.desiredStatus = detail.desiredStatus;
  if (detail.stopCode !== undefined) event.stopCode = detail.stopCode;
  if (detail.stoppedReason !== undefined) event.stoppedReason = detail.stoppedReason;
  if (isRecord(detail.overrides)) event.overrides = detail.overrides;
  const network = readNetwork(detail.networkConfiguration, detail.attachments);
  if (network !== undefined) event.network = network;
  const tags = readTags(detail.tags);
  if (tags !== undefined) event.tags = tags;
  if (detail.version !== undefined) event.version = detail.version;
  if (detail.createdAt !== undefined) event.createdAt = detail.createdAt;
  if (detail.startedAt !== undefined) event.startedAt = detail.startedAt;
  if (detail.stoppingAt !== undefined) event.stoppingAt = detail.stoppingAt;
  if (detail.stoppedAt !== undefined) event.stoppedAt = detail.stoppedAt;
  return event;
}

/** InstanceEvent from a validated container-instance detail. */
export function toInstanceEvent(detail: InstanceDetail, meta: EventMeta): ParsedEvent {
  const containerInstanceArn = detail.containerInstanceArn ?? meta.resources[0];
  if (containerInstanceArn === undefined) {
    return invalid('detail.containerInstanceArn: required field is missing', meta);
  }
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(containerInstanceArn);
  if (clusterArn === undefined) return invalid('detail.clusterArn: required field is missing', meta);
  const { status, agentConnected, ec2InstanceId, statusReason, runningTasksCount, pendingTasksCount } = detail;
  const event: InstanceEvent = { kind: 'instance', meta, containerInstanceArn, clusterArn, status, agentConnected };
  return assignDefined(event, {
    ec2InstanceId,
    statusReason,
    runningTasksCount,
    pendingTasksCount,
    version: detail.version,
    updatedAt: detail.updatedAt,
  });
}

/** DeploymentEvent from a validated deployment detail; the service ARN is resources[0]. */
export function toDeploymentEvent(detail: DeploymentDetail, meta: EventMeta): ParsedEvent {
  const serviceArn = detail.serviceArn ?? meta.resources[0];
  if (serviceArn === undefined) return invalid(MISSING_SERVICE_ARN, meta);
  const event: DeploymentEvent = { kind: 'deployment', meta, serviceArn, eventName: detail.eventName };
  const { eventType, deploymentId, reason, updatedAt } = detail;
  // Deployment events carry no clusterArn; a long service ARN names the cluster.
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(serviceArn);
  return assignDefined(event, { clusterArn, eventType, deploymentId, reason, updatedAt });
}

/** ServiceActionEvent from a validated service action detail; the service ARN is resources[0]. */
export function toServiceActionEvent(detail: ServiceActionDetail, meta: EventMeta): ParsedEvent {
  const serviceArn = detail.serviceArn ?? meta.resources[0];
  if (serviceArn === undefined) return invalid(MISSING_SERVICE_ARN, meta);
  const event: ServiceActionEvent = { kind: 'service-action', meta, serviceArn, eventName: detail.eventName };
  const { eventType, reason, deploymentId, createdAt, capacityProviderArns, containerInstanceArns } = detail;
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(serviceArn);
  return assignDefined(event, {
    clusterArn,
    eventType,
    reason,
    deploymentId,
    createdAt,
    capacityProviderArns,
    containerInstanceArns,
  });
}
