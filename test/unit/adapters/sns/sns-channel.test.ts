import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSnsChannel } from '../../../../shared/adapters/sns/sns-channel.js';
import { renderSns } from '../../../../shared/domain/alerts/sns.js';
import { SLACK_REPLIES, startFakeSlack } from '../../../helpers/fake-slack.js';
import { makeAlert } from '../../domain/alerts/incident-factory.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ecs-lookout-alerts';
const sns = mockClient(SNSClient);
const inOneMinute = () => Date.now() + 60_000;

beforeEach(() => {
  sns.reset();
});

function channel(topicArn = TOPIC, warnings: unknown[] = []) {
  return createSnsChannel({
    client: new SNSClient({ region: 'eu-west-1' }),
    topicArn,
    logger: { warn: (message, extra) => warnings.push({ message, extra }) },
  });
}

describe('Function: createSnsChannel', () => {
  it('publishes the rendered subject, message and attributes to the topic', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1', $metadata: { attempts: 1 } });
    const alert = makeAlert('oom', 'escalated');

    const result = await channel().send(alert, inOneMinute());

    expect(result).toEqual({ channel: 'sns', ok: true, attempts: 1 });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC, ...renderSns(alert) });
  });

  it('reports the attempts the SDK made', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1', $metadata: { attempts: 3 } });
    expect((await channel().send(makeAlert(), inOneMinute())).attempts).toBe(3);
  });

  it('returns a failure instead of throwing', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform SNS:Publish'), {
      name: 'AuthorizationErrorException',
      $metadata: { attempts: 1 },
    });
    sns.on(PublishCommand).rejects(denied);
    const warnings: unknown[] = [];

    const result = await channel(TOPIC, warnings).send(makeAlert(), inOneMinute());

    expect(result).toEqual({
      channel: 'sns',
      ok: false,
      attempts: 1,
      error: 'AuthorizationErrorException: User is not authorized to perform SNS:Publish',
      permanent: true,
    });
    expect(warnings).toHaveLength(1);
  });

  it('makes no call when the deadline has passed', async () => {
    const result = await channel().send(makeAlert(), Date.now() - 1);
    expect(result).toEqual({
      channel: 'sns',
      ok: false,
      attempts: 0,
      error: 'deadline reached before the first attempt',
    });
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('adds a stable group and deduplication id on a FIFO topic', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const alert = makeAlert('oom', 'opened');
    const fifo = channel(`${TOPIC}.fifo`);

    await fifo.send(alert, inOneMinute());
    await fifo.send(alert, inOneMinute());

    const inputs = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(inputs[0]?.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(inputs[0]?.MessageGroupId).toMatch(/^[0-9a-f]{64}$/);
    expect(inputs[1]?.MessageDeduplicationId).toBe(inputs[0]?.MessageDeduplicationId);
  });

  it('sets no FIFO fields on a standard topic', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await channel().send(makeAlert(), inOneMinute());
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.MessageGroupId).toBeUndefined();
  });
});

describe('Function: createSnsChannel against a hanging endpoint', () => {
  it('aborts at the deadline instead of waiting for SNS', async () => {
    sns.restore();
    const server = await startFakeSlack([SLACK_REPLIES.hang], '/');
    try {
      const client = new SNSClient({
        region: 'eu-west-1',
        endpoint: server.url,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
        maxAttempts: 1,
      });
      const slow = createSnsChannel({ client, topicArn: TOPIC });

      const result = await slow.send(makeAlert(), Date.now() + 500);

      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/^no answer from SNS before the deadline \(\d+ ms\)$/);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
