import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSlackReportDelivery } from '../../../../shared/adapters/report-delivery/slack-report-delivery.js';
import {
  clipBytes,
  createSnsReportDelivery,
  reportSubject,
} from '../../../../shared/adapters/report-delivery/sns-report-delivery.js';
import type { PostFunction } from '../../../../shared/adapters/slack/http-post.js';
import { buildHealthReport } from '../../../../shared/domain/report/build-report.js';
import { cluster, minutesAgo, NOW, POLICY, service } from '../../../fixtures/report/fleet.js';

const URL = 'https://hooks.slack.com/services/T000/B000/secret';
const report = buildHealthReport(
  {
    clusters: [
      cluster({
        services: [
          service({
            running: 0,
            events: [
              { at: minutesAgo(40), message: 'x' },
              { at: minutesAgo(99), message: 'has reached a steady state' },
            ],
          }),
        ],
      }),
    ],
  },
  { now: NOW, windowMs: 86_400_000, incidents: [], policy: POLICY },
);
const later = () => Date.now() + 60_000;

/** A webhook POST that answers with the given statuses in turn (then 200) and records the bodies. */
function fakePost(answers: { status: number; retryAfter?: string }[]) {
  const bodies: unknown[] = [];
  const post: PostFunction = async (_url, init) => {
    bodies.push(JSON.parse(String(init?.body)));
    const answer = answers.shift() ?? { status: 200 };
    const headers = answer.retryAfter ? { 'retry-after': answer.retryAfter } : undefined;
    return new Response(answer.status === 200 ? 'ok' : 'nope', { status: answer.status, headers });
  };
  return { post, bodies };
}

/** The delivery on a virtual clock that its waits move forward (the largest jitter: waits are 500, 1000, 2000 ms …). */
function slack(answers: { status: number; retryAfter?: string }[], slept: number[] = []) {
  const fake = fakePost(answers);
  let clock = Date.now();
  const delivery = createSlackReportDelivery({
    webhookUrl: async () => URL,
    fetch: fake.post,
    now: () => clock,
    random: () => 1,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
  });
  return { delivery, bodies: fake.bodies, at: (ms: number) => clock + ms };
}

describe('Function: createSlackReportDelivery', () => {
  it('posts the Block Kit rendering of the report', async () => {
    const { delivery, bodies } = slack([{ status: 200 }]);
    expect(await delivery.deliver(report, later())).toEqual({ channel: 'slack', ok: true, attempts: 1 });
    expect(bodies[0]).toMatchObject({ text: 'ECS health: CRITICAL: 1 problem', blocks: expect.any(Array) });
  });

  it.each([
    // Slack's rate limit: wait what it says, then succeed
    {
      name: '429 then ok',
      answers: [{ status: 429, retryAfter: '2' }, { status: 200 }],
      ok: true,
      attempts: 2,
      slept: [2000],
    },
    // server errors back off exponentially
    {
      name: '5xx then ok',
      answers: [{ status: 503 }, { status: 500 }, { status: 200 }],
      ok: true,
      attempts: 3,
      slept: [500, 1000],
    },
    // a client error will not get better
    { name: '404 fails at once', answers: [{ status: 404 }], ok: false, attempts: 1, slept: [] },
    // retries until the deadline: 500 + 1000 + 2000 + 4000 ms of waits fit in 10 s, the next 8 s does not
    {
      name: 'gives up when the next wait would pass the deadline',
      answers: Array.from({ length: 9 }, () => ({ status: 500 })),
      ok: false,
      attempts: 5,
      slept: [500, 1000, 2000, 4000],
      deadlineMs: 10_000,
    },
  ])('$name', async ({ answers, ok, attempts, slept, deadlineMs }) => {
    const waits: number[] = [];
    const { delivery, at } = slack(answers, waits);
    const result = await delivery.deliver(report, at(deadlineMs ?? 60_000));
    expect([result.ok, result.attempts]).toEqual([ok, attempts]);
    expect(waits).toEqual(slept);
    if (!ok) expect(result.error).not.toContain('secret');
  });

  it('does not wait past the deadline', async () => {
    const waits: number[] = [];
    const { delivery, at } = slack([{ status: 429, retryAfter: '30' }], waits);
    const result = await delivery.deliver(report, at(1_000));
    expect(result).toMatchObject({
      ok: false,
      attempts: 1,
      error: 'HTTP 429 nope; no time left to retry (next attempt in 30000 ms)',
    });
    expect(waits).toEqual([]);
  });

  it('reports an unreadable webhook URL without trying', async () => {
    const delivery = createSlackReportDelivery({
      webhookUrl: async () => Promise.reject(new Error('SSM parameter /x has no value')),
    });
    expect(await delivery.deliver(report, later())).toEqual({
      channel: 'slack',
      ok: false,
      attempts: 0,
      error: 'webhook URL unavailable: SSM parameter /x has no value',
    });
  });
});

describe('Function: createSnsReportDelivery', () => {
  const sns = mockClient(SNSClient);
  const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ecs-lookout';
  const delivery = () => createSnsReportDelivery({ client: new SNSClient({ region: 'eu-west-1' }), topicArn: TOPIC });

  beforeEach(() => {
    sns.reset();
  });

  it('publishes the Markdown report with a short subject and the status attribute', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm', $metadata: { attempts: 1 } });
    expect(await delivery().deliver(report, later())).toEqual({ channel: 'sns', ok: true, attempts: 1 });
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      TopicArn: TOPIC,
      Subject: 'ECS health: CRITICAL, 1 problem (last 24h)',
      MessageAttributes: { status: { DataType: 'String', StringValue: 'CRITICAL' } },
    });
    expect(input.Message?.startsWith('# ECS health: CRITICAL')).toBe(true);
  });

  it('leaves retrying to the SDK client, reports its attempts, and bounds the call by the deadline', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm', $metadata: { attempts: 2 } });
    expect((await delivery().deliver(report, later())).attempts).toBe(2);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    // send(command, options): the second argument the client got.
    const [, sendOptions] = sns.commandCalls(PublishCommand)[0]!.args as unknown[];
    expect(sendOptions).toEqual({ abortSignal: expect.any(AbortSignal) });
  });

  it('reports the error the SDK client gave up on, with its attempts', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { attempts: 4 } });
    sns.on(PublishCommand).rejects(throttled);
    expect(await delivery().deliver(report, later())).toEqual({
      channel: 'sns',
      ok: false,
      attempts: 4,
      error: 'Throttling: Rate exceeded',
    });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('does not publish once the deadline has passed', async () => {
    expect(await delivery().deliver(report, Date.now() - 1)).toEqual({
      channel: 'sns',
      ok: false,
      attempts: 0,
      error: 'deadline reached',
    });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('keeps the message under 256 KB without splitting a character', () => {
    const text = 'é'.repeat(200_000);
    const clipped = clipBytes(text, 250 * 1024);
    expect(Buffer.byteLength(clipped)).toBeLessThanOrEqual(250 * 1024);
    expect(clipped).not.toContain('\uFFFD');
    expect(clipped.endsWith('(cut to fit SNS; the JSON report has everything)\n')).toBe(true);
    expect(clipBytes('short', 100)).toBe('short');
    expect(reportSubject(report).length).toBeLessThan(100);
  });
});
