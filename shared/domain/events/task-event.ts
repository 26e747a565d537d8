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
  const name = maybeText(entry, 'name');
  const containerArn = maybeText(entry, 'containerArn');
  const lastStatus = maybeText(entry, 'lastStatus');
  const exitCode = maybeNumber(entry, 'exitCode');
  const reason = maybeText(entry, 'reason');
  const image = maybeText(entry, 'image');
  const healthStatus = maybeText(entry, 'healthStatus');
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
  const taskArnField = maybeText(detail, 'taskArn');
  const clusterArnField = maybeText(detail, 'clusterArn');
  const taskDefinitionArn = maybeText(detail, 'taskDefinitionArn');
  const group = maybeText(detail, 'group');
  const startedBy = maybeText(detail, 'startedBy');
  const launchType = maybeText(detail, 'launchType');
  const capacityProviderName = maybeText(detail, 'capacityProviderName');
  const platformVersion = maybeText(detail, 'platformVersion');
  const containerInstanceArn = maybeText(detail, 'containerInstanceArn');
  const availabilityZone = maybeText(detail, 'availabilityZone');
  const lastStatus = text(detail, 'lastStatus');
  const desiredStatus = maybeText(detail, 'desiredStatus');
  const stopCode = maybeText(detail, 'stopCode');
  const stoppedReason = maybeText(detail, 'stoppedReason');
  const containers = maybeList(detail, 'containers', readContainer);
  const version = maybeNumber(detail, 'version');
  const createdAt = maybeTimestamp(detail, 'createdAt');
  const startedAt = maybeTimestamp(detail, 'startedAt');
  const stoppingAt = maybeTimestamp(detail, 'stoppingAt');
  const stoppedAt = maybeTimestamp(detail, 'stoppedAt');

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
