import { flag, maybeList, maybeNumber, maybeText, maybeTimestamp, objectEntry, text, textEntry } from './fields.js';
import type {
  ContainerDetail,
  DeploymentDetail,
  Envelope,
  InstanceDetail,
  ServiceActionDetail,
  TaskDetail,
} from './schema.js';

// Each reader checks only the fields ecs-lookout reads, in a fixed order: the first failing field is the one
// named in the error. Unknown fields are ignored. A FieldError names the failing field.

/** The EventBridge envelope; `detail` is checked separately, per detail-type. */
export function readEnvelope(input: Record<string, unknown>): Envelope {
  return {
    id: maybeText(input, 'id'),
    source: text(input, 'source'),
    'detail-type': text(input, 'detail-type'),
    account: maybeText(input, 'account'),
    region: maybeText(input, 'region'),
    time: maybeText(input, 'time'),
    resources: maybeList(input, 'resources', textEntry),
  };
}

function readContainer(value: unknown): ContainerDetail {
  const container = objectEntry(value);
  return {
    name: maybeText(container, 'name'),
    containerArn: maybeText(container, 'containerArn'),
    lastStatus: maybeText(container, 'lastStatus'),
    exitCode: maybeNumber(container, 'exitCode'),
    reason: maybeText(container, 'reason'),
    image: maybeText(container, 'image'),
    healthStatus: maybeText(container, 'healthStatus'),
  };
}

/** `detail` of `ECS Task State Change`; hint fields (tags, attachments, network) are read leniently later. */
export function readTaskDetail(detail: Record<string, unknown>): TaskDetail {
  return {
    taskArn: maybeText(detail, 'taskArn'),
    clusterArn: maybeText(detail, 'clusterArn'),
    taskDefinitionArn: maybeText(detail, 'taskDefinitionArn'),
    group: maybeText(detail, 'group'),
    startedBy: maybeText(detail, 'startedBy'),
    launchType: maybeText(detail, 'launchType'),
    capacityProviderName: maybeText(detail, 'capacityProviderName'),
    platformVersion: maybeText(detail, 'platformVersion'),
    containerInstanceArn: maybeText(detail, 'containerInstanceArn'),
    availabilityZone: maybeText(detail, 'availabilityZone'),
    lastStatus: text(detail, 'lastStatus'),
    desiredStatus: maybeText(detail, 'desiredStatus'),
    stopCode: maybeText(detail, 'stopCode'),
    stoppedReason: maybeText(detail, 'stoppedReason'),
    containers: maybeList(detail, 'containers', readContainer),
    overrides: detail.overrides,
    tags: detail.tags,
    attachments: detail.attachments,
    networkConfiguration: detail.networkConfiguration,
    version: maybeNumber(detail, 'version'),
    createdAt: maybeTimestamp(detail, 'createdAt'),
    startedAt: maybeTimestamp(detail, 'startedAt'),
    stoppingAt: maybeTimestamp(detail, 'stoppingAt'),
    stoppedAt: maybeTimestamp(detail, 'stoppedAt'),
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
