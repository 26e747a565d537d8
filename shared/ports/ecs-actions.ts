import type { TaskEvent } from '../domain/events/types.js';

/** A replacement task request, copied from the stopped task. */
export interface RunTaskRequest {
  cluster: string;
  taskDefinition: string;
  /** Deterministic from the stopped task ARN (≤ 64 chars) so a redelivered event never starts a second task. */
  clientToken: string;
  group?: string;
  launchType?: string;
  capacityProviderName?: string;
  platformVersion?: string;
  overrides?: Record<string, unknown>;
  network?: { subnetIds: string[]; securityGroupIds: string[]; assignPublicIp?: 'ENABLED' | 'DISABLED' };
  startedBy: string;
  /** The stopped task's own tags (no `aws:` keys, at most 50): opt-in and cost tags survive the replacement. */
  tags?: Record<string, string>;
}

/** Result of an ECS write action. `failures` holds RunTask's HTTP-200 failures too. */
export interface ActionResult {
  ok: boolean;
  /** ARNs created or changed (the replacement task, the drained instance). */
  arns: string[];
  error?: string;
  retryable?: boolean;
}

/** Current agent state of a container instance, for confirming a lost instance. */
export interface InstanceStatus {
  containerInstanceArn: string;
  /** ACTIVE, DRAINING, INACTIVE, … or MISSING when ECS no longer knows the instance. */
  status: string;
  agentConnected: boolean;
  ec2InstanceId?: string;
}

/** ECS operations remediation and the grace sweep need. */
export interface EcsActions {
  /** Starts one replacement task. */
  runTask(request: RunTaskRequest): Promise<ActionResult>;
  /** Sets container instances to DRAINING (≤ 10 per call, batched by the adapter). */
  drainInstances(cluster: string, containerInstanceArns: string[]): Promise<ActionResult>;
  /** Deregisters a container instance with force. */
  deregisterInstance(cluster: string, containerInstanceArn: string): Promise<ActionResult>;
  /** Describes instances (≤ 100 per call, batched by the adapter); ones ECS no longer knows have status MISSING. */
  describeInstances(cluster: string, containerInstanceArns: string[]): Promise<InstanceStatus[]>;
  /** Tags of a task, for the `ecs-lookout:replace=true` opt-in; empty when unknown. */
  taskTags(taskArn: string): Promise<Record<string, string>>;
  /** Tasks ECS still counts as running on a container instance (with their tags), as task events without a time. */
  runningTasksOn(cluster: string, containerInstanceArn: string): Promise<TaskEvent[]>;
}
