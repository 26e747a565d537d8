import { assignDefined, invalid, toDeploymentEvent, toInstanceEvent, toServiceActionEvent } from './build.js';
import { readDeploymentDetail, readInstanceDetail, readMeta, readServiceActionDetail } from './details.js';
import { toDaemonActionEvent, toDaemonDeploymentEvent, toHookEvent, toInstanceHealthEvent } from './extra-build.js';
import {
  readDaemonActionDetail,
  readDaemonDeploymentDetail,
  readHookDetail,
  readInstanceHealthDetail,
} from './extra-details.js';
import { FieldError } from './fields.js';
import { typeName } from './issue-text.js';
import { capText } from './schema.js';
import { readTaskEvent } from './task-event.js';
import { isRecord } from './task-hints.js';
import type { EventMeta, ParsedEvent } from './types.js';

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

function parseDetail(detail: Record<string, unknown>, meta: EventMeta): ParsedEvent {
  switch (meta.detailType) {
    case 'ECS Task State Change':
      return readTaskEvent(detail, meta);
    case 'ECS Container Instance State Change':
      return toInstanceEvent(readInstanceDetail(detail), meta);
    case 'ECS Deployment State Change':
      return toDeploymentEvent(readDeploymentDetail(detail), meta);
    case 'ECS Service Action':
      return toServiceActionEvent(readServiceActionDetail(detail), meta);
    case 'ECS Container Instance Health Change':
      return toInstanceHealthEvent(readInstanceHealthDetail(detail), meta);
    case 'ECS Hook State Change':
      return toHookEvent(readHookDetail(detail), meta);
    case 'ECS Daemon Service Action':
      return toDaemonActionEvent(readDaemonActionDetail(detail), meta);
    case 'ECS Daemon Deployment State Change':
      return toDaemonDeploymentEvent(readDaemonDeploymentDetail(detail), meta);
    default:
      return { kind: 'unsupported', meta };
  }
}

function parseOrInvalid(input: unknown): ParsedEvent {
  if (!isRecord(input)) return invalid(`event: expected object, got ${typeName(input)}`, {});
  let meta: EventMeta;
  try {
    meta = readMeta(input);
  } catch (error) {
    if (error instanceof FieldError) return invalid(error.message, partialMeta(input));
    throw error;
  }
  const detail = input.detail;
  if (detail === undefined) return invalid('detail: required field is missing', meta);
  if (!isRecord(detail)) return invalid(`detail: expected object, got ${typeName(detail)}`, meta);
  if (meta.source !== 'aws.ecs') return { kind: 'unsupported', meta };
  try {
    return parseDetail(detail, meta);
  } catch (error) {
    if (error instanceof FieldError) return invalid(error.within('detail').message, meta);
    throw error;
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
