import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it } from 'vitest';
import { createPutMetricDataSink } from '../../shared/adapters/metrics/put-metric-data-sink.js';
import { createDynamoStateStore } from '../../shared/adapters/state/dynamodb-store.js';
import { DeliveryError } from '../../shared/use-cases/effects.js';
import { handleEvent } from '../../shared/use-cases/handle-event.js';
import { runSweep } from '../../shared/use-cases/sweep.js';
import { type FakeSlack, type FakeSlackReply, SLACK_REPLIES, startFakeSlack } from '../helpers/fake-slack.js';
import { type FaultKind, FaultPlan, injectFaults } from '../helpers/fault-injection.js';
import { createTopicWithQueue, receiveAll, uniqueName } from '../helpers/moto.js';
import { testDeps } from '../helpers/pipeline.js';
import { seeded } from '../helpers/random.js';
import {
  type Attempt,
  crashStream,
  decidedPairs,
  faultyConfig,
  faultyPipeline,
  invokeUntilSuccess,
  slackPair,
  slackPairs,
  snsPairs,
} from './support/faulty-pipeline.js';

const servers: FakeSlack[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(script: FakeSlackReply[], options: { deliveryBudgetMs?: number } = {}) {
  const { topicArn, queueUrl } = await createTopicWithQueue();
  const slack = await startFakeSlack(script);
  servers.push(slack);
  const pipeline = await faultyPipeline({ topicArn, slack, ...options });
  return { ...pipeline, slack, script, queueUrl, cluster: uniqueName('prod') };
}

/** `incident transition` of each alert the same stream gives with in-memory state and no faults. */
async function oracle(events: unknown[]): Promise<string[]> {
  const { deps } = testDeps();
  const pairs: string[] = [];
  for (const [i, event] of events.entries()) pairs.push(...decidedPairs(await handleEvent(deps, event, `#${i}`)));
  return pairs;
}

function countOf(items: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

const extra = (items: string[]) => items.length - new Set(items).size;
const outcome = (attempts: Attempt[]) => attempts.map((a) => a.error?.name ?? 'ok');

describe('no alert lost: every transition reaches a channel, or the invocation fails and is retried', () => {
  it('a stream under random SNS and Slack faults and outages, retried by the platform until it succeeds', async () => {
    const random = seeded(42);
    const script: FakeSlackReply[] = [];
    const { deps, plan, queueUrl, slack, cluster } = await setup(script, { deliveryBudgetMs: 800 });
    /** From the next post on, Slack answers `replies` in order (the last repeats). */
    const slackAnswers = (replies: FakeSlackReply[]) => {
      const last = script.at(-1) ?? SLACK_REPLIES.ok;
      while (script.length < slack.requests.length) script.push(last);
      script.length = slack.requests.length;
      script.push(...replies);
    };
    const flakySlack = () =>
      Array.from({ length: 40 }, () => {
        const r = random();
        if (r < 0.2) return SLACK_REPLIES.serverError;
        if (r < 0.35) return SLACK_REPLIES.rateLimited('0');
        if (r < 0.4) return SLACK_REPLIES.hang;
        return SLACK_REPLIES.ok;
      });
    // Each invocation meets either an outage of both channels (about a third) or flaky channels, where
    // every other Publish attempt fails, cycling through the four kinds of fault.
    let outage = false;
    let publishes = 0;
    const counting = () => {
      publishes += 1;
      return false;
    };
    plan.add({ command: 'Publish', fault: 'throttle', when: counting });
    plan.add({ command: 'Publish', fault: 'throttle', times: Number.POSITIVE_INFINITY, when: () => outage });
    const cycle: FaultKind[] = ['throttle', 'server-error', 'timeout', 'lost-response'];
    for (const [k, fault] of cycle.entries()) {
      plan.add({ command: 'Publish', fault, times: Number.POSITIVE_INFINITY, when: () => publishes % 8 === 2 * k + 1 });
    }
    const beforeAttempt = () => {
      outage = random() < 0.35;
      slackAnswers(outage ? [random() < 0.5 ? SLACK_REPLIES.serverError : SLACK_REPLIES.hang] : flakySlack());
    };
    const events = crashStream(cluster, ['api', 'web', 'worker', 'cart'], 3);
    const attempts: Attempt[] = [];
    for (const [i, event] of events.entries()) {
      attempts.push(...(await invokeUntilSuccess(deps, event, `#${i}`, { maxAttempts: 12, beforeAttempt })));
    }

    const expected = await oracle(events);
    expect(expected).toHaveLength(8);
    const sns = snsPairs(await receiveAll(queueUrl));
    const toSlack = slackPairs(slack, script);
    for (const pair of expected) expect([...sns, ...toSlack]).toContain(pair);
    const failed = attempts.filter((a) => a.error);
    expect(failed.length).toBeGreaterThan(0);
    for (const fault of cycle) expect(plan.attempts('Publish', (c) => c.fault === fault)).toBeGreaterThan(0);
    expect(failed.every((a) => a.error instanceof DeliveryError)).toBe(true);
    expect(attempts.filter((a) => a.effects)).toHaveLength(events.length);
    // Duplicates: SNS only when a Publish response was lost and the SDK sent it again (no dedup on a
    // standard topic); Slack never among accepted posts (a failed invocation delivered nowhere, so its
    // retry resends nothing that was recorded).
    expect(extra(sns)).toBeLessThanOrEqual(plan.attempts('Publish', (c) => c.fault === 'lost-response'));
    expect(extra(toSlack)).toBe(0);
  });

  it('both channels down: the invocation fails (DeliveryError); the retry delivers once to each', async () => {
    const script = [SLACK_REPLIES.serverError, SLACK_REPLIES.serverError, SLACK_REPLIES.serverError];
    const { deps, plan, queueUrl, slack, cluster } = await setup([...script, SLACK_REPLIES.ok], {
      deliveryBudgetMs: 1_000,
    });
    plan.add({ command: 'Publish', fault: 'throttle', times: Number.POSITIVE_INFINITY });
    const [event] = crashStream(cluster, ['api'], 1);
    const attempts = await invokeUntilSuccess(deps, event, 'crash', {
      beforeAttempt: (n) => n === 1 && plan.clear(),
    });
    expect(outcome(attempts)).toEqual(['DeliveryError', 'ok']);
    expect(plan.attempts('Publish', (c) => c.fault === 'throttle')).toBe(4);
    const expected = await oracle([event]);
    expect(snsPairs(await receiveAll(queueUrl))).toEqual(expected);
    expect(slackPairs(slack, [...script, SLACK_REPLIES.ok])).toEqual(expected);
  });

  it('SNS throttled on every attempt, Slack rate limited with Retry-After: delivered to Slack after the wait asked', async () => {
    const script = [SLACK_REPLIES.rateLimited('1'), SLACK_REPLIES.ok];
    const { deps, plan, queueUrl, slack, slackWaits, cluster } = await setup(script);
    plan.add({ command: 'Publish', fault: 'throttle', times: Number.POSITIVE_INFINITY });
    const [event] = crashStream(cluster, ['api'], 1);
    const effects = await handleEvent(deps, event, 'crash');
    expect(effects.filter((e) => e.effect === 'alert').map((e) => [e.channel, e.ok])).toEqual(
      expect.arrayContaining([
        ['sns', false],
        ['slack', true],
      ]),
    );
    expect(slackWaits.requested).toEqual([1_000]);
    expect(slackPairs(slack, script)).toEqual(await oracle([event]));
    expect(await receiveAll(queueUrl)).toHaveLength(0);
  });

  it('Slack down, SNS up: the invocation succeeds; a redelivery sends nothing; the sweep sends to Slack only', async () => {
    const script: FakeSlackReply[] = [SLACK_REPLIES.serverError];
    const { deps, queueUrl, slack, cluster } = await setup(script, { deliveryBudgetMs: 600 });
    const start = Date.parse('2026-11-27T12:00:00Z');
    const [event] = crashStream(cluster, ['api'], 1, start);
    await handleEvent(deps, event, 'crash');
    const failedPosts = slack.requests.length;
    expect(failedPosts).toBeGreaterThan(0);
    await handleEvent(deps, structuredClone(event), 'redelivered');
    expect(slack.requests).toHaveLength(failedPosts);
    // Slack is back: the next post is answered 200.
    script.splice(
      0,
      script.length,
      ...Array<FakeSlackReply>(failedPosts).fill(SLACK_REPLIES.serverError),
      SLACK_REPLIES.ok,
    );
    await runSweep(deps, new Date(start + 3 * 60_000).toISOString());
    const expected = await oracle([event]);
    expect(snsPairs(await receiveAll(queueUrl))).toEqual(expected);
    expect(slackPairs(slack, script)).toEqual(expected);
    const [incident] = await deps.store.listOpenIncidents();
    expect(incident?.outbox).toBeUndefined();
  });

  it('Slack hangs once (the attempt times out), then answers: delivered with one retry', async () => {
    const script = [SLACK_REPLIES.hang, SLACK_REPLIES.ok];
    const { deps, slack, cluster } = await setup(script);
    const [event] = crashStream(cluster, ['api'], 1);
    const effects = await handleEvent(deps, event, 'crash');
    expect(effects.find((e) => e.effect === 'alert' && e.channel === 'slack')).toMatchObject({ ok: true });
    expect(slack.requests).toHaveLength(2);
  });

  it('PutMetricData failing on every attempt never fails the invocation nor holds back the alerts', async () => {
    const { deps, queueUrl, cluster } = await setup([SLACK_REPLIES.ok]);
    const plan = new FaultPlan().add({ command: 'PutMetricData', fault: 'server-error', times: 99 });
    const cloudwatch = injectFaults(new CloudWatchClient(faultyConfig()), plan);
    deps.metrics = createPutMetricDataSink({ client: cloudwatch, namespace: uniqueName('ECSLookoutFaults') });
    const [event] = crashStream(cluster, ['api'], 1);
    await handleEvent(deps, event, 'crash');
    await expect(deps.metrics.flush()).resolves.toBeUndefined();
    expect(plan.attempts('PutMetricData')).toBeGreaterThanOrEqual(5);
    expect(snsPairs(await receiveAll(queueUrl))).toEqual(await oracle([event]));
  });
});

describe('duplicates on retry: only what the channels themselves allow', () => {
  it('a lost SNS Publish response: the SDK retry publishes again, so the topic carries one duplicate', async () => {
    const { deps, plan, queueUrl, slack, cluster } = await setup([SLACK_REPLIES.ok]);
    plan.add({ command: 'Publish', fault: 'lost-response' });
    const [event] = crashStream(cluster, ['api'], 1);
    await handleEvent(deps, event, 'crash');
    const [pair] = await oracle([event]);
    expect(countOf(snsPairs(await receiveAll(queueUrl))).get(pair!)).toBe(2);
    expect(slackPairs(slack, [SLACK_REPLIES.ok])).toEqual([pair]);
  });

  it('Slack received the post but the answer never came (hang): the retry posts it again, once', async () => {
    const script = [SLACK_REPLIES.hang, SLACK_REPLIES.ok];
    const { deps, slack, cluster } = await setup(script);
    const [event] = crashStream(cluster, ['api'], 1);
    await handleEvent(deps, event, 'crash');
    // Slack webhooks take no idempotency key: if the hung post was processed, the channel shows it twice.
    const [pair] = await oracle([event]);
    expect(slack.requests.map((request) => slackPair(request.json))).toEqual([pair, pair]);
  });

  it('both channels delivered, then recording it failed: the retry holds off during the send lease, the sweep resends once', async () => {
    const { deps, plan, queueUrl, slack, cluster } = await setup([SLACK_REPLIES.ok]);
    let now = Date.now();
    deps.clock = () => new Date(now);
    const [event] = crashStream(cluster, ['api'], 1);
    // The write that records the delivery (the incident, its outbox cleared) is throttled past the SDK's retries.
    const recordsDelivery = (input: Record<string, unknown>) =>
      JSON.stringify(input).includes('incident#') && !JSON.stringify(input).includes('"outbox"');
    plan.add({ command: 'PutItem', when: recordsDelivery, fault: 'throttle', times: 5 });
    const attempts = await invokeUntilSuccess(deps, event, 'crash');
    expect(outcome(attempts)).toEqual(['ThrottlingException', 'ok']);
    const [pair] = await oracle([event]);
    // The retry found the first attempt's send lease still held, so it did not send again.
    expect(snsPairs(await receiveAll(queueUrl))).toEqual([pair]);
    expect(slackPairs(slack, [SLACK_REPLIES.ok])).toEqual([pair]);
    // Nobody knows the first sends landed: once the lease lapses, the sweep resends, once per channel.
    now += 3 * 60_000;
    await runSweep(deps, new Date(now).toISOString());
    expect(snsPairs(await receiveAll(queueUrl))).toEqual([pair]);
    expect(slackPairs(slack, [SLACK_REPLIES.ok])).toEqual([pair, pair]);
  });

  it('SNS delivered and recorded, Slack refused, then the event comes again to another container: it resends to Slack only', async () => {
    // A refusal of this one message (not a revoked webhook, which gives the transition up on Slack).
    const script = [SLACK_REPLIES.invalidBlocks, SLACK_REPLIES.ok];
    const { deps, queueUrl, slack, cluster, table, clients } = await setup(script);
    const [event] = crashStream(cluster, ['api'], 1);
    await handleEvent(deps, event, 'crash');
    // Another container (its own store, nothing remembered) knows the event only from the incident's
    // applied keys, so it may be the retry of an attempt that died midway: it sends what is still owed.
    const other = { ...deps, store: createDynamoStateStore({ client: clients.dynamo, table }) };
    const effects = await handleEvent(other, structuredClone(event), 'redelivered');
    expect(effects.find((e) => e.effect === 'decision')).toMatchObject({ reason: 'duplicate' });
    const [pair] = await oracle([event]);
    expect(snsPairs(await receiveAll(queueUrl))).toEqual([pair]);
    expect(slackPairs(slack, script)).toEqual([pair]);
  });
});
