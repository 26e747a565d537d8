import * as v from 'valibot';
import {
  assignDefined,
  invalid,
  toDeploymentEvent,
  toInstanceEvent,
  toServiceActionEvent,
  toTaskEvent,
} from './build.js';
import { describeIssue, typeName } from './issue-text.js';
import type { Envelope } from './schema.js';
import {
  capText,
  DeploymentDetailSchema,
  EnvelopeSchema,
  InstanceDetailSchema,
  ServiceActionDetailSchema,
  TaskDetailSchema,
} from './schema.js';
import { isRecord } from './task-hints.js';
import type { EcsDetailType, EventMeta, ParsedEvent } from './types.js';
import { ECS_DETAIL_TYPES } from './types.js';

const PARSE_CONFIG = { abortEarly: true } as const;

/** Whatever envelope fields are readable, for the `meta` of an invalid event. */
function partialMeta(input: Record<string, unknown>): Partial<EventMeta> {
  const text = (key: string) => (typeof input[key] === 'string' ? capText(input[key] as string) : undefined);
  return assignDefined<Partial<EventMeta>>(
    {},
    {
      id: text('id'),
      source: text('source'),
      detailType: text('detail-type'),
      account: text('account'),
      region: text('region'),
      time: text('time'),
    },
  );
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
      return parseDetail(DeploymentDetailSchema, detail, meta, toDeploymentEvent);
    case 'ECS Service Action':
      return parseDetail(ServiceActionDetailSchema, detail, meta, toServiceActionEvent);
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
