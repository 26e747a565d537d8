import { DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { createEcsActions } from '../../../shared/adapters/ecs/ecs-actions.js';
import {
  createCluster,
  defaultNetwork,
  motoEcs,
  registerContainerInstance,
  registerTaskDefinition,
  runTask,
} from '../../helpers/moto.js';

const actions = createEcsActions({ client: motoEcs() });

async function tasksOf(cluster: string): Promise<string[]> {
  return (await motoEcs().send(new ListTasksCommand({ cluster }))).taskArns ?? [];
}

describe('createEcsActions on moto', () => {
  it('starts exactly one Fargate replacement with the request parameters', async () => {
    const cluster = await createCluster();
    const taskDefinition = await registerTaskDefinition();
    const network = await defaultNetwork();

    const result = await actions.runTask({
      cluster,
      taskDefinition,
      clientToken: 'lookout-replace-1',
      launchType: 'FARGATE',
      group: 'family:batch',
      startedBy: 'ecs-lookout',
      network: { subnetIds: network.subnetIds.slice(0, 1), securityGroupIds: network.securityGroupIds },
    });
    const described = await motoEcs().send(new DescribeTasksCommand({ cluster, tasks: result.arns }));

    expect(result.ok).toBe(true);
    expect(result.arns).toHaveLength(1);
    expect(await tasksOf(cluster)).toEqual(result.arns);
    expect(described.tasks?.[0]).toMatchObject({
      startedBy: 'ecs-lookout',
      group: 'family:batch',
      launchType: 'FARGATE',
    });
  });

  it('starts an EC2 replacement on a registered instance', async () => {
    const cluster = await createCluster();
    const taskDefinition = await registerTaskDefinition({ networkMode: 'bridge', requiresCompatibilities: ['EC2'] });
    const instance = await registerContainerInstance(cluster);

    const result = await actions.runTask({
      cluster,
      taskDefinition,
      clientToken: 't-2',
      launchType: 'EC2',
      startedBy: 'ecs-lookout',
    });
    const described = await motoEcs().send(new DescribeTasksCommand({ cluster, tasks: result.arns }));

    expect(result).toEqual({ ok: true, arns: [expect.stringContaining(':task/')] });
    expect(described.tasks?.[0]?.containerInstanceArn).toBe(instance);
  });

  it('drains instances, which then describe as DRAINING with their agent state', async () => {
    const cluster = await createCluster();
    const instances = [await registerContainerInstance(cluster), await registerContainerInstance(cluster)];

    const drained = await actions.drainInstances(cluster, instances);
    const statuses = await actions.describeInstances(cluster, instances);

    expect(drained).toEqual({ ok: true, arns: instances });
    expect(statuses.map((s) => [s.containerInstanceArn, s.status, s.agentConnected])).toEqual([
      [instances[0], 'DRAINING', true],
      [instances[1], 'DRAINING', true],
    ]);
    expect(statuses[0]?.ec2InstanceId).toMatch(/^i-/);
  });

  it('reports an unknown instance as a drain failure and describes it as MISSING', async () => {
    const cluster = await createCluster();
    const known = await registerContainerInstance(cluster);
    const unknown = `${known.slice(0, known.lastIndexOf('/'))}/00000000-0000-0000-0000-000000000000`;

    const drained = await actions.drainInstances(cluster, [known, unknown]);
    const statuses = await actions.describeInstances(cluster, [known, unknown]);

    expect(drained.ok).toBe(false);
    expect(drained.arns).toEqual([known]);
    expect(drained.error).toContain('MISSING');
    expect(statuses.map((s) => [s.containerInstanceArn, s.status])).toEqual([
      [known, 'DRAINING'],
      [unknown, 'MISSING'],
    ]);
  });

  it('force-deregisters an instance, which then describes as INACTIVE or MISSING', async () => {
    const cluster = await createCluster();
    const instance = await registerContainerInstance(cluster);

    expect(await actions.deregisterInstance(cluster, instance)).toEqual({ ok: true, arns: [instance] });
    const [after] = await actions.describeInstances(cluster, [instance]);
    expect(['INACTIVE', 'MISSING']).toContain(after?.status);
  });

  it('reads the tags of a task', async () => {
    const cluster = await createCluster();
    const taskDefinition = await registerTaskDefinition();
    const [task] = await runTask({ cluster, taskDefinition, tags: [{ key: 'ecs-lookout:replace', value: 'true' }] });

    expect(await actions.taskTags(task!.taskArn!)).toEqual({ 'ecs-lookout:replace': 'true' });
    expect(await actions.taskTags(`${task!.taskArn!}-gone`)).toEqual({});
  });
});
