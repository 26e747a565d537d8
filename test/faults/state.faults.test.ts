import { describe, expect, it } from 'vitest';
import { handleEvent } from '../../shared/use-cases/handle-event.js';
import type { FaultKind } from '../helpers/fault-injection.js';
import { createTopicWithQueue, receiveAll, uniqueName } from '../helpers/moto.js';
import { testDeps } from '../helpers/pipeline.js';
import { seeded } from '../helpers/random.js';
import {
  type Attempt,
  crashStream,
  decidedPairs,
  faultyPipeline,
  invokeUntilSuccess,
  snsPairs,
} from './support/faulty-pipeline.js';

const STATE_COMMANDS = [
  'GetItem',
  'BatchGetItem',
  'PutItem',
  'TransactWriteItems',
  'UpdateItem',
  'DeleteItem',
  'Query',
];

async function setup() {
  const { topicArn, queueUrl } = await createTopicWithQueue();
  const pipeline = await faultyPipeline({ topicArn });
  const cluster = uniqueName('prod');
  return { ...pipeline, queueUrl, cluster };
}

/** What the same stream gives with in-memory state and no faults: `incident transition`, in order. */
async function oracle(events: unknown[]): Promise<string[]> {
  const { deps } = testDeps({ LOOKOUT_METRICS_MODE: 'memory' });
  const pairs: string[] = [];
  for (const [i, event] of events.entries()) pairs.push(...decidedPairs(await handleEvent(deps, event, `#${i}`)));
  return pairs;
}

const outcome = (attempts: Attempt[]) => attempts.map((a) => a.error?.name ?? 'ok');

describe('DynamoDB faults: retried by the SDK, or the invocation fails; never a skipped event', () => {
  it.each<FaultKind>(['throttle', 'server-error', 'timeout'])(
    'a %s on every other state-table request: same incidents, alerts and metrics as without faults',
    async (fault) => {
      const { deps, plan, queueUrl, cluster, metrics } = await setup();
      let n = 0;
      for (const command of STATE_COMMANDS) {
        plan.add({ command, fault, delayMs: 5, times: Number.POSITIVE_INFINITY, when: () => n++ % 2 === 0 });
      }
      const events = crashStream(cluster, ['api', 'web'], 3);
      for (const [i, event] of events.entries()) await handleEvent(deps, event, `#${i}`);
      expect(plan.attempts('PutItem', (c) => c.fault === fault)).toBeGreaterThan(5);
      expect(snsPairs(await receiveAll(queueUrl))).toEqual(await oracle(events));
      expect(metrics.total('TaskFailures')).toBe(6);
      expect(metrics.total('IncidentsOpened')).toBe(2);
      expect(metrics.total('EventsProcessed', { Outcome: 'processed' })).toBe(6);
    },
  );

  it('a lost response on every other state-table request: same alerts, every event processed', async () => {
    const { deps, plan, queueUrl, cluster, metrics } = await setup();
    let n = 0;
    for (const command of STATE_COMMANDS) {
      plan.add({ command, fault: 'lost-response', times: Number.POSITIVE_INFINITY, when: () => n++ % 2 === 0 });
    }
    const events = crashStream(cluster, ['api', 'web'], 3);
    for (const [i, event] of events.entries()) await handleEvent(deps, event, `#${i}`);
    expect(snsPairs(await receiveAll(queueUrl))).toEqual(await oracle(events));
    expect(metrics.total('EventsProcessed', { Outcome: 'processed' })).toBe(6);
    // The SDK's retry of an incident write that landed fails its own condition; the pipeline reads the
    // item back, recognises its own write id, and counts the event as the first (and only) handling.
    expect(metrics.total('TaskFailures')).toBe(6);
  });

  it.each([
    ['BatchGetItem', 'reading the incident'],
    ['PutItem', 'writing the incident'],
  ])(
    '%s throttled past the SDK retries (%s): the invocation fails, nothing is sent, the retry alerts once',
    async (command) => {
      const { deps, plan, queueUrl, cluster } = await setup();
      const [event] = crashStream(cluster, ['api'], 1);
      const incidentItem = (input: Record<string, unknown>) => JSON.stringify(input).includes('incident#');
      plan.add({ command, when: incidentItem, fault: 'throttle', times: Number.POSITIVE_INFINITY });
      // The first invocation meets the fault on every SDK attempt; the platform's retry does not.
      const attempts = await invokeUntilSuccess(deps, event, 'crash', { beforeAttempt: (n) => n > 0 && plan.clear() });
      expect(outcome(attempts)).toEqual(['ThrottlingException', 'ok']);
      expect(plan.attempts(command, (c) => c.fault === 'throttle')).toBeGreaterThanOrEqual(5);
      expect(decidedPairs(attempts[1]?.effects ?? [])).toEqual(await oracle([event]));
      expect(snsPairs(await receiveAll(queueUrl))).toEqual(await oracle([event]));
    },
  );

  it('random throttling (60% of state requests) over a stream with platform retries: every transition sent', async () => {
    const { deps, plan, queueUrl, cluster } = await setup();
    const random = seeded(6);
    for (const command of STATE_COMMANDS) {
      plan.add({ command, fault: 'throttle', times: Number.POSITIVE_INFINITY, when: () => random() < 0.6 });
    }
    const events = crashStream(cluster, ['api', 'web', 'worker'], 4);
    const attempts: Attempt[][] = [];
    for (const [i, event] of events.entries())
      attempts.push(await invokeUntilSuccess(deps, event, `#${i}`, { maxAttempts: 20 }));
    expect(attempts.every((a) => a.at(-1)?.effects !== undefined)).toBe(true);
    const failed = attempts.flat().filter((a) => a.error).length;
    expect(failed).toBeGreaterThan(0);
    const expected = await oracle(events);
    const sent = snsPairs(await receiveAll(queueUrl));
    expect(new Set(sent)).toEqual(new Set(expected));
    // A retry re-sends only when the earlier attempt published and then failed to record it.
    expect(sent.length - expected.length).toBeLessThanOrEqual(failed);
  });
});

