/**
 * EventBridge rule matching through moto: rules on a moto event bus, each with its own SQS queue as target.
 * moto's TestEventPattern answers with an empty body, so events go through PutEvents and the queues say which
 * rules matched. Bus, rule and queue names are unique, so test files may share the server.
 *
 * Each target sends only the event id (an input transformer with one path): moto 5.2 builds a JSONPath parser per
 * path of every delivery, and its default transformer has eight paths (~0.2 s per delivered event on a busy box).
 */
import type { EventPattern } from './event-pattern.js';
import { MOTO_ACCOUNT, MOTO_REGION, motoJson, uniqueName } from './moto.js';

// PutEvents takes at most 10 entries per call (EventBridge quota, enforced by moto too).
const PUT_EVENTS_BATCH = 10;

/** The fields of an event PutEvents carries: moto (like EventBridge) sets id, account, region and time itself. */
export interface SendableEvent {
  source: string;
  'detail-type': string;
  resources?: string[];
  detail: Record<string, unknown>;
}

/** Rules on a moto bus: `match` answers, per event, the names of the rules that matched it. */
export interface PatternBus {
  match(events: SendableEvent[]): Promise<string[][]>;
}

const events = (target: string, body: object) => motoJson('events', `AWSEvents.${target}`, body);

interface SqsMessage {
  Body: string;
}

/** A rule with `pattern` on `bus` feeding a queue of its own; returns the queue URL. */
async function createRule(bus: string, rule: string, pattern: EventPattern): Promise<string> {
  const { QueueUrl } = await motoJson<{ QueueUrl: string }>('sqs', 'AmazonSQS.CreateQueue', { QueueName: rule });
  await events('PutRule', { Name: rule, EventBusName: bus, EventPattern: JSON.stringify(pattern) });
  await events('PutTargets', {
    Rule: rule,
    EventBusName: bus,
    Targets: [
      {
        Id: 'queue',
        Arn: `arn:aws:sqs:${MOTO_REGION}:${MOTO_ACCOUNT}:${rule}`,
        InputTransformer: { InputPathsMap: { id: '$.id' }, InputTemplate: '{"id": "<id>"}' },
      },
    ],
  });
  return QueueUrl;
}

/** Sends each event to its bus, 10 per call; returns the event ids in order. */
async function putEvents(sent: Array<{ bus: string; event: SendableEvent }>): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < sent.length; from += PUT_EVENTS_BATCH) {
    const entries = sent.slice(from, from + PUT_EVENTS_BATCH).map(({ bus, event }) => ({
      EventBusName: bus,
      Source: event.source,
      DetailType: event['detail-type'],
      Resources: event.resources,
      Detail: JSON.stringify(event.detail),
    }));
    const out = await events('PutEvents', { Entries: entries });
    if (out.FailedEntryCount !== 0) throw new Error(`PutEvents refused entries: ${JSON.stringify(out)}`);
    ids.push(...(out.Entries as Array<{ EventId: string }>).map((entry) => entry.EventId));
  }
  return ids;
}

/** The ids of the events delivered to a queue; they stay invisible, so each is read once. */
async function deliveredIds(queueUrl: string): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const { Messages = [] } = await motoJson<{ Messages?: SqsMessage[] }>('sqs', 'AmazonSQS.ReceiveMessage', {
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 43_200,
      WaitTimeSeconds: 0,
    });
    if (Messages.length === 0) return ids;
    ids.push(...Messages.map((message) => (JSON.parse(message.Body) as { id: string }).id));
  }
}

/** Creates a bus with a rule per named pattern, each feeding its own queue. */
export async function createPatternBus(patterns: Record<string, EventPattern>): Promise<PatternBus> {
  const bus = uniqueName('patterns');
  await events('CreateEventBus', { Name: bus });
  const rules = await Promise.all(
    Object.entries(patterns).map(async ([name, pattern], i) => ({
      name,
      queueUrl: await createRule(bus, `${bus}-${i}`, pattern),
    })),
  );
  return {
    async match(sent) {
      const ids = await putEvents(sent.map((event) => ({ bus, event })));
      const indexOf = new Map(ids.map((id, i) => [id, i]));
      const matched: string[][] = sent.map(() => []);
      for (const rule of rules) {
        for (const id of await deliveredIds(rule.queueUrl)) matched[indexOf.get(id)!]!.push(rule.name);
      }
      return matched.map((names) => names.sort());
    },
  };
}

/** Whether each pattern matches its own event: one bus and rule per pair, so no event meets another's rule. */
export async function matchPairs(pairs: Array<{ pattern: EventPattern; event: SendableEvent }>): Promise<boolean[]> {
  const prefix = uniqueName('pair');
  const buses = await Promise.all(
    pairs.map(async ({ pattern }, i) => {
      const bus = `${prefix}-${i}`;
      await events('CreateEventBus', { Name: bus });
      return { bus, queueUrl: await createRule(bus, bus, pattern) };
    }),
  );
  const ids = await putEvents(pairs.map(({ event }, i) => ({ bus: buses[i]!.bus, event })));
  return Promise.all(buses.map(async ({ queueUrl }, i) => (await deliveredIds(queueUrl)).includes(ids[i]!)));
}

/** The fields of `event` PutEvents can carry, or why it cannot be sent (EventBridge would never deliver it). */
export function sendable(event: unknown): SendableEvent | string {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return 'not an object';
  const { source, 'detail-type': detailType, resources, detail } = event as Record<string, unknown>;
  if (typeof source !== 'string' || source === '') return 'no source';
  if (typeof detailType !== 'string' || detailType === '') return 'no detail-type';
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return 'detail is not an object';
  if (resources !== undefined && !(Array.isArray(resources) && resources.every((r) => typeof r === 'string'))) {
    return 'resources is not a list of strings';
  }
  return {
    source,
    'detail-type': detailType,
    resources: resources as string[] | undefined,
    detail: detail as Record<string, unknown>,
  };
}

/** The event as a rule sees it after PutEvents: no resources become an empty list. */
export function asDelivered(event: SendableEvent): SendableEvent {
  return { ...event, resources: event.resources ?? [] };
}
