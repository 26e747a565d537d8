import { DescribeContainerInstancesCommand, DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import {
  createCluster,
  createTopicWithQueue,
  defaultNetwork,
  motoClientConfig,
  motoEcs,
  receiveAll,
  registerContainerInstance,
  registerTaskDefinition,
  runEc2Instance,
  runTask,
} from '../../helpers/moto.js';

describe('moto test helpers', () => {
  it('finds a default-VPC subnet and security group', async () => {
    const network = await defaultNetwork();

    expect(network.subnetIds.length).toBeGreaterThan(0);
    expect(network.subnetIds[0]).toMatch(/^subnet-/);
    expect(network.securityGroupIds).toEqual([expect.stringMatching(/^sg-/)]);
  });

  it('runs a Fargate task that DescribeTasks then finds', async () => {
    const cluster = await createCluster();
    const taskDefinition = await registerTaskDefinition({ family: 'helpers-fargate' });

    const tasks = await runTask({ cluster, taskDefinition, startedBy: 'helpers-test' });
    const described = await motoEcs().send(new DescribeTasksCommand({ cluster, tasks: [tasks[0]!.taskArn!] }));

    expect(tasks).toHaveLength(1);
    expect(described.tasks?.[0]?.startedBy).toBe('helpers-test');
    expect(described.tasks?.[0]?.taskDefinitionArn).toBe(taskDefinition);
  });

  it('registers a container instance that is ACTIVE with a connected agent', async () => {
    const cluster = await createCluster();
    const instanceId = await runEc2Instance();

    const arn = await registerContainerInstance(cluster, instanceId);
    const described = await motoEcs().send(
      new DescribeContainerInstancesCommand({ cluster, containerInstances: [arn] }),
    );

    expect(described.containerInstances?.[0]).toMatchObject({
      containerInstanceArn: arn,
      ec2InstanceId: instanceId,
      status: 'ACTIVE',
      agentConnected: true,
    });
  });

  it('delivers SNS publishes to the subscribed queue, enveloped or raw', async () => {
    const sns = new SNSClient(motoClientConfig());
    const enveloped = await createTopicWithQueue();
    const raw = await createTopicWithQueue(undefined, { raw: true });

    await sns.send(new PublishCommand({ TopicArn: enveloped.topicArn, Subject: 'hello', Message: 'one' }));
    await sns.send(new PublishCommand({ TopicArn: raw.topicArn, Message: 'two' }));
    const [envelopedMessages, rawMessages, afterDrain] = [
      await receiveAll(enveloped.queueUrl),
      await receiveAll(raw.queueUrl),
      await receiveAll(enveloped.queueUrl),
    ];

    expect(envelopedMessages.map((m) => [m.sns?.Subject, m.sns?.Message])).toEqual([['hello', 'one']]);
    expect(rawMessages.map((m) => [m.body, m.sns])).toEqual([['two', undefined]]);
    expect(afterDrain).toEqual([]);
  });
});
