/**
 * The failure contract of the real Lambda entry (functions/task-state-change/handler.ts: middy, the
 * runtime singletons configured from the environment, every client on moto_server through the fault
 * layer): invoked with one event, an invocation whose alert reached no channel throws, so the platform
 * invokes it again; re-invoking until success delivers every transition. Deployed behind SQS, the same
 * failure reports just those messages in `batchItemFailures`, and their redelivery alerts once.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleBatch } from '../../shared/use-cases/handle-batch.js';
import { handleEvent } from '../../shared/use-cases/handle-event.js';
import { type FakeSlack, type FakeSlackReply, SLACK_REPLIES, startFakeSlack } from '../helpers/fake-slack.js';
import { FaultPlan, injectFaults, useFastRetries } from '../helpers/fault-injection.js';
import { createTopicWithQueue, motoClientConfig, motoEndpoint, receiveAll, uniqueName } from '../helpers/moto.js';
import { createStateTable } from '../helpers/moto-state.js';
import { testDeps } from '../helpers/pipeline.js';
import { sqsRecord } from '../helpers/sqs.js';
import { crashStream, decidedPairs, slackPairs, snsPairs } from './support/faulty-pipeline.js';

// Lambda async invocation: the first attempt and two retries, then the dead-letter queue.
const PLATFORM_ATTEMPTS = 3;

// 4 s left: the runtime keeps a 3 s margin, so deliveries get 1 s.
const context = {
  functionName: 'ecs-lookout-task-state-change',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ecs-lookout-task-state-change',
  memoryLimitInMB: '256',
  awsRequestId: 'fault-test',
  getRemainingTimeInMillis: () => 4_000,
} as unknown as Context;

type Handler = (event: unknown, context: Context) => Promise<{ decisions: Array<{ category: string }> }>;

let slack: FakeSlack | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
  vi.unstubAllEnvs();
});

beforeEach(() => {
  vi.stubEnv('AWS_ENDPOINT_URL', motoEndpoint());
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
  vi.stubEnv('LOOKOUT_METRICS_MODE', 'memory');
  vi.stubEnv('LOOKOUT_LOG_LINES', '0');
});

/** Real handler with fresh runtime singletons; its SNS, DynamoDB and SSM clients go through `plan`. */
async function deployed(script: FakeSlackReply[]) {
  const { topicArn, queueUrl } = await createTopicWithQueue();
  const setup = new DynamoDBClient(motoClientConfig());
  const table = await createStateTable(setup);
  setup.destroy();
  slack = await startFakeSlack(script);
  const param = `/${uniqueName('lookout')}/slack-webhook`;
  await new SSMClient(motoClientConfig()).send(
    new PutParameterCommand({ Name: param, Type: 'SecureString', Value: slack.url }),
  );
  vi.stubEnv('LOOKOUT_TOPIC_ARN', topicArn);
  vi.stubEnv('LOOKOUT_STATE_TABLE', table);
  vi.stubEnv('LOOKOUT_SLACK_WEBHOOK_PARAM', param);
  vi.resetModules();
  const { handler } = (await import('../../functions/task-state-change/handler.js')) as unknown as {
    handler: Handler;
  };
  const { clients } = await import('../../shared/runtime/clients.js');
  const plan = new FaultPlan();
  for (const client of [clients.sns(), clients.dynamo(), clients.ssm()]) injectFaults(useFastRetries(client), plan);
  return { handler, plan, queueUrl, slack, script };
}

/** Invokes like the platform: again after a throw, at most PLATFORM_ATTEMPTS times; the errors, in order. */
async function invoke(handler: Handler, event: unknown, beforeAttempt?: (n: number) => void) {
  const outcomes: string[] = [];
  for (let n = 0; n < PLATFORM_ATTEMPTS; n++) {
    beforeAttempt?.(n);
    try {
      await handler(structuredClone(event), context);
      outcomes.push('ok');
      return outcomes;
    } catch (error) {
      outcomes.push((error as Error).name);
    }
  }
  return outcomes;
}

/** The transitions each event gives with in-memory state and no faults. */
async function oracleByEvent(events: unknown[]): Promise<string[][]> {
  const { deps } = testDeps();
  const pairs: string[][] = [];
  for (const [i, event] of events.entries()) pairs.push(decidedPairs(await handleEvent(deps, event, `#${i}`)));
  return pairs;
}

const oracle = async (events: unknown[]) => (await oracleByEvent(events)).flat();

