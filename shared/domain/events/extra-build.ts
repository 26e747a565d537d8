import { clusterArnFromResourceArn, parseArn } from '../arn.js';
import { assignDefined, invalid } from './build.js';
import type { DaemonActionDetail, DaemonDeploymentDetail, HookDetail, InstanceHealthDetail } from './extra-details.js';
import type {
  DaemonActionEvent,
  DaemonDeploymentEvent,
  HealthCheck,
  HookEvent,
  InstanceHealthEvent,
} from './extra-types.js';
import type { EventMeta, ParsedEvent } from './types.js';

/**
 * The ARN of the resource a child ARN belongs to: `service-deployment/prod/web/0EYS…` → `service/prod/web`,
 * `daemon-revision/prod/agent/85707…` → `daemon/prod/agent`. Undefined unless `childType` and a long form.
 */
export function ownerArn(arn: string | undefined, childType: string, ownerType: string): string | undefined {
  const parts = arn === undefined ? undefined : parseArn(arn);
  if (parts?.resourceType !== childType || parts.resourceIds.length < 3) return undefined;
  const [cluster, name] = parts.resourceIds;
  return `arn:${parts.partition}:${parts.service}:${parts.region}:${parts.account}:${ownerType}/${cluster}/${name}`;
}

/** InstanceHealthEvent from a validated detail; the container instance falls back to resources[0]. */
export function toInstanceHealthEvent(detail: InstanceHealthDetail, meta: EventMeta): ParsedEvent {
  const containerInstanceArn = detail.containerInstanceArn ?? meta.resources[0];
  if (containerInstanceArn === undefined) {
    return invalid('detail.containerInstanceArn: required field is missing', meta);
  }
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(containerInstanceArn);
  if (clusterArn === undefined) return invalid('detail.clusterArn: required field is missing', meta);
  // A check without a type or status says nothing we could act on.
  const healthChecks = (detail.healthChecks ?? [])
    .filter((check) => check.type !== undefined && check.status !== undefined)
    .map((check) => assignDefined<HealthCheck>({ type: check.type!, status: check.status! }, check));
  const event: InstanceHealthEvent = { kind: 'instance-health', meta, containerInstanceArn, clusterArn, healthChecks };
  const { ec2InstanceId, capacityProviderName, overallStatus } = detail;
  return assignDefined(event, { ec2InstanceId, capacityProviderName, overallStatus });
}

/** HookEvent; the service comes from `serviceArn`, else from the service-deployment ARN (resources[0]). */
export function toHookEvent(detail: HookDetail, meta: EventMeta): ParsedEvent {
  const serviceDeploymentArn = detail.serviceDeploymentArn ?? meta.resources[0];
  const serviceArn = detail.serviceArn ?? ownerArn(serviceDeploymentArn, 'service-deployment', 'service');
  if (serviceArn === undefined) return invalid('detail.serviceArn: required field is missing', meta);
  const event: HookEvent = { kind: 'hook', meta, serviceArn, eventName: detail.eventName };
  const { eventType, hookId, hookType, lifecycleStage, expiresAt, updatedAt } = detail;
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(serviceArn);
  return assignDefined(event, {
    clusterArn,
    eventType,
    hookId,
    hookType,
    lifecycleStage,
    serviceDeploymentArn,
    expiresAt,
    updatedAt,
  });
}

/** DaemonActionEvent; the daemon comes from `daemonArn`, else from the daemon revision ARN. */
export function toDaemonActionEvent(detail: DaemonActionDetail, meta: EventMeta): ParsedEvent {
  const daemonArn = detail.daemonArn ?? ownerArn(detail.daemonRevisionArn, 'daemon-revision', 'daemon');
  if (daemonArn === undefined) return invalid('detail.daemonArn: required field is missing', meta);
  const event: DaemonActionEvent = { kind: 'daemon-action', meta, daemonArn, eventName: detail.eventName };
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(daemonArn);
  const { eventType, failureType, reason, containerInstanceArn, taskArn, daemonRevisionArn } = detail;
  return assignDefined(event, {
    clusterArn,
    eventType,
    failureType,
    reason,
    containerInstanceArn,
    taskArn,
    daemonRevisionArn,
    capacityProviderName: detail.capacityProviderName,
    createdAt: detail.createdAt,
  });
}

/** DaemonDeploymentEvent; the daemon is `daemonArn`, else resources[0], else from the deployment ARN. */
export function toDaemonDeploymentEvent(detail: DaemonDeploymentDetail, meta: EventMeta): ParsedEvent {
  const daemonArn =
    detail.daemonArn ?? meta.resources[0] ?? ownerArn(detail.daemonDeploymentArn, 'daemon-deployment', 'daemon');
  if (daemonArn === undefined) return invalid('detail.daemonArn: required field is missing', meta);
  const event: DaemonDeploymentEvent = { kind: 'daemon-deployment', meta, daemonArn, eventName: detail.eventName };
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(daemonArn);
  const { eventType, daemonDeploymentArn, targetDaemonRevisionArn, updatedAt } = detail;
  return assignDefined(event, { clusterArn, eventType, daemonDeploymentArn, targetDaemonRevisionArn, updatedAt });
}
