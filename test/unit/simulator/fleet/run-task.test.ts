import { ListTagsForResourceCommand, RunTaskCommand, type RunTaskCommandInput } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { at, detail, fleetOf, oneCluster } from './fleet-test-kit.js';

const spec = oneCluster({
  instances: 1,
  services: [],
  jobs: [
    {
      family: 'etl',
      everyMinutes: 600,
      runMinutes: 5,
      launchType: 'FARGATE',
      tags: { team: 'data', 'ecs-lookout:replace': 'true' },
    },
  ],
});
const input = (extra: Partial<RunTaskCommandInput> = {}): RunTaskCommandInput => ({
  cluster: 'prod',
  taskDefinition: 'etl',
  clientToken: 'lookout-token-1',
  startedBy: 'ecs-lookout',
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } },
  ...extra,
});

describe('RunTask', () => {
  it('same token and parameters returns the original task and starts nothing new', async () => {
    const fleet = fleetOf(spec);
    const client = fleet.ecsClient();
    const first = await client.send(new RunTaskCommand(input()));
    const again = await client.send(new RunTaskCommand(input()));
    expect(again.tasks?.map((t) => t.taskArn)).toEqual(first.tasks?.map((t) => t.taskArn));
    expect(fleet.calls.map((c) => c.started?.length)).toEqual([1, 0]);
    expect(fleet.history.filter((h) => h.kind === 'task-started')).toHaveLength(1);
  });

  it('same token with different parameters is a ConflictException naming the original tasks', async () => {
    const fleet = fleetOf(spec);
    const client = fleet.ecsClient();
    const first = await client.send(new RunTaskCommand(input()));
    const error = await client.send(new RunTaskCommand(input({ startedBy: 'someone-else' }))).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ConflictException',
      resourceIds: first.tasks?.map((t) => t.taskArn),
      $metadata: { httpStatusCode: 400 },
    });
    expect(fleet.calls[1]).toMatchObject({ command: 'RunTask', error: 'ConflictException', started: [] });
  });

  it('the same token is new again in another cluster and after 24 hours', async () => {
    const fleet = fleetOf({ clusters: [...spec.clusters, { name: 'other', instances: 0, services: [] }] });
    const client = fleet.ecsClient();
    await client.send(new RunTaskCommand(input()));
    await client.send(new RunTaskCommand(input({ cluster: 'other' })));
    fleet.advanceTo(at(24 * 60 + 1));
    await client.send(new RunTaskCommand(input()));
    expect(fleet.calls.map((c) => c.started?.length)).toEqual([1, 1, 1]);
  });

  it('stores given tags and, with propagateTags TASK_DEFINITION, the definition tags', async () => {
    const fleet = fleetOf(spec);
    const client = fleet.ecsClient();
    const out = await client.send(
      new RunTaskCommand(input({ tags: [{ key: 'origin', value: 'lookout' }], propagateTags: 'TASK_DEFINITION' })),
    );
    const arn = out.tasks?.[0]?.taskArn as string;
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(Object.fromEntries((tags.tags ?? []).map((t) => [t.key, t.value]))).toEqual({
      team: 'data',
      'ecs-lookout:replace': 'true',
      origin: 'lookout',
    });
    const untagged = await client.send(new RunTaskCommand(input({ clientToken: 'other-token' })));
    const none = await client.send(
      new ListTagsForResourceCommand({ resourceArn: untagged.tasks?.[0]?.taskArn as string }),
    );
    expect(none.tags).toEqual([]);
  });

  it('the started task runs like a job run of its family and is marked as started by the monitor', async () => {
    const fleet = fleetOf(spec);
    const out = await fleet.ecsClient().send(new RunTaskCommand(input()));
    const arn = out.tasks?.[0]?.taskArn;
    const events = fleet.advanceTo(at(15)).filter((e) => e.resources[0] === arn);
    const last = detail(events[events.length - 1] as (typeof events)[number]);
    expect(last).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      startedBy: 'ecs-lookout',
    });
    expect(last.containers[0].exitCode).toBe(0);
    expect(fleet.history.find((h) => h.kind === 'task-started' && h.taskArn === arn)).toMatchObject({
      startedByMonitor: true,
    });
  });

  it.each([
    [{ count: 11 }, 'InvalidParameterException'],
    [{ networkConfiguration: undefined }, 'InvalidParameterException'],
    [
      { launchType: 'FARGATE' as const, capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }] },
      'InvalidParameterException',
    ],
    [{ taskDefinition: 'nope' }, 'ClientException'],
    [{ cluster: 'nope' }, 'ClusterNotFoundException'],
  ])('rejects %j with %s', async (extra, name) => {
    const error = await fleetOf(spec)
      .ecsClient()
      .send(new RunTaskCommand(input(extra)))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name });
  });

  it('setRunTaskFault: an error is thrown, a failure reason comes back with HTTP 200, undefined clears it', async () => {
    const fleet = fleetOf(spec);
    const client = fleet.ecsClient();
    fleet.setRunTaskFault({ error: 'AccessDeniedException' });
    await expect(client.send(new RunTaskCommand(input({ clientToken: 'a' })))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    fleet.setRunTaskFault({ failureReason: 'RESOURCE:ENI' });
    const failed = await client.send(new RunTaskCommand(input({ clientToken: 'b' })));
    expect(failed.tasks).toEqual([]);
    expect(failed.failures?.[0]?.reason).toBe('RESOURCE:ENI');
    expect(failed.$metadata.httpStatusCode).toBe(200);
    fleet.setRunTaskFault(undefined);
    const ok = await client.send(new RunTaskCommand(input({ clientToken: 'c' })));
    expect(ok.tasks).toHaveLength(1);
  });

  it('an EC2 family with no instance that can take it answers failures[] with HTTP 200', async () => {
    const ec2 = oneCluster({
      instances: 1,
      services: [],
      jobs: [{ family: 'batch', everyMinutes: 600, runMinutes: 5, launchType: 'EC2' }],
    });
    const fleet = fleetOf(ec2, [{ at: '00:00', do: 'lose-instance', cluster: 'prod', instance: 0 }]);
    fleet.advanceTo(at(1));
    const out = await fleet
      .ecsClient()
      .send(new RunTaskCommand({ cluster: 'prod', taskDefinition: 'batch', clientToken: 't' }));
    expect(out.tasks).toEqual([]);
    expect(out.failures?.[0]?.reason).toBe('AGENT');
  });
});
