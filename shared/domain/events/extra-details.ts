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
    type: maybeText(check, 'type'),
    status: maybeText(check, 'status'),
    lastStatusChange: maybeTimestamp(check, 'lastStatusChange'),
    lastUpdated: maybeTimestamp(check, 'lastUpdated'),
    statusReason: maybeText(check, 'statusReason'),
  };
}

/** `detail` of `ECS Container Instance Health Change`. */
export function readInstanceHealthDetail(detail: Record<string, unknown>): InstanceHealthDetail {
  return {
    containerInstanceArn: maybeText(detail, 'containerInstanceArn'),
    clusterArn: maybeText(detail, 'clusterArn'),
    ec2InstanceId: maybeText(detail, 'ec2InstanceId'),
    capacityProviderName: maybeText(detail, 'capacityProviderName'),
    overallStatus: maybeText(detail, 'overallStatus'),
    healthChecks: maybeList(detail, 'healthChecks', readHealthCheck),
  };
}

/** `detail` of `ECS Hook State Change`. */
export function readHookDetail(detail: Record<string, unknown>): HookDetail {
  return {
    eventType: maybeText(detail, 'eventType'),
    eventName: text(detail, 'eventName'),
    hookId: maybeText(detail, 'hookId'),
    hookType: maybeText(detail, 'hookType'),
    lifecycleStage: maybeText(detail, 'lifecycleStage'),
    clusterArn: maybeText(detail, 'clusterArn'),
    serviceArn: maybeText(detail, 'serviceArn'),
    serviceDeploymentArn: maybeText(detail, 'serviceDeploymentArn'),
    expiresAt: maybeTimestamp(detail, 'expiresAt'),
    updatedAt: maybeTimestamp(detail, 'updatedAt'),
  };
}

/** `detail` of `ECS Daemon Service Action`. */
export function readDaemonActionDetail(detail: Record<string, unknown>): DaemonActionDetail {
  return {
    eventType: maybeText(detail, 'eventType'),
    eventName: text(detail, 'eventName'),
    failureType: maybeText(detail, 'failureType'),
    reason: maybeText(detail, 'reason'),
    clusterArn: maybeText(detail, 'clusterArn'),
    containerInstanceArn: maybeText(detail, 'containerInstanceArn'),
    taskArn: maybeText(detail, 'taskArn'),
    daemonArn: maybeText(detail, 'daemonArn'),
    daemonRevisionArn: maybeText(detail, 'daemonRevisionArn'),
    capacityProviderName: maybeText(detail, 'capacityProviderName'),
    createdAt: maybeTimestamp(detail, 'createdAt'),
  };
}

/** `detail` of `ECS Daemon Deployment State Change`. */
export function readDaemonDeploymentDetail(detail: Record<string, unknown>): DaemonDeploymentDetail {
  return {
    eventType: maybeText(detail, 'eventType'),
    eventName: text(detail, 'eventName'),
    clusterArn: maybeText(detail, 'clusterArn'),
    daemonArn: maybeText(detail, 'daemonArn'),
    daemonDeploymentArn: maybeText(detail, 'daemonDeploymentArn'),
    targetDaemonRevisionArn: maybeText(detail, 'targetDaemonRevisionArn'),
    updatedAt: maybeTimestamp(detail, 'updatedAt'),
  };
}
