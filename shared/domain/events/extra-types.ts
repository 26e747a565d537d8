import type { EventMeta } from './types.js';

/** One entry of `healthChecks` of a container instance health event; absent fields stay undefined. */
export interface HealthCheck {
  /** `CONTAINER_RUNTIME`, `ACCELERATED_COMPUTE`, `DAEMON`, `AGENT_CONNECTIVITY`, or a type added later. */
  type: string;
  /** `OK`, `IMPAIRED`, `INSUFFICIENT_DATA`, `INITIALIZING`. */
  status: string;
  lastStatusChange?: string;
  lastUpdated?: string;
  statusReason?: string;
}

/** `ECS Container Instance Health Change` (no `detail.version`). */
export interface InstanceHealthEvent {
  kind: 'instance-health';
  meta: EventMeta;
  containerInstanceArn: string;
  clusterArn: string;
  ec2InstanceId?: string;
  capacityProviderName?: string;
  overallStatus?: string;
  healthChecks: HealthCheck[];
}

/** `ECS Hook State Change`: a deployment lifecycle hook changed status. */
export interface HookEvent {
  kind: 'hook';
  meta: EventMeta;
  serviceArn: string;
  clusterArn?: string;
  eventType?: string;
  eventName: string;
  hookId?: string;
  /** `PAUSE` for pause hooks; the value for Lambda hooks is not documented. */
  hookType?: string;
  lifecycleStage?: string;
  serviceDeploymentArn?: string;
  expiresAt?: string;
  updatedAt?: string;
}

/** `ECS Daemon Service Action`: a managed daemon task could not start on an instance. */
export interface DaemonActionEvent {
  kind: 'daemon-action';
  meta: EventMeta;
  daemonArn: string;
  clusterArn?: string;
  eventType?: string;
  eventName: string;
  failureType?: string;
  reason?: string;
  containerInstanceArn?: string;
  taskArn?: string;
  daemonRevisionArn?: string;
  capacityProviderName?: string;
  createdAt?: string;
}

/** `ECS Daemon Deployment State Change`: a managed daemon rollout changed state. */
export interface DaemonDeploymentEvent {
  kind: 'daemon-deployment';
  meta: EventMeta;
  daemonArn: string;
  clusterArn?: string;
  eventType?: string;
  eventName: string;
  daemonDeploymentArn?: string;
  targetDaemonRevisionArn?: string;
  updatedAt?: string;
}

/** The four detail-types ECS added in 2025–26 (lifecycle hooks, instance health, managed daemons). */
export type LifecycleEvent = InstanceHealthEvent | HookEvent | DaemonActionEvent | DaemonDeploymentEvent;
