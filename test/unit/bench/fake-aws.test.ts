import { DescribeTasksCommand, ECSClient, ListTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../../../bench/support/fake-aws.js';

let aws: FakeAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

function ecsOn(endpoint: FakeAws): ECSClient {
  return new ECSClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
}

describe("Bench double: the local AWS endpoint's ECS", () => {
  it('starts a task once per clientToken, and then lists and describes it in its cluster only', async () => {
    aws = await startFakeAws();
    const ecs = ecsOn(aws);
    const run = (cluster: string) =>
      ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'batch-etl:3', clientToken: 'replace-1' }));

    const first = await run('arn:aws:ecs:us-east-1:123456789012:cluster/prod');
    const retried = await run('prod');
    const taskArn = first.tasks?.[0]?.taskArn;

    expect(retried.tasks?.[0]?.taskArn).toBe(taskArn);
    expect(first.tasks?.[0]).toMatchObject({ taskDefinitionArn: 'batch-etl:3', lastStatus: 'PROVISIONING' });
    expect((await ecs.send(new ListTasksCommand({ cluster: 'prod' }))).taskArns).toEqual([taskArn]);
    expect((await ecs.send(new ListTasksCommand({ cluster: 'staging' }))).taskArns).toEqual([]);
    const described = await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn!, 'arn:gone'] }));
    expect(described.tasks?.map((t) => t.taskArn)).toEqual([taskArn]);
    expect(described.failures).toEqual([{ arn: 'arn:gone', reason: 'MISSING' }]);
  });
});