describe('the Lambda handler failure contract under faults (real middy entry, runtime singletons, moto)', () => {
  it('both channels down on the first invocation of every event: it throws, the retry delivers each transition once', async () => {
    const script: FakeSlackReply[] = [SLACK_REPLIES.serverError];
    const { handler, plan, queueUrl } = await deployed(script);
    let outage = false;
    plan.add({ command: 'Publish', fault: 'throttle', times: Number.POSITIVE_INFINITY, when: () => outage });
    const slackAnswers = (reply: FakeSlackReply) => {
      while (script.length < (slack?.requests.length ?? 0)) script.push(script.at(-1)!);
      script.push(reply);
    };
    const events = crashStream(uniqueName('prod'), ['api', 'web'], 3);
    const outcomes: string[][] = [];
    for (const event of events) {
      outcomes.push(
        await invoke(handler, event, (n) => {
          outage = n === 0;
          slackAnswers(outage ? SLACK_REPLIES.serverError : SLACK_REPLIES.ok);
        }),
      );
    }
    // Events with an alert to send fail while both channels are down; the others (counted into an open incident) succeed.
    const byEvent = await oracleByEvent(events);
    expect(outcomes).toEqual(byEvent.map((pairs) => (pairs.length > 0 ? ['DeliveryError', 'ok'] : ['ok'])));
    const expected = byEvent.flat();
    expect(expected).toHaveLength(4);
    expect(snsPairs(await receiveAll(queueUrl))).toEqual(expected);
    expect(slackPairs(slack!, script)).toEqual(expected);
  });

  it('the state table throttled past the SDK retries: the handler throws; once it recovers the retry alerts once', async () => {
    const { handler, plan, queueUrl } = await deployed([SLACK_REPLIES.ok]);
    plan.add({ command: 'PutItem', fault: 'throttle', times: Number.POSITIVE_INFINITY });
    const [event] = crashStream(uniqueName('prod'), ['api'], 1);
    const outcomes = await invoke(handler, event, (n) => n === 1 && plan.clear());
    expect(outcomes).toEqual(['ThrottlingException', 'ok']);
    expect(snsPairs(await receiveAll(queueUrl))).toEqual(await oracle([event]));
  });

  it('the webhook parameter unreadable (SSM AccessDenied): Slack fails, SNS delivers, the invocation succeeds', async () => {
    const { handler, plan, queueUrl } = await deployed([SLACK_REPLIES.ok]);
    plan.add({ command: 'GetParameter', fault: 'access-denied', times: Number.POSITIVE_INFINITY });
    const [event] = crashStream(uniqueName('prod'), ['api'], 1);
    expect(await invoke(handler, event)).toEqual(['ok']);
    expect(snsPairs(await receiveAll(queueUrl))).toEqual(await oracle([event]));
    expect(slack?.requests).toHaveLength(0);
  });

  it('an outage longer than the platform retries: every attempt throws, so the event goes to the dead-letter queue', async () => {
    const { handler, plan } = await deployed([SLACK_REPLIES.noService]);
    plan.add({ command: 'Publish', fault: 'server-error', times: Number.POSITIVE_INFINITY });
    const [event] = crashStream(uniqueName('prod'), ['api'], 1);
    expect(await invoke(handler, event)).toEqual(['DeliveryError', 'DeliveryError', 'DeliveryError']);
  });

  it('deployed behind SQS: a batch whose alerts reached no channel reports just those messages; their redelivery alerts once', async () => {
    const script: FakeSlackReply[] = [SLACK_REPLIES.serverError];
    const { handler, plan, queueUrl } = await deployed(script);
    let outage = true;
    plan.add({ command: 'Publish', fault: 'throttle', times: Number.POSITIVE_INFINITY, when: () => outage });
    const events = crashStream(uniqueName('prod'), ['api', 'web'], 3);
    const records = events.map((event, i) => sqsRecord(`m-${i}`, JSON.stringify(event)));
    type BatchResult = { batchItemFailures: Array<{ itemIdentifier: string }> };
    // First receive: SNS throttled past its retries and Slack answering 500.
    const first = (await handler({ Records: records }, context)) as unknown as BatchResult;
    const failed = first.batchItemFailures.map((f) => f.itemIdentifier);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(records.length);
    // SQS delivers only the failed messages again, after the visibility timeout; both channels are back.
    outage = false;
    while (script.length < (slack?.requests.length ?? 0)) script.push(script.at(-1)!);
    script.push(SLACK_REPLIES.ok);
    const again = records.filter((r) => failed.includes(r.messageId));
    const second = (await handler({ Records: again }, context)) as unknown as BatchResult;
    expect(second.batchItemFailures).toEqual([]);
    // What the same batch decides with in-memory state and no faults (opened and escalated within one batch
    // are one 'opened' alert, as the incident stands): each of those transitions reached both channels once.
    const { deps } = testDeps();
    const batch = await handleBatch(
      deps,
      events.map((value, i) => ({ input: `m-${i}`, value })),
    );
    const expected = batch.effects.flatMap((e) =>
      e.effect === 'alert' && e.ok && e.channel === 'sns' ? [`${e.incident} ${e.transition}`] : [],
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(snsPairs(await receiveAll(queueUrl))).toEqual(expected);
    expect(slackPairs(slack!, script)).toEqual(expected);
  });

  it('an invalid event returns normally, so the platform never retries it', async () => {
    const { handler } = await deployed([SLACK_REPLIES.ok]);
    const result = await handler({ source: 'aws.ecs', 'detail-type': 'ECS Task State Change', detail: 7 }, context);
    expect(result.decisions).toEqual([expect.objectContaining({ category: 'invalid' })]);
  });
});
