import * as v from 'valibot';
import { clusterArnFromResourceArn } from '../arn.js';
import { describeIssue, typeName } from './issue-text.js';
import type { DeploymentDetail, Envelope, InstanceDetail, ServiceActionDetail, TaskDetail } from './schema.js';
import {
  capText,
  DeploymentDetailSchema,
  EnvelopeSchema,
  InstanceDetailSchema,
  ServiceActionDetailSchema,
  TaskDetailSchema,
} from './schema.js';
import { isRecord, readNetwork, readTags } from './task-hints.js';
import type { EcsDetailType, EventMeta, InvalidEvent, ParsedEvent, TaskEvent } from './types.js';
import { ECS_DETAIL_TYPES } from './types.js';

const PARSE_CONFIG = { abortEarly: true } as const;

function invalid(error: string, meta: Partial<EventMeta>): InvalidEvent {
  return { kind: 'invalid', error, meta };
}

/** Drops keys whose value is undefined, so parsed events compare and serialise cleanly. */
function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

/** Whatever envelope fields are readable, for the `meta` of an invalid event. */
function partialMeta(input: Record<string, unknown>): Partial<EventMeta> {
  const meta: Partial<EventMeta> = {};
  const text = (key: string) => (typeof input[key] === 'string' ? capText(input[key] as string) : undefined);
  meta.id = text('id');
  meta.source = text('source');
  meta.detailType = text('detail-type');
  meta.account = text('account');
  meta.region = text('region');
  meta.time = text('time');
  return withoutUndefined(meta);
}

function toMeta(envelope: Envelope): EventMeta {
  return {
    id: envelope.id ?? '',
    source: envelope.source,
    detailType: envelope['detail-type'],
    account: envelope.account ?? '',
    region: envelope.region ?? '',
    time: envelope.time ?? '',
    resources: envelope.resources ?? [],
  };
}

function toTaskEvent(detail: TaskDetail, meta: EventMeta): ParsedEvent {
  const taskArn = detail.taskArn ?? meta.resources[0];
  if (taskArn === undefined) return invalid('detail.taskArn: required field is missing', meta);
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(taskArn);
  if (clusterArn === undefined) return invalid('detail.clusterArn: required field is missing', meta);
  const { containers, overrides, tags, attachments, networkConfiguration, ...rest } = detail;
  const event: TaskEvent = {
    kind: 'task',
    meta,
    ...rest,
    taskArn,
    clusterArn,
    containers: (containers ?? []).map((container) => withoutUndefined({ ...container, name: container.name ?? '' })),
    overrides: isRecord(overrides) ? overrides : undefined,
    network: readNetwork(networkConfiguration, attachments),
    tags: readTags(tags),
  };
  return withoutUndefined(event);
}

function toInstanceEvent(detail: InstanceDetail, meta: EventMeta): ParsedEvent {
  const containerInstanceArn = detail.containerInstanceArn ?? meta.resources[0];
  if (containerInstanceArn === undefined) {
    return invalid('detail.containerInstanceArn: required field is missing', meta);
  }
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(containerInstanceArn);
  if (clusterArn === undefined) return invalid('detail.clusterArn: required field is missing', meta);
  return withoutUndefined({ kind: 'instance', meta, ...detail, containerInstanceArn, clusterArn });
}

/** Deployment and service-action events name their service only in resources[0]. */
function toServiceEvent(
  kind: 'deployment' | 'service-action',
  detail: DeploymentDetail | ServiceActionDetail,
  meta: EventMeta,
): ParsedEvent {
  const serviceArn = detail.serviceArn ?? meta.resources[0];
  if (serviceArn === undefined) return invalid('resources[0]: required field is missing (the service ARN)', meta);
  const clusterArn = detail.clusterArn ?? clusterArnFromResourceArn(serviceArn);
  if (kind === 'deployment') {
    return withoutUndefined({ kind, meta, ...(detail as DeploymentDetail), serviceArn, clusterArn });
  }
  return withoutUndefined({ kind, meta, ...(detail as ServiceActionDetail), serviceArn, clusterArn });
}

function parseDetail<TSchema extends v.GenericSchema>(
  schema: TSchema,
  detail: unknown,
  meta: EventMeta,
  build: (output: v.InferOutput<TSchema>, meta: EventMeta) => ParsedEvent,
): ParsedEvent {
  const result = v.safeParse(schema, detail, PARSE_CONFIG);
  if (!result.success) return invalid(describeIssue(result.issues[0], 'detail'), meta);
  return build(result.output, meta);
}

function isEcsDetailType(detailType: string): detailType is EcsDetailType {
  return (ECS_DETAIL_TYPES as readonly string[]).includes(detailType);
}

function parseOrInvalid(input: unknown): ParsedEvent {
  if (!isRecord(input)) return invalid(`event: expected object, got ${typeName(input)}`, {});
  const envelope = v.safeParse(EnvelopeSchema, input, PARSE_CONFIG);
  if (!envelope.success) return invalid(describeIssue(envelope.issues[0]), partialMeta(input));
  const meta = toMeta(envelope.output);
  const detail = input.detail;
  if (detail === undefined) return invalid('detail: required field is missing', meta);
  if (!isRecord(detail)) return invalid(`detail: expected object, got ${typeName(detail)}`, meta);
  if (meta.source !== 'aws.ecs' || !isEcsDetailType(meta.detailType)) return { kind: 'unsupported', meta };
  switch (meta.detailType) {
    case 'ECS Task State Change':
      return parseDetail(TaskDetailSchema, detail, meta, toTaskEvent);
    case 'ECS Container Instance State Change':
      return parseDetail(InstanceDetailSchema, detail, meta, toInstanceEvent);
    case 'ECS Deployment State Change':
      return parseDetail(DeploymentDetailSchema, detail, meta, (d, m) => toServiceEvent('deployment', d, m));
    case 'ECS Service Action':
      return parseDetail(ServiceActionDetailSchema, detail, meta, (d, m) => toServiceEvent('service-action', d, m));
  }
}

function errorText(error: unknown): string {
  try {
    return error instanceof Error ? capText(error.message) : typeName(error);
  } catch {
    return 'unreadable error';
  }
}

/** Parses any JSON value as an EventBridge ECS event. Never throws: bad input becomes `{ kind: 'invalid' }`. */
export function parseEcsEvent(input: unknown): ParsedEvent {
  try {
    return parseOrInvalid(input);
  } catch (error) {
    return invalid(`event: could not be read (${errorText(error)})`, {});
  }
}
