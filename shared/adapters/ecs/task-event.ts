import type { Task } from '@aws-sdk/client-ecs';
import { parseArn } from '../../domain/arn.js';
import type { TaskEvent } from '../../domain/events/types.js';

/** A DescribeTasks task as the task event the domain reads (no envelope time: the caller sets it). */
export function taskEventFrom(task: Task): TaskEvent | undefined {
  if (!task.taskArn || !task.clusterArn) return undefined;
  const arn = parseArn(task.taskArn);
  const tags = Object.fromEntries((task.tags ?? []).flatMap((t) => (t.key ? [[t.key, t.value ?? '']] : [])));
  const overrides = task.overrides as Record<string, unknown> | undefined;
  const subnetIds = (task.attachments ?? [])
    .flatMap((a) => a.details ?? [])
    .flatMap((d) => (d.name === 'subnetId' && d.value ? [d.value] : []));
  return {
    kind: 'task',
    meta: {
      id: '',
      source: 'aws.ecs',
      detailType: 'ECS Task State Change',
      account: arn?.account ?? '',
      region: arn?.region ?? '',
      time: '',
      resources: [task.taskArn],
    },
    taskArn: task.taskArn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    group: task.group,
    startedBy: task.startedBy,
    launchType: task.launchType,
    capacityProviderName: task.capacityProviderName,
    platformVersion: task.platformVersion,
    containerInstanceArn: task.containerInstanceArn,
    availabilityZone: task.availabilityZone,
    lastStatus: task.lastStatus ?? 'RUNNING',
    desiredStatus: task.desiredStatus,
    containers: (task.containers ?? []).map((c) => ({ name: c.name ?? '', lastStatus: c.lastStatus })),
    ...(overrides ? { overrides } : {}),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    // Tasks don't report their security groups; the planner completes them from LOOKOUT_TASK_NETWORK.
    ...(subnetIds.length > 0 ? { network: { subnetIds, securityGroupIds: [] } } : {}),
    version: task.version,
  };
}
