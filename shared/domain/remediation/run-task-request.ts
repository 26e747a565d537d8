import { createHash } from 'node:crypto';
import type { RunTaskRequest } from '../../ports/ecs-actions.js';
import type { ClusterNetwork, RemediationPolicy } from '../config.js';
import type { TaskEvent, TaskNetwork } from '../events/types.js';

/** `startedBy` of every replacement task, so people (and the monitor) can tell them apart. */
export const REPLACEMENT_STARTED_BY = 'ecs-lookout';

/** Deterministic RunTask client token of a stopped task: 64 chars of [a-z0-9-], the same on every redelivery. */
export function clientTokenFor(stoppedTaskArn: string): string {
  // node:crypto's hash is pure (no I/O, clock or config), so the domain may call it; a hash function passed in
  // would thread a parameter through every planner for a value with exactly one right answer.
  const digest = createHash('sha256').update(stoppedTaskArn).digest('hex');
  return `lookout-${digest.slice(0, 56)}`;
}

function fromPolicy(network: ClusterNetwork): TaskNetwork {
  const converted: TaskNetwork = { subnetIds: [...network.subnets], securityGroupIds: [...network.securityGroups] };
  if (network.assignPublicIp) converted.assignPublicIp = network.assignPublicIp;
  return converted;
}

/**
 * Network of the replacement: the event's own when complete, else the cluster's configured one, else the
 * event's subnets alone (ENI attachments name no security group: the VPC default applies). None for an EC2
 * task without an ENI (bridge/host mode): RunTask rejects a network configuration there, configured or not.
 */
export function replacementNetwork(
  event: TaskEvent,
  policy: RemediationPolicy,
  cluster: string,
): TaskNetwork | undefined {
  const own = event.network && event.network.subnetIds.length > 0 ? event.network : undefined;
  if (own && own.securityGroupIds.length > 0) return own;
  if (!own && !needsNetwork(event)) return undefined;
  const configured = policy.network[cluster];
  if (configured && configured.subnets.length > 0) return fromPolicy(configured);
  return own;
}

/** True when the task ran on Fargate, where a replacement cannot start without awsvpc network settings. */
export function needsNetwork(event: TaskEvent): boolean {
  return event.launchType === 'FARGATE' || (event.capacityProviderName ?? '').startsWith('FARGATE');
}

// RunTask accepts at most 50 tags; `aws:` keys are reserved for AWS and refused in a request.
const MAX_TAGS = 50;

/** The tags a replacement carries: the stopped task's own, minus `aws:`-prefixed keys, at most 50. */
export function replacementTags(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  const kept = Object.entries(tags ?? {})
    .filter(([key]) => !key.toLowerCase().startsWith('aws:'))
    .slice(0, MAX_TAGS);
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/**
 * The RunTask request that starts a copy of a stopped task (capacity provider wins over launch type: never
 * both), carrying the stopped task's tags. No `propagateTags`: the original's tags already hold what its
 * task definition propagated to it, and propagating again could clash with the copied keys.
 */
export function buildRunTaskRequest(
  event: TaskEvent,
  taskDefinition: string,
  network: TaskNetwork | undefined,
  tags?: Record<string, string>,
): RunTaskRequest {
  const request: RunTaskRequest = {
    cluster: event.clusterArn,
    taskDefinition,
    clientToken: clientTokenFor(event.taskArn),
    startedBy: REPLACEMENT_STARTED_BY,
  };
  if (event.capacityProviderName) request.capacityProviderName = event.capacityProviderName;
  else if (event.launchType) request.launchType = event.launchType;
  if (event.platformVersion) request.platformVersion = event.platformVersion;
  if (event.group) request.group = event.group;
  if (event.overrides) request.overrides = event.overrides;
  if (network) {
    request.network = { subnetIds: [...network.subnetIds], securityGroupIds: [...network.securityGroupIds] };
    if (network.assignPublicIp) request.network.assignPublicIp = network.assignPublicIp;
  }
  const kept = replacementTags(tags ?? event.tags);
  if (kept) request.tags = kept;
  return request;
}
