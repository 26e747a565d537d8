import {
  DeregisterContainerInstanceCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  UpdateContainerInstancesStateCommand,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { at, detail, fleetOf, oneCluster } from './fleet-test-kit.js';

const ec2Fleet = () =>
  fleetOf(oneCluster({ instances: 3, services: [{ name: 'api', desired: 6, launchType: 'EC2' }] }));

describe('container instances', () => {
  it('UpdateContainerInstancesState DRAINING is what DescribeContainerInstances answers next, with an event', async () => {
    const fleet = ec2Fleet();
    const client = fleet.ecsClient();
    const arn = fleet.instanceArn('prod', 0);
    await client.send(
      new UpdateContainerInstancesStateCommand({ cluster: 'prod', containerInstances: [arn], status: 'DRAINING' }),
    );
    const out = await client.send(
      new DescribeContainerInstancesCommand({ cluster: 'prod', containerInstances: [arn] }),
    );
    expect(out.containerInstances?.[0]?.status).toBe('DRAINING');
    const events = fleet.advanceTo(at(10));
    expect(detail(events[0] as (typeof events)[number])).toMatchObject({
      containerInstanceArn: arn,
      status: 'DRAINING',
    });
    const drained = events.map(detail).filter((d) => d.lastStatus === 'STOPPED');
    expect(drained.length).toBeGreaterThan(0);
    for (const task of drained) expect(task.stoppedReason).toContain('DRAINING');
    const left = await client.send(new ListTasksCommand({ cluster: 'prod', containerInstance: arn }));
    expect(left.taskArns).toEqual([]);
    const all = await client.send(new ListTasksCommand({ cluster: 'prod' }));
    expect(all.taskArns).toHaveLength(6);
  });

  it('a DRAINING instance whose agent is gone keeps its tasks; replacements start elsewhere', async () => {
    const fleet = fleetOf(oneCluster({ instances: 3, services: [{ name: 'api', desired: 6, launchType: 'EC2' }] }), [
      { at: '00:01', do: 'lose-instance', cluster: 'prod', instance: 0, until: '00:30' },
    ]);
    const client = fleet.ecsClient();
    const arn = fleet.instanceArn('prod', 0);
    fleet.advanceTo(at(5));
    await client.send(
      new UpdateContainerInstancesStateCommand({ cluster: 'prod', containerInstances: [arn], status: 'DRAINING' }),
    );
    fleet.advanceTo(at(15));
    const stuck = await client.send(new ListTasksCommand({ cluster: 'prod', containerInstance: arn }));
    expect(stuck.taskArns?.length).toBe(2);
    const all = await client.send(new ListTasksCommand({ cluster: 'prod' }));
    expect(all.taskArns).toHaveLength(8);
    fleet.advanceTo(at(40));
    const after = await client.send(new ListTasksCommand({ cluster: 'prod', containerInstance: arn }));
    expect(after.taskArns).toEqual([]);
  });

  it('forced deregistration: INACTIVE at once, tasks STOPPED and replaced, unlisted, then MISSING after an hour', async () => {
    const fleet = ec2Fleet();
    const client = fleet.ecsClient();
    const arn = fleet.instanceArn('prod', 1);
    await client.send(new DeregisterContainerInstanceCommand({ cluster: 'prod', containerInstance: arn, force: true }));
    const now = await client.send(
      new DescribeContainerInstancesCommand({ cluster: 'prod', containerInstances: [arn] }),
    );
    expect(now.containerInstances?.[0]?.status).toBe('INACTIVE');
    const listed = await client.send(new ListContainerInstancesCommand({ cluster: 'prod' }));
    expect(listed.containerInstanceArns).not.toContain(arn);
    const events = fleet.advanceTo(at(10));
    const stopped = events.map(detail).filter((d) => d.lastStatus === 'STOPPED');
    expect(stopped).toHaveLength(2);
    for (const task of stopped) expect(task.stoppedReason).toBe('Container instance deregistration forced by user');
    expect((await client.send(new ListTasksCommand({ cluster: 'prod' }))).taskArns).toHaveLength(6);
    fleet.advanceTo(at(61));
    const later = await client.send(
      new DescribeContainerInstancesCommand({ cluster: 'prod', containerInstances: [arn] }),
    );
    expect(later.containerInstances).toEqual([]);
    expect(later.failures).toEqual([{ arn, reason: 'MISSING' }]);
  });

  it.each([
    { agentConnected: true, status: 'INACTIVE' },
    { agentConnected: false, status: 'ACTIVE' },
  ])(
    'terminating a host whose agent is connected=$agentConnected leaves it $status; its tasks stop as Host EC2 terminated',
    async ({ agentConnected, status }) => {
      const actions = [
        ...(agentConnected ? [] : [{ at: '00:01', do: 'lose-instance' as const, cluster: 'prod', instance: 2 }]),
        { at: '00:02', do: 'terminate-instance' as const, cluster: 'prod', instance: 2 },
      ];
      const fleet = fleetOf(
        oneCluster({ instances: 3, services: [{ name: 'api', desired: 6, launchType: 'EC2' }] }),
        actions,
      );
      const events = fleet.advanceTo(at(10));
      const stopped = events.map(detail).filter((d) => d.lastStatus === 'STOPPED');
      expect(stopped).toHaveLength(2);
      for (const task of stopped) {
        expect(task.stoppedReason).toMatch(/^Host EC2 \(instance i-[0-9a-f]+\) terminated\.$/);
        expect(task.stopCode).toBe('TerminationNotice');
        for (const container of task.containers) expect(container.exitCode).toBeUndefined();
      }
      const arn = fleet.instanceArn('prod', 2);
      const out = await fleet
        .ecsClient()
        .send(new DescribeContainerInstancesCommand({ cluster: 'prod', containerInstances: [arn] }));
      expect(out.containerInstances?.[0]).toMatchObject({ status, agentConnected: false });
    },
  );

  it('an agent flap emits disconnected then connected within seconds, with the instance version rising', () => {
    const fleet = fleetOf(oneCluster({ instances: 3, services: [] }), [
      { at: '00:01', do: 'agent-flap', cluster: 'prod', instance: 0, seconds: 5 },
    ]);
    const events = fleet.advanceTo(at(2));
    expect(events.map((e) => e.resources[0])).toEqual([fleet.instanceArn('prod', 0), fleet.instanceArn('prod', 0)]);
    expect(events.map((e) => detail(e).agentConnected)).toEqual([false, true]);
    const [first, second] = events.map(detail);
    expect(second.version).toBe(first.version + 1);
    expect(first.version).toBeGreaterThanOrEqual(100);
    expect(Date.parse(second.updatedAt) - Date.parse(first.updatedAt)).toBe(5000);
  });
});

describe('task reads', () => {
  it('STOPPED tasks stay describable for an hour, then DescribeTasks answers MISSING', async () => {
    const fleet = fleetOf(oneCluster({ services: [{ name: 'web', desired: 1, launchType: 'FARGATE' }] }), [
      { at: '00:01', do: 'user-stop', cluster: 'prod', service: 'web' },
    ]);
    const client = fleet.ecsClient();
    const [arn] = (await client.send(new ListTasksCommand({ cluster: 'prod' }))).taskArns ?? [];
    fleet.advanceTo(at(5));
    const stopped = await client.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [arn as string] }));
    expect(stopped.tasks?.[0]?.lastStatus).toBe('STOPPED');
    expect((await client.send(new ListTasksCommand({ cluster: 'prod', desiredStatus: 'STOPPED' }))).taskArns).toEqual([
      arn,
    ]);
    fleet.advanceTo(at(70));
    const gone = await client.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [arn as string] }));
    expect(gone.failures).toEqual([{ arn, reason: 'MISSING' }]);
  });

  it('ListTasks pages with maxResults and nextToken', async () => {
    const fleet = fleetOf(oneCluster({ services: [{ name: 'web', desired: 7, launchType: 'FARGATE' }] }));
    const client = fleet.ecsClient();
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await client.send(new ListTasksCommand({ cluster: 'prod', maxResults: 3, nextToken }));
      seen.push(...(out.taskArns ?? []));
      nextToken = out.nextToken;
      pages += 1;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
  });
});
