import { maybeList, maybeText, maybeTimestamp, objectEntry, text } from './fields.js';

// Readers of the four detail-types ECS added in 2025–26. Like details.ts: only the fields ecs-lookout reads,
// unknown ones ignored, a FieldError names the failing field. Fields per the ECS developer guide pages
// ecs_container_instance_health_events, ecs_hook_state_change_events and managed-daemons-events.

/** `detail.healthChecks[i]`, as checked. */
export interface HealthCheckDetail {
  type?: string;
  status?: string;
  lastStatusChange?: string;
  lastUpdated?: string;
  statusReason?: string;
}

/** `detail` of `ECS Container Instance Health Change`. */
export interface InstanceHealthDetail {
  containerInstanceArn?: string;
  clusterArn?: string;
  ec2InstanceId?: string;
  capacityProviderName?: string;
  overallStatus?: string;
  healthChecks?: HealthCheckDetail[];
}

/** `detail` of `ECS Hook State Change`. */
export interface HookDetail {
  eventType?: string;
  eventName: string;
  hookId?: string;
  hookType?: string;
  lifecycleStage?: string;
  clusterArn?: string;
  serviceArn?: string;
  serviceDeploymentArn?: string;
  expiresAt?: string;
  updatedAt?: string;
}

/** `detail` of `ECS Daemon Service Action`. */
export interface DaemonActionDetail {
  eventType?: string;
  eventName: string;
  failureType?: string;
  reason?: string;
  clusterArn?: string;
  containerInstanceArn?: string;
  taskArn?: string;
  daemonArn?: string;
  daemonRevisionArn?: string;
  capacityProviderName?: string;
  createdAt?: string;
}

/** `detail` of `ECS Daemon Deployment State Change`. */
export interface DaemonDeploymentDetail {
  eventType?: string;
  eventName: string;
  clusterArn?: string;
  daemonArn?: string;
  daemonDeploymentArn?: string;
  targetDaemonRevisionArn?: string;
  updatedAt?: string;
}

function readHealthCheck(value: unknown): HealthCheckDetail {
  const check = objectEntry(value);
  return {
    type: maybeText(check.type, 'type'),
    status: maybeText(check.status, 'status'),
    lastStatusChange: maybeTimestamp(check.lastStatusChange, 'lastStatusChange'),
    lastUpdated: maybeTimestamp(check.lastUpdated, 'lastUpdated'),
    statusReason: maybeText(check.statusReason, 'statusReason'),
  };
}

/** `detail` of `ECS Container Instance Health Change`. */
export function readInstanceHealthDetail(detail: Record<string, unknown>): InstanceHealthDetail {
  return {
    containerInstanceArn: maybeText(detail.containerInstanceArn, 'containerInstanceArn'),
    clusterArn: maybeText(detail.clusterArn, 'clusterArn'),
    ec2InstanceId: maybeText(detail.ec2InstanceId, 'ec2InstanceId'),
    capacityProviderName: maybeText(detail.capacityProviderName, 'capacityProviderName'),
    overallStatus: maybeText(detail.overallStatus, 'overallStatus'),
    healthChecks: maybeList(detail.healthChecks, 'healthChecks', readHealthCheck),
  };
}

/** `detail` of `ECS Hook State Change`. */
export function readHookDetail(detail: Record<string, unknown>): HookDetail {
  return {
    eventType: maybeText(detail.eventType, 'eventType'),
    eventName: text(detail.eventName, 'eventName'),
    hookId: maybeText(detail.hookId, 'hookId'),
    hookType: maybeText(detail.hookType, 'hookType'),
    lifecycleStage: maybeText(detail.lifecycleStage, 'lifecycleStage'),
    clusterArn: maybeText(detail.clusterArn, 'clusterArn'),
    serviceArn: maybeText(detail.serviceArn, 'serviceArn'),
    serviceDeploymentArn: maybeText(detail.serviceDeploymentArn, 'serviceDeploymentArn'),
    expiresAt: maybeTimestamp(detail.expiresAt, 'expiresAt'),
    updatedAt: maybeTimestamp(detail.updatedAt, 'updatedAt'),
  };
}

/** `detail` of `ECS Daemon Service Action`. */
export function readDaemonActionDetail(detail: Record<string, unknown>): DaemonActionDetail {
  return {
    eventType: maybeText(detail.eventType, 'eventType'),
    eventName: text(detail.eventName, 'eventName'),
    failureType: maybeText(detail.failureType, 'failureType'),
    reason: maybeText(detail.reason, 'reason'),
    clusterArn: maybeText(detail.clusterArn, 'clusterArn'),
    containerInstanceArn: maybeText(detail.containerInstanceArn, 'containerInstanceArn'),
    taskArn: maybeText(detail.taskArn, 'taskArn'),
    daemonArn: maybeText(detail.daemonArn, 'daemonArn'),
    daemonRevisionArn: maybeText(detail.daemonRevisionArn, 'daemonRevisionArn'),
    capacityProviderName: maybeText(detail.capacityProviderName, 'capacityProviderName'),
    createdAt: maybeTimestamp(detail.createdAt, 'createdAt'),
  };
}

/** `detail` of `ECS Daemon Deployment State Change`. */
export function readDaemonDeploymentDetail(detail: Record<string, unknown>): DaemonDeploymentDetail {
  return {
    eventType: maybeText(detail.eventType, 'eventType'),
    eventName: text(detail.eventName, 'eventName'),
    clusterArn: maybeText(detail.clusterArn, 'clusterArn'),
    daemonArn: maybeText(detail.daemonArn, 'daemonArn'),
    daemonDeploymentArn: maybeText(detail.daemonDeploymentArn, 'daemonDeploymentArn'),
    targetDaemonRevisionArn: maybeText(detail.targetDaemonRevisionArn, 'targetDaemonRevisionArn'),
    updatedAt: maybeTimestamp(detail.updatedAt, 'updatedAt'),
  };
}
