import { flag, maybeList, maybeNumber, maybeText, maybeTimestamp, text, textEntry } from './fields.js';
import type { DeploymentDetail, InstanceDetail, ServiceActionDetail } from './schema.js';
import type { EventMeta } from './types.js';

// Each reader checks only the fields ecs-lookout reads, in a fixed order: the first failing field is the one
// named in the error. Unknown fields are ignored. A FieldError names the failing field.

/** The EventBridge envelope as the event's meta (absent texts empty); `detail` is checked separately. */
export function readMeta(input: Record<string, unknown>): EventMeta {
  const id = maybeText(input.id, 'id');
  const source = text(input.source, 'source');
  const detailType = text(input['detail-type'], 'detail-type');
  const account = maybeText(input.account, 'account');
  const region = maybeText(input.region, 'region');
  const time = maybeText(input.time, 'time');
  const resources = maybeList(input.resources, 'resources', textEntry);
  return {
    id: id ?? '',
    source,
    detailType,
    account: account ?? '',
    region: region ?? '',
    time: time ?? '',
    resources: resources ?? [],
  };
}

/** `detail` of `ECS Container Instance State Change`. */
export function readInstanceDetail(detail: Record<string, unknown>): InstanceDetail {
  return {
    containerInstanceArn: maybeText(detail.containerInstanceArn, 'containerInstanceArn'),
    clusterArn: maybeText(detail.clusterArn, 'clusterArn'),
    ec2InstanceId: maybeText(detail.ec2InstanceId, 'ec2InstanceId'),
    status: text(detail.status, 'status'),
    statusReason: maybeText(detail.statusReason, 'statusReason'),
    agentConnected: flag(detail.agentConnected, 'agentConnected'),
    runningTasksCount: maybeNumber(detail.runningTasksCount, 'runningTasksCount'),
    pendingTasksCount: maybeNumber(detail.pendingTasksCount, 'pendingTasksCount'),
    version: maybeNumber(detail.version, 'version'),
    updatedAt: maybeTimestamp(detail.updatedAt, 'updatedAt'),
  };
}

/** `detail` of `ECS Deployment State Change`. */
export function readDeploymentDetail(detail: Record<string, unknown>): DeploymentDetail {
  return {
    serviceArn: maybeText(detail.serviceArn, 'serviceArn'),
    clusterArn: maybeText(detail.clusterArn, 'clusterArn'),
    eventType: maybeText(detail.eventType, 'eventType'),
    eventName: text(detail.eventName, 'eventName'),
    deploymentId: maybeText(detail.deploymentId, 'deploymentId'),
    reason: maybeText(detail.reason, 'reason'),
    updatedAt: maybeTimestamp(detail.updatedAt, 'updatedAt'),
  };
}

/** `detail` of `ECS Service Action`. */
export function readServiceActionDetail(detail: Record<string, unknown>): ServiceActionDetail {
  return {
    serviceArn: maybeText(detail.serviceArn, 'serviceArn'),
    clusterArn: maybeText(detail.clusterArn, 'clusterArn'),
    eventType: maybeText(detail.eventType, 'eventType'),
    eventName: text(detail.eventName, 'eventName'),
    reason: maybeText(detail.reason, 'reason'),
    deploymentId: maybeText(detail.deploymentId, 'deploymentId'),
    createdAt: maybeTimestamp(detail.createdAt, 'createdAt'),
    capacityProviderArns: maybeList(detail.capacityProviderArns, 'capacityProviderArns', textEntry),
    containerInstanceArns: maybeList(detail.containerInstanceArns, 'containerInstanceArns', textEntry),
  };
}
