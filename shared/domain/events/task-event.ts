import { clusterArnFromResourceArn } from '../arn.js';
import { invalid } from './build.js';
import { maybeList, maybeNumber, maybeText, maybeTimestamp, objectEntry, text } from './fields.js';
import { isRecord, readNetwork, readTags } from './task-hints.js';
import type { ContainerState, EventMeta, ParsedEvent, TaskEvent } from './types.js';

// Task events are most of the traffic (see bench/classify.ts): their detail is checked and built in one pass,
// each field read once into a local, with no checked-detail copy in between. The checks run in the order
// below, so the first failing field is the one the error names; unknown fields are ignored.

/** One entry of `detail.containers`, checked and built field by field (no undefined keys). */
function readContainer(value: unknown): ContainerState {
  const entry = objectEntry(value);
  const name = maybeText(entry.name, 'name');
  const containerArn = maybeText(entry.containerArn, 'containerArn');
  const lastStatus = maybeText(entry.lastStatus, 'lastStatus');
  const exitCode = maybeNumber(entry.exitCode, 'exitCode');
  const reason = maybeText(entry.reason, 'reason');
  const image = maybeText(entry.image, 'image');
  const healthStatus = maybeText(entry.healthStatus, 'healthStatus');
  const container: ContainerState = { name: name ?? '' };
  if (containerArn !== undefined) container.containerArn = containerArn;
  if (lastStatus !== undefined) container.lastStatus = lastStatus;
  if (exitCode !== undefined) container.exitCode = exitCode;
  if (reason !== undefined) container.reason = reason;
  if (image !== undefined) container.image = image;
  if (healthStatus !== undefined) container.healthStatus = healthStatus;
  return container;
}

/**
 * TaskEvent from the `detail` of `ECS Task State Change`; the task and cluster ARNs fall back to resources[0].
 * Hint fields (overrides, tags, attachments, network) are read leniently. Throws a FieldError for a bad field.
 */
export function readTaskEvent(detail: Record<string, unknown>, meta: EventMeta): ParsedEvent {
  const taskArnField = maybeText(detail.taskArn, 'taskArn');
  const clusterArnField = maybeText(detail.clusterArn, 'clusterArn');
  const taskDefinitionArn = maybeText(detail.taskDefinitionArn, 'taskDefinitionArn');
  const group = maybeText(detail.group, 'group');
  const startedBy = maybeText(detail.startedBy, 'startedBy');
  const launchType = maybeText(detail.launchType, 'launchType');
  const capacityProviderName = maybeText(detail.capacityProviderName, 'capacityProviderName');
  const platformVersion = maybeText(detail.platformVersion, 'platformVersion');
  const containerInstanceArn = maybeText(detail.containerInstanceArn, 'containerInstanceArn');
  const availabilityZone = maybeText(detail.availabilityZone, 'availabilityZone');
  const lastStatus = text(detail.lastStatus, 'lastStatus');
  const desiredStatus = maybeText(detail.desiredStatus, 'desiredStatus');
  const stopCode = maybeText(detail.stopCode, 'stopCode');
  const stoppedReason = maybeText(detail.stoppedReason, 'stoppedReason');
  const containers = maybeList(detail.containers, 'containers', readContainer);
  const version = maybeNumber(detail.version, 'version');
  const createdAt = maybeTimestamp(detail.createdAt, 'createdAt');
  const startedAt = maybeTimestamp(detail.startedAt, 'startedAt');
  const stoppingAt = maybeTimestamp(detail.stoppingAt, 'stoppingAt');
  const stoppedAt = maybeTimestamp(detail.stoppedAt, 'stoppedAt');

  const taskArn = taskArnField ?? meta.resources[0];
  if (taskArn === undefined) return invalid('detail.taskArn: required field is missing', meta);
  const clusterArn = clusterArnField ?? clusterArnFromResourceArn(taskArn);
  if (clusterArn === undefined) return invalid('detail.clusterArn: required field is missing', meta);
  const event: TaskEvent = { kind: 'task', meta, taskArn, clusterArn, lastStatus, containers: containers ?? [] };
  if (taskDefinitionArn !== undefined) event.taskDefinitionArn = taskDefinitionArn;
  if (group !== undefined) event.group = group;
  if (startedBy !== undefined) event.startedBy = startedBy;
  if (launchType !== undefined) event.launchType = launchType;
  if (capacityProviderName !== undefined) event.capacityProviderName = capacityProviderName;
  if (platformVersion !== undefined) event.platformVersion = platformVersion;
  if (containerInstanceArn !== undefined) event.containerInstanceArn = containerInstanceArn;
  if (availabilityZone !== undefined) event.availabilityZone = availabilityZone;
  if (desiredStatus !== undefined) event.desiredStatus = desiredStatus;
  if (stopCode !== undefined) event.stopCode = stopCode;
  if (stoppedReason !== undefined) event.stoppedReason = stoppedReason;
  if (isRecord(detail.overrides)) event.overrides = detail.overrides;
  const network = readNetwork(detail.networkConfiguration, detail.attachments);
  if (network !== undefined) event.network = network;
  const tags = readTags(detail.tags);
  if (tags !== undefined) event.tags = tags;
  if (version !== undefined) event.version = version;
  if (createdAt !== undefined) event.createdAt = createdAt;
  if (startedAt !== undefined) event.startedAt = startedAt;
  if (stoppingAt !== undefined) event.stoppingAt = stoppingAt;
  if (stoppedAt !== undefined) event.stoppedAt = stoppedAt;
  return event;
}
