import { flag, maybeList, maybeNumber, maybeText, maybeTimestamp, text, textEntry } from './fields.js';
import type { DeploymentDetail, InstanceDetail, ServiceActionDetail } from './schema.js';
import type { EventMeta } from './types.js';

// Each reader checks only the fields ecs-lookout reads, in a fixed order: the first failing field is the one
// named in the error. Unknown fields are ignored. A FieldError names the failing field.

/** The EventBridge envelope as the event's meta (absent texts empty); `detail` is checked separately. */
export function readMeta(input: Record<string, unknown>): EventMeta {
  const id = maybeText(input, 'id');
  const source = text(input, 'source');
  const detailType = text(input, 'detail-type');
  const account = maybeText(input, 'account');
  const region = maybeText(input, 'region');
  const time = maybeText(input, 'time');
  const resources = maybeList(input, 'resources', textEntry);
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
    containerInstanceArn: maybeText(detail, 'containerInstanceArn'),
    clusterArn: maybeText(detail, 'clusterArn'),
    ec2InstanceId: maybeText(detail, 'ec2InstanceId'),
    status: text(detail, 'status'),
    statusReason: maybeText(detail, 'statusReason'),
    agentConnected: flag(detail, 'agentConnected'),
    runningTasksCount: maybeNumber(detail, 'runningTasksCount'),
    pendingTasksCount: maybeNumber(detail, 'pendingTasksCount'),
    version: maybeNumber(detail, 'version'),
    updatedAt: maybeTimestamp(detail, 'updatedAt'),
  };
}

/** `detail` of `ECS Deployment State Change`. */
export function readDeploymentDetail(detail: Record<string, unknown>): DeploymentDetail {
  return {
    serviceArn: maybeText(detail, 'serviceArn'),
    clusterArn: maybeText(detail, 'clusterArn'),
    eventType: maybeText(detail, 'eventType'),
    eventName: text(detail, 'eventName'),
    deploymentId: maybeText(detail, 'deploymentId'),
    reason: maybeText(detail, 'reason'),
    updatedAt: maybeTimestamp(detail, 'updatedAt'),
  };
}

/** `detail` of `ECS Service Action`. */
export function readServiceActionDetail(detail: Record<string, unknown>): ServiceActionDetail {
  return {
    serviceArn: maybeText(detail, 'serviceArn'),
    clusterArn: maybeText(detail, 'clusterArn'),
    eventType: maybeText(detail, 'eventType'),
    eventName: text(detail, 'eventName'),
    reason: maybeText(detail, 'reason'),
    deploymentId: maybeText(detail, 'deploymentId'),
    createdAt: maybeTimestamp(detail, 'createdAt'),
    capacityProviderArns: maybeList(detail, 'capacityProviderArns', textEntry),
    containerInstanceArns: maybeList(detail, 'containerInstanceArns', textEntry),
  };
}
