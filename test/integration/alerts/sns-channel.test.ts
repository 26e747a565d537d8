import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { createSnsChannel } from '../../../shared/adapters/sns/sns-channel.js';
import { extractAlertJson } from '../../../shared/domain/alerts/sns-json.js';
import {
  createTopicWithQueue,
  MOTO_ACCOUNT,
  MOTO_REGION,
  motoClientConfig,
  motoJson,
  receiveAll,
  uniqueName,
} from '../../helpers/moto.js';
import { makeAlert } from '../../unit/domain/alerts/incident-factory.js';

/** The filter policy the README gives as an example: page only on critical openings and escalations in prod. */
const EXAMPLE_FILTER_POLICY = { severity: ['critical'], transition: ['opened', 'escalated'], cluster: ['prod'] };

const client = new SNSClient(motoClientConfig());
const inOneMinute = () => Date.now() + 60_000;

afterAll(() => client.destroy());

async function filteredQueue(topicArn: string): Promise<string> {
  const name = uniqueName('paging');
  const { QueueUrl } = await motoJson<{ QueueUrl: string }>('sqs', 'AmazonSQS.CreateQueue', { QueueName: name });
  await client.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: `arn:aws:sqs:${MOTO_REGION}:${MOTO_ACCOUNT}:${name}`,
      Attributes: { FilterPolicy: JSON.stringify(EXAMPLE_FILTER_POLICY) },
    }),
  );
  return QueueUrl;
}

describe('SNS channel on moto', () => {
  it('delivers subject, attributes and the JSON block through a topic to SQS', async () => {
    // Prepare
    const { topicArn, queueUrl } = await createTopicWithQueue();
    const channel = createSnsChannel({ client, topicArn });
    const alert = makeAlert('oom', 'escalated', { logLines: ['Starting', '<!channel> boom'] });

    // Act
    const result = await channel.send(alert, inOneMinute());
    const [message, ...more] = await receiveAll(queueUrl);

    // Assess
    expect(result).toMatchObject({ channel: 'sns', ok: true });
    expect(more).toHaveLength(0);
    expect(message?.sns?.Subject).toBe('[CRITICAL] Crash loop: service orders-api in prod');
    expect(message?.sns?.MessageAttributes).toMatchObject({
      severity: { Type: 'String', Value: 'critical' },
      transition: { Type: 'String', Value: 'escalated' },
      cluster: { Type: 'String', Value: 'prod' },
      service: { Type: 'String', Value: 'orders-api' },
    });
    expect(extractAlertJson(message?.sns?.Message ?? '')).toMatchObject({
      id: alert.id,
      logLines: ['Starting', '<!channel> boom'],
    });
  });

  it('lets the example filter policy keep only critical openings and escalations in prod', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: uniqueName('alerts') }));
    const queueUrl = await filteredQueue(TopicArn!);
    const channel = createSnsChannel({ client, topicArn: TopicArn! });

    await channel.send(makeAlert('app-exit', 'opened'), inOneMinute()); // warning: filtered out
    await channel.send(makeAlert('oom', 'resolved'), inOneMinute()); // resolved: filtered out
    await channel.send(makeAlert('oom', 'opened', { overrides: { cluster: 'staging' } }), inOneMinute()); // other cluster
    await channel.send(makeAlert('oom', 'opened'), inOneMinute()); // delivered

    const received = await receiveAll(queueUrl);
    expect(received.map((message) => message.sns?.Subject)).toEqual([
      '[CRITICAL] Out of memory: service orders-api in prod',
    ]);
  });

  it('reports a missing topic as a failed delivery', async () => {
    const channel = createSnsChannel({
      client,
      topicArn: `arn:aws:sns:${MOTO_REGION}:${MOTO_ACCOUNT}:${uniqueName('gone')}`,
    });

    const result = await channel.send(makeAlert(), inOneMinute());

    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/NotFound/);
  });
});
