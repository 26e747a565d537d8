import { DescribeTasksCommand, ListTasksCommand, type Task } from '@aws-sdk/client-ecs';
import { createCluster, defaultNetwork, motoEcs, registerTaskDefinition, runTask, uniqueName } from './moto.js';
import { demoEvents } from './pipeline.js';

/**
 * A stopped standalone job on moto, opted in for replacement: the environment that opts it in (its family and
 * its cluster's task network), its Spot interruption STOPPED event (demo line 21, moved onto the moto task), and
 * the replacements the cluster holds (tasks started by ecs-lookout).
 */
export async function optedInStoppedJob() {
  const network = await defaultNetwork();
  const clusterArn = await createCluster(uniqueName('jobs'));
  const family = uniqueName('batch-etl');
  const taskDefinition = await registerTaskDefinition({ family });
  const [stopped] = await runTask({ cluster: clusterArn, taskDefinition, group: `family:${family}` });
  const env = {
    LOOKOUT_REPLACE_FAMILIES: family,
    LOOKOUT_TASK_NETWORK: JSON.stringify({
      [clusterArn.split('/').pop()!]: {
        subnets: network.subnetIds.slice(0, 1),
        securityGroups: network.securityGroupIds,
      },
    }),
  };
  const event = structuredClone(demoEvents()[20]) as { resources: string[]; detail: Record<string, unknown> };
  Object.assign(event.detail, {
    clusterArn,
    taskArn: stopped!.taskArn,
    taskDefinitionArn: taskDefinition,
    group: `family:${family}`,
    tags: [],
  });
  event.resources = [stopped!.taskArn!];
  // moto answers RunTask with a FARGATE_SPOT capacity provider strategy with a 500, so this job runs on plain FARGATE.
  delete event.detail.capacityProviderName;
  const replacements = async (): Promise<Task[]> => {
    const listed = await motoEcs().send(new ListTasksCommand({ cluster: clusterArn }));
    const described = await motoEcs().send(new DescribeTasksCommand({ cluster: clusterArn, tasks: listed.taskArns }));
    return (described.tasks ?? []).filter((task) => task.startedBy === 'ecs-lookout');
  };
  return { clusterArn, family, taskDefinition, env, event, replacements };
}
