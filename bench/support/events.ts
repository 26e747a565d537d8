import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seeded } from '../../test/helpers/random.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/events', import.meta.url));
const DEMO = fileURLToPath(new URL('../../test/fixtures/demo/bad-deploy-day.jsonl', import.meta.url));

/** A raw EventBridge event as JSON gives it (fixtures include invalid ones on purpose). */
// biome-ignore lint/suspicious/noExplicitAny: generated events are edited field by field.
export type RawEvent = any;

/** Every fixture event by name (file name without `.json`). */
export function fixtureEvents(): Map<string, RawEvent> {
  const files = readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .sort();
  return new Map(files.map((file) => [file.slice(0, -5), JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'))]));
}

/** The demo day's events, in file order. */
export function demoEvents(): RawEvent[] {
  return readFileSync(DEMO, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** A 32-hex-digit id from a number, shaped like ECS task and container-instance ids. */
export function hexId(n: number, salt = 0): string {
  return (n.toString(16).padStart(16, '0') + (salt >>> 0).toString(16).padStart(16, '0')).slice(-32);
}

const TASK_ID = /task\/[\w-]+\/([0-9a-f]{32})/g;
const INSTANCE_ID = /container-instance\/[\w-]+\/([0-9a-f]{32})/g;
const SERVICE_NAMES = [/"service:([\w.-]+)"/g, /:service\/(?:[\w-]+\/)?([\w.-]+)"/g, /"serviceName":\s*"([\w.-]+)"/g];

// Only whole names inside values (after `"`, `:` or `/`, before `"`, `/`, `:` or `#`), never inside keys or words.
function replaceName(text: string, from: string, to: string): string {
  if (from === '' || from === to) return text;
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<=[":/])${escaped}(?=["/:#])`, 'g'), to);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

// Moves every ISO-8601 UTC time found in `value` (objects and arrays, in place) by `shift` milliseconds.
function shiftTimes(value: RawEvent, shift: number): void {
  if (typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (typeof field === 'string' && ISO_TIME.test(field))
      value[key] = new Date(Date.parse(field) + shift).toISOString();
    else shiftTimes(field, shift);
  }
}

/**
 * How to vary a template: new task id, service name and container instance; `time` and `version` as given
 * (every other time in the event moves with `time`).
 */
export interface Variation {
  taskId?: string;
  service?: string;
  instanceId?: string;
  time?: string;
  version?: number;
}

/**
 * A copy of `template` with its task id, service name and container instance id rewritten everywhere they
 * appear (ARNs, groups, task definitions), and its `time` and `detail.version` set. The detail's own times
 * (createdAt, stoppingAt, stoppedAt, …) move by as much as `time` does, so the copy stays one consistent
 * event rather than one whose task stopped years before it was reported. Non-objects pass through.
 */
export function vary(template: RawEvent, variation: Variation): RawEvent {
  if (typeof template !== 'object' || template === null || typeof template.detail !== 'object') return template;
  let text = JSON.stringify(template);
  const swap = (pattern: RegExp, to: string | undefined) => {
    if (to === undefined) return;
    for (const from of new Set([...text.matchAll(pattern)].map((m) => m[1] ?? ''))) text = replaceName(text, from, to);
  };
  swap(TASK_ID, variation.taskId);
  swap(INSTANCE_ID, variation.instanceId);
  for (const pattern of SERVICE_NAMES) swap(pattern, variation.service);
  const event = JSON.parse(text);
  if (variation.time !== undefined) {
    const shift = Date.parse(variation.time) - Date.parse(event.time);
    event.time = variation.time;
    if (Number.isFinite(shift) && shift !== 0) shiftTimes(event.detail, shift);
  }
  if (variation.version !== undefined && event.detail && typeof event.detail.version === 'number') {
    event.detail.version = variation.version;
  }
  return event;
}

/**
 * A realistic mixed stream of `count` events for throughput: every fixture and demo event as templates,
 * each copy with a new task id, one of 40 services, one of 20 hosts, advancing time and a fresh version;
 * about 10% are exact redeliveries of an earlier event (EventBridge delivers at least once).
 */
export function mixedStream(count: number, seed = 1): RawEvent[] {
  const random = seeded(seed);
  const templates = [...fixtureEvents().values(), ...demoEvents()];
  const start = Date.parse('2026-11-27T08:00:00Z');
  const events: RawEvent[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && random() < 0.1) {
      events.push(events[Math.floor(random() * i)]);
      continue;
    }
    const template = templates[Math.floor(random() * templates.length)];
    events.push(
      vary(template, {
        taskId: hexId(i, seed),
        service: `svc-${String(Math.floor(random() * 40)).padStart(2, '0')}`,
        instanceId: hexId(Math.floor(random() * 20), 0xc1),
        time: new Date(start + i * 250).toISOString(),
        version: i + 1,
      }),
    );
  }
  return events;
}