describe('conditional-write races on the state table', () => {
  it('ten failures of one service handled at once: all counted, one opening alert, escalated at most once', async () => {
    const { deps, queueUrl, cluster, metrics } = await setup();
    const events = crashStream(cluster, ['api'], 10);
    // Losers of each conditional write decide again on fresh state (after a jittered wait), so none fails.
    const results = await Promise.all(events.map((event, i) => handleEvent(deps, event, `#${i}`)));
    const sent = snsPairs(await receiveAll(queueUrl));
    // An escalation decided before anyone heard of the opening is folded into it (one 'opened', critical).
    const transitions = sent.map((pair) => pair.split(' ')[1]);
    expect(transitions.filter((t) => t === 'opened')).toHaveLength(1);
    expect(transitions.filter((t) => t !== 'opened').length).toBeLessThanOrEqual(1);
    expect(results.flat().filter((e) => e.effect === 'decision' && e.incident)).toHaveLength(10);
    expect(metrics.total('TaskFailures')).toBe(10);
    // Past the escalation, further counts are metrics only: the item is written on transitions (and heartbeats).
    const [incident] = await deps.store.listOpenIncidents();
    expect(incident?.escalatedAt).toBeDefined();
    expect(incident?.totalFailures).toBeGreaterThanOrEqual(3);
    expect(incident?.outbox).toBeUndefined();
  });

  it('the same event delivered twice at once: counted once, alerted once', async () => {
    const { deps, queueUrl, cluster } = await setup();
    const [event] = crashStream(cluster, ['api'], 1);
    await Promise.all([handleEvent(deps, event, 'a'), handleEvent(deps, structuredClone(event), 'b')]);
    // An undone version mark reads as "a retry of a failed attempt", so the second copy passes the version
    // check while the first is still delivering; the send lease on the incident's outbox stops it re-sending.
    const sent = snsPairs(await receiveAll(queueUrl));
    expect(sent).toEqual(await oracle([event]));
    const [incident] = await deps.store.listOpenIncidents();
    expect(incident?.totalFailures).toBe(1);
  });
});
