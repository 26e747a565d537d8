import type { LifecycleEvent } from './extra-types.js';

/** The eight ECS detail-types ecs-lookout understands. */
export const ECS_DETAIL_TYPES = [
  'ECS Task State Change',
  'ECS Container Instance State Change',
  'ECS Deployment State Change',
  'ECS Service Action',
  'ECS Container Instance Health Change',
  'ECS Hook State Change',
  'ECS Daemon Service Action',
  'ECS Daemon Deployment State Change',
] as const;

/** One of the ECS detail-types we parse. */
export type EcsDetailType = (typeof ECS_DETAIL_TYPES)[number];

/** Envelope fields every parsed event keeps (EventBridge `id`, `account`, … are strings, possibly redacted). */
export interface EventMeta {
  id: string;
  source: string;
  detailType: string;
  account: string;
  region: string;
  /** ISO-8601 envelope time; the clock replay and decisions run on. */
  time: string;
  resources: string[];
}

/** A container entry of a task event; fields absent in the event stay undefined. */
export interface ContainerState {
  name: string;
  containerArn?: string;
  lastStatus?: string;
  exitCode?: number;
  reason?: string;
  image?: string;
  healthStatus?: string;
}

/** Network settings of a task that a replacement RunTask can reuse. */
export interface TaskNetwork {
  subnetIds: string[];
  securityGroupIds: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
}

/** `ECS Task State Change`. */
export interface TaskEvent {
  kind: 'task';
  meta: EventMeta;
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn?: string;
  group?: string;
  startedBy?: string;
  launchType?: string;
  capacityProviderName?: string;
  platformVersion?: string;
  containerInstanceArn?: string;
  availabilityZone?: string;
  lastStatus: string;
  desiredStatus?: string;
  stopCode?: string;
  stoppedReason?: string;
  containers: ContainerState[];
  /** Raw `overrides` object, copied verbatim into a replacement RunTask. */
  overrides?: Record<string, unknown>;
  network?: TaskNetwork;
  /** Task tags when the event carries them (`tags: [{key, value}]`). */
  tags?: Record<string, string>;
  version?: number;
  createdAt?: string;
  startedAt?: string;
  stoppingAt?: string;
  stoppedAt?: string;
}

/** `ECS Container Instance State Change`. */
export interface InstanceEvent {
  kind: 'instance';
  meta: EventMeta;
  containerInstanceArn: string;
  clusterArn: string;
  ec2InstanceId?: string;
  status: string;
  statusReason?: string;
  agentConnected: boolean;
  runningTasksCount?: number;
  pendingTasksCount?: number;
  version?: number;
  updatedAt?: string;
}

/** `ECS Deployment State Change`. */
export interface DeploymentEvent {
  kind: 'deployment';
  meta: EventMeta;
  serviceArn: string;
  clusterArn?: string;
  eventType?: string;
  eventName: string;
  deploymentId?: string;
  reason?: string;
  updatedAt?: string;
}

/** `ECS Service Action`. */
export interface ServiceActionEvent {
  kind: 'service-action';
  meta: EventMeta;
  serviceArn: string;
  clusterArn?: string;
  eventType?: string;
  eventName: string;
  reason?: string;
  /** Present on the deployment names (`SERVICE_DEPLOYMENT_*`) when ECS sends them as service actions. */
  deploymentId?: string;
  createdAt?: string;
  capacityProviderArns?: string[];
  containerInstanceArns?: string[];
}

/** A well-formed envelope we don't handle (other source or detail-type). */
export interface UnsupportedEvent {
  kind: 'unsupported';
  meta: EventMeta;
}

/** Malformed input; `error` names the offending field, e.g. `detail.containers[1].exitCode: expected number`. */
export interface InvalidEvent {
  kind: 'invalid';
  error: string;
  /** Whatever envelope fields could be read, for logs and metrics. */
  meta: Partial<EventMeta>;
}

/** Result of parsing any JSON value as an EventBridge ECS event. Never thrown, always returned. */
export type ParsedEvent =
  | TaskEvent
  | InstanceEvent
  | DeploymentEvent
  | ServiceActionEvent
  | LifecycleEvent
  | UnsupportedEvent
  | InvalidEvent;

/** The parsed events that describe an ECS resource. */
export type EcsEvent = TaskEvent | InstanceEvent | DeploymentEvent | ServiceActionEvent | LifecycleEvent;
