import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeContainerInstancesCommand, DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import { runSweep } from '../../../shared/use-cases/sweep.js';
import {
  createCluster,
  createTopicWithQueue,
  motoEcs,
  receiveAll,
  registerContainerInstance,
  registerTaskDefinition,
  runTask,
  uniqueName,
} from '../../helpers/moto.js';
import { optedInStoppedJob } from '../../helpers/moto-job.js';
import { demoEvents } from '../../helpers/pipeline.js';
import { awsPipeline } from './aws-pipeline.js';

const demo = demoEvents();

/** The demo's orders-api crash, moved into `clusterArn`. */
function crashIn(clusterArn: string): Record<string, unknown> {
  const event = structuredClone(demo[3]) as { detail: Record<string, unknown>; resources: string[] };
  event.detail.clusterArn = clusterArn;
  return event;
}

describe('the event pipeline on moto_server', () => {
  it('turns a task failure into one SNS message (delivered to a subscribed queue) and CloudWatch metrics', async () => {
    const { topicArn, queueUrl } = await createTopicWithQueue();
    const { deps, cloudwatch, namespace } = await awsPipeline({ topicArn });
    const cluster = await createCluster(uniqueName('prod'));
    await handleEvent(deps, crashIn(cluster), 'crash');
    await handleEvent(deps, crashIn(cluster), 'redelivered');
    await deps.metrics.flush();

    const messages = await receiveAll(queueUrl);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.sns?.Subject).toMatch(/orders-api/);
    expect(messages[0]?.sns?.MessageAttributes?.severity?.Value).toBe('warning');
    expect(messages[0]?.sns?.MessageAttributes?.transition?.Value).toBe('opened');
    const metrics = await cloudwatch.send(new ListMetricsCommand({ Namespace: namespace }));
    const names = new Set(metrics.Metrics?.map((m) => m.MetricName));
    expect([...names]).toEqual(
      expect.arrayContaining(['TaskFailures', 'IncidentsOpened', 'EventsProcessed', 'AlertDeliveries']),
    );
    const failure = metrics.Metrics?.find((m) => m.MetricName === 'TaskFailures');
    expect(failure?.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'Service', Value: 'orders-api' },
        { Name: 'Category', Value: 'app-exit' },
      ]),
    );
  });

  it('starts exactly one replacement task for an opted-in standalone task when the event is handled three times', async () => {
    const { topicArn } = await createTopicWithQueue();
    const { env, event, family, taskDefinition, replacements } = await optedInStoppedJob();
    const { deps } = await awsPipeline({ topicArn, env });
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const effects = await handleEvent(deps, structuredClone(event), `spot#${i}`);
      for (const e of effects) if (e.effect === 'remediation') outcomes.push(e.outcome);
    }
    expect(outcomes).toEqual(['started']);

    const started = await replacements();
    expect(started).toHaveLength(1);
    expect(started[0]?.taskDefinitionArn).toBe(taskDefinition);
    expect(started[0]?.group).toBe(`family:${family}`);
  });

  it('drains a container instance whose agent stays disconnected past the grace period, and replaces its opted-in job', async () => {
    const { topicArn, queueUrl } = await createTopicWithQueue();
    const clusterArn = await createCluster(uniqueName('ec2'));
    const instanceArn = await registerContainerInstance(clusterArn);
    const family = uniqueName('nightly-report');
    const taskDefinition = await registerTaskDefinition({
      family,
      networkMode: 'bridge',
      requiresCompatibilities: ['EC2'],
    });
    const [job] = await runTask({ cluster: clusterArn, taskDefinition, launchType: 'EC2', group: `family:${family}` });
    // A healthy instance for the replacement: ECS (and moto) places nothing on a DRAINING one.
    await registerContainerInstance(clusterArn);
    // moto always reports agentConnected=true, so the one call that reads the agent state is answered as AWS would for a dead agent.
    const { deps } = await awsPipeline({
      topicArn,
      env: { LOOKOUT_REPLACE_FAMILIES: family },
      ecs: {
        describeInstances: async (_cluster, arns) =>
          arns.map((containerInstanceArn) => ({ containerInstanceArn, status: 'ACTIVE', agentConnected: false })),
      },
    });
    const disconnect = structuredClone(demo[13]) as { resources: string[]; detail: Record<string, unknown> };
    Object.assign(disconnect.detail, { clusterArn, containerInstanceArn: instanceArn });
    disconnect.resources = [instanceArn];
    const first = await handleEvent(deps, disconnect, 'disconnect');
    expect(first.find((e) => e.effect === 'decision')).toMatchObject({ reason: 'grace-pending' });
    await runSweep(deps, '2026-11-27T09:24:59.000Z');
    await runSweep(deps, '2026-11-27T09:25:00.000Z');

    const described = await motoEcs().send(
      new DescribeContainerInstancesCommand({ cluster: clusterArn, containerInstances: [instanceArn] }),
    );
    expect(described.containerInstances?.[0]?.status).toBe('DRAINING');
    const listed = await motoEcs().send(new ListTasksCommand({ cluster: clusterArn }));
    const tasks = await motoEcs().send(new DescribeTasksCommand({ cluster: clusterArn, tasks: listed.taskArns }));
    const replacements = tasks.tasks?.filter((t) => t.startedBy === 'ecs-lookout') ?? [];
    expect(replacements.map((t) => t.taskDefinitionArn)).toEqual([taskDefinition]);
    expect(job?.containerInstanceArn).toBe(instanceArn);
    const messages = await receiveAll(queueUrl);
    expect(messages.map((m) => m.sns?.MessageAttributes?.category?.Value)).toEqual(['instance-disconnected']);
    expect(messages[0]?.sns?.Message).toMatch(/DRAINING/);
    expect(messages[0]?.sns?.Message).toMatch(/replacement/i);
  });
});
