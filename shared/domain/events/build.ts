import { clusterArnFromResourceArn } from '../arn.js';
import type { DeploymentDetail, InstanceDetail, ServiceActionDetail } from './schema.js';
import type {
  DeploymentEvent,
  EventMeta,
  InstanceEvent,
  InvalidEvent,
  ParsedEvent,
  ServiceActionEvent,
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

// The builders below go field by field rather than through assignDefined: they run for most non-task events, and
// assignDefined's loop over a literal of each builder's keys ran megamorphic.

/** InstanceEvent from a validated container-instance detail. */
export function toInstanceEvent(detail: InstanceDetail, meta: EventMeta): ParsedEvent {
  const containerInstanceArn = detail.containerInstanceArn ?? meta.resources[0];
  if (containerInstanceArn === undefined) {
    return invalid('detail.containerInstanceArn: required field is missing', meta);
  }
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(containerInstanceArn);
  if (clusterArn === undefined) return invalid('detail.clusterArn: required field is missing', meta);
  const { status, agentConnected } = detail;
  const event: InstanceEvent = { kind: 'instance', meta, containerInstanceArn, clusterArn, status, agentConnected };
  if (detail.ec2InstanceId !== undefined) event.ec2InstanceId = detail.ec2InstanceId;
  if (detail.statusReason !== undefined) event.statusReason = detail.statusReason;
  if (detail.runningTasksCount !== undefined) event.runningTasksCount = detail.runningTasksCount;
  if (detail.pendingTasksCount !== undefined) event.pendingTasksCount = detail.pendingTasksCount;
  if (detail.version !== undefined) event.version = detail.version;
  if (detail.updatedAt !== undefined) event.updatedAt = detail.updatedAt;
  return event;
}

/** DeploymentEvent from a validated deployment detail; the service ARN is resources[0]. */
export function toDeploymentEvent(detail: DeploymentDetail, meta: EventMeta): ParsedEvent {
  const serviceArn = detail.serviceArn ?? meta.resources[0];
  if (serviceArn === undefined) return invalid(MISSING_SERVICE_ARN, meta);
  const event: DeploymentEvent = { kind: 'deployment', meta, serviceArn, eventName: detail.eventName };
  // Deployment events carry no clusterArn; a long service ARN names the cluster.
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(serviceArn);
  if (clusterArn !== undefined) event.clusterArn = clusterArn;
  if (detail.eventType !== undefined) event.eventType = detail.eventType;
  if (detail.deploymentId !== undefined) event.deploymentId = detail.deploymentId;
  if (detail.reason !== undefined) event.reason = detail.reason;
  if (detail.updatedAt !== undefined) event.updatedAt = detail.updatedAt;
  return event;
}

/** ServiceActionEvent from a validated service action detail; the service ARN is resources[0]. */
export function toServiceActionEvent(detail: ServiceActionDetail, meta: EventMeta): ParsedEvent {
  const serviceArn = detail.serviceArn ?? meta.resources[0];
  if (serviceArn === undefined) return invalid(MISSING_SERVICE_ARN, meta);
  const event: ServiceActionEvent = { kind: 'service-action', meta, serviceArn, eventName: detail.eventName };
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(serviceArn);
  if (clusterArn !== undefined) event.clusterArn = clusterArn;
  if (detail.eventType !== undefined) event.eventType = detail.eventType;
  if (detail.reason !== undefined) event.reason = detail.reason;
  if (detail.deploymentId !== undefined) event.deploymentId = detail.deploymentId;
  if (detail.createdAt !== undefined) event.createdAt = detail.createdAt;
  if (detail.capacityProviderArns !== undefined) event.capacityProviderArns = detail.capacityProviderArns;
  if (detail.containerInstanceArns !== undefined) event.containerInstanceArns = detail.containerInstanceArns;
  return event;
}
