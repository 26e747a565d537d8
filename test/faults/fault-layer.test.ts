import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeTasksCommand, ECSClient, ListTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaultPlan, injectFaults, modelRunTaskIdempotency } from '../helpers/fault-injection.js';
import {
  createCluster,
  createTopicWithQueue,
  defaultNetwork,
  motoClientConfig,
  receiveAll,
  registerTaskDefinition,
} from '../helpers/moto.js';
import { createStateTable } from '../helpers/moto-state.js';
import { faultyConfig } from './support/faulty-pipeline.js';

// The harness itself: each fault reaches the SDK's real retry strategy the way a wire fault would.
describe('the fault layer between the SDK and moto_server', () => {
  let table: string;
  beforeAll(async () => {
    const setup = new DynamoDBClient(motoClientConfig());
    table = await createStateTable(setup);
    setup.destroy();
  });

  const put = (client: DynamoDBClient, pk: string) =>
    client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, sk: { S: 'item' } } }));
  const stored = async (pk: string) =>
    (
      await new DynamoDBClient(motoClientConfig()).send(
        new GetItemCommand({ TableName: table, Key: { pk: { S: pk }, sk: { S: 'item' } } }),
      )
    ).Item;

  it.each(['throttle', 'server-error', 'timeout'] as const)(
    'retries a %s and succeeds on the attempt after the faults (4 faults, 5 attempts)',
    async (fault) => {
      const plan = new FaultPlan().add({ command: 'PutItem', fault, times: 4, delayMs: 5 });
      const client = injectFaults(new DynamoDBClient(faultyConfig()), plan);
      const out = await put(client, `ok-${fault}`);
      expect(out.$metadata.attempts).toBe(5);
      expect(plan.attempts('PutItem', (c) => c.fault === fault)).toBe(4);
      expect(await stored(`ok-${fault}`)).toBeDefined();
    },
  );

  it.each([
    ['throttle', 'ThrottlingException'],
    ['server-error', 'InternalFailure'],
  ] as const)('gives up on a persistent %s after 5 attempts with the service error', async (fault, name) => {
    const plan = new FaultPlan().add({ command: 'PutItem', fault, times: Number.POSITIVE_INFINITY });
    const client = injectFaults(new DynamoDBClient(faultyConfig()), plan);
    await expect(put(client, `never-${fault}`)).rejects.toMatchObject({ name, $metadata: { attempts: 5 } });
    expect(await stored(`never-${fault}`)).toBeUndefined();
  });

  it('does not retry AccessDenied', async () => {
    const plan = new FaultPlan().add({ command: 'PutItem', fault: 'access-denied', times: 9 });
    const client = injectFaults(new DynamoDBClient(faultyConfig()), plan);
    await expect(put(client, 'denied')).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(plan.attempts('PutItem')).toBe(1);
  });

  it('lets a lost response reach the service: the retry repeats a write that already happened', async () => {
    const { topicArn, queueUrl } = await createTopicWithQueue();
    const plan = new FaultPlan().add({ command: 'Publish', fault: 'lost-response' });
    const sns = injectFaults(new SNSClient(faultyConfig(4)), plan);
    const out = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'hello' }));
    expect(out.$metadata.attempts).toBe(2);
    // A standard topic has no deduplication: the subscriber gets the message twice.
    expect(await receiveAll(queueUrl)).toHaveLength(2);
  });

  it('aborts a slow request at the caller deadline', async () => {
    const { topicArn } = await createTopicWithQueue();
    const plan = new FaultPlan().add({ command: 'Publish', fault: 'slow', delayMs: 5_000 });
    const sns = injectFaults(new SNSClient(faultyConfig(4)), plan);
    const send = sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'late' }), {
      abortSignal: AbortSignal.timeout(50),
    });
    await expect(send).rejects.toMatchObject({ name: 'AbortError' });
  });

  describe('RunTask idempotency (modelled: moto ignores clientToken)', () => {
    async function fixture() {
      const cluster = await createCluster();
      const taskDefinition = await registerTaskDefinition();
      const network = await defaultNetwork();
      const input = {
        cluster,
        taskDefinition,
        launchType: 'FARGATE' as const,
        clientToken: 'replace-abc',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: network.subnetIds.slice(0, 1), securityGroups: network.securityGroupIds },
        },
      };
      const plan = new FaultPlan();
      const ecs = injectFaults(new ECSClient(faultyConfig()), plan);
      const log = modelRunTaskIdempotency(ecs);
      const tasks = async () => (await ecs.send(new ListTasksCommand({ cluster }))).taskArns ?? [];
      return { input, plan, ecs, log, tasks };
    }

    it('answers a retry after a lost response with the first task, launching one', async () => {
      const { input, plan, ecs, log, tasks } = await fixture();
      plan.add({ command: 'RunTask', fault: 'lost-response', times: 2 });
      const out = await ecs.send(new RunTaskCommand(input));
      expect(out.$metadata.attempts).toBe(3);
      expect(log).toEqual({ launches: 1, replays: 2, conflicts: 0 });
      expect(await tasks()).toEqual([out.tasks?.[0]?.taskArn]);
    });

    it('refuses the same token with other parameters, naming the tasks it started', async () => {
      const { input, ecs, log, tasks } = await fixture();
      const first = await ecs.send(new RunTaskCommand(input));
      const conflict = ecs.send(new RunTaskCommand({ ...input, startedBy: 'someone-else' }));
      await expect(conflict).rejects.toMatchObject({
        name: 'ConflictException',
        resourceIds: [first.tasks?.[0]?.taskArn],
      });
      expect(log.conflicts).toBe(1);
      const described = await ecs.send(new DescribeTasksCommand({ cluster: input.cluster, tasks: await tasks() }));
      expect(described.tasks).toHaveLength(1);
    });
  });
});
