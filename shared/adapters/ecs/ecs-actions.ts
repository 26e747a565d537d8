import {
  DeregisterContainerInstanceCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  type ECSClient,
  type Failure,
  ListTagsForResourceCommand,
  paginateListTasks,
  RunTaskCommand,
  UpdateContainerInstancesStateCommand,
} from '@aws-sdk/client-ecs';
import type { ActionResult, EcsActions, InstanceStatus } from '../../ports/ecs-actions.js';
import { describeError, type EcsLog, failureText } from './errors.js';
import { runTaskInput } from './run-task-input.js';
import { taskEventFrom } from './task-event.js';

/** Options of the ECS actions adapter. */
export interface EcsActionsOptions {
  client: ECSClient;
  logger?: EcsLog;
}

// API limits per call: UpdateContainerInstancesState 10 instances, DescribeContainerInstances and DescribeTasks 100.
const DRAIN_BATCH = 10;
const DESCRIBE_BATCH = 100;

function batches<T>(items: T[], size: number): T[][] {
  const unique = [...new Set(items)];
  return Array.from({ length: Math.ceil(unique.length / size) }, (_, i) => unique.slice(i * size, (i + 1) * size));
}

/** ECS write actions (and the reads that confirm them) for remediation and the grace sweep. Writes never throw. */
export function createEcsActions(options: EcsActionsOptions): EcsActions {
  const { client } = options;
  const failed = (action: string, error: unknown): ActionResult => {
    const { message, retryable } = describeError(error);
    options.logger?.warn(`ECS ${action} failed`, { error: message, retryable });
    return { ok: false, arns: [], error: message, retryable };
  };

  return {
    async runTask(request) {
      try {
        const out = await client.send(new RunTaskCommand(runTaskInput(request)));
        const arns = (out.tasks ?? []).flatMap((task) => (task.taskArn ? [task.taskArn] : []));
        if (arns.length > 0) return { ok: true, arns };
        // HTTP 200 without a task: RESOURCE:* means no capacity (back off); AGENT is transient.
        const failures = out.failures ?? [];
        return {
          ok: false,
          arns: [],
          error: failures.length > 0 ? failures.map(failureText).join('; ') : 'RunTask started no task',
          retryable: failures.some((failure: Failure) => failure.reason === 'AGENT'),
        };
      } catch (error) {
        // Same token, different parameters: ECS names the tasks the token already started. They are the replacement.
        const existing = (error as { name?: string; resourceIds?: string[] }).resourceIds;
        if ((error as Error)?.name === 'ConflictException' && existing && existing.length > 0) {
          return { ok: true, arns: existing };
        }
        return failed('RunTask', error);
      }
    },

    async drainInstances(cluster, containerInstanceArns) {
      const drained: string[] = [];
      const problems: string[] = [];
      let retryable = false;
      for (const batch of batches(containerInstanceArns, DRAIN_BATCH)) {
        try {
          const out = await client.send(
            new UpdateContainerInstancesStateCommand({ cluster, containerInstances: batch, status: 'DRAINING' }),
          );
          for (const instance of out.containerInstances ?? []) {
            if (instance.containerInstanceArn) drained.push(instance.containerInstanceArn);
          }
          problems.push(...(out.failures ?? []).map(failureText));
        } catch (error) {
          const described = failed('UpdateContainerInstancesState', error);
          problems.push(`${batch.join(', ')}: ${described.error}`);
          retryable ||= described.retryable === true;
        }
      }
      if (problems.length === 0) return { ok: true, arns: drained };
      return { ok: false, arns: drained, error: problems.join('; '), retryable };
    },

    async deregisterInstance(cluster, containerInstanceArn) {
      try {
        // force: the agent is gone, so the instance can't be drained first; service tasks get replaced elsewhere.
        const out = await client.send(
          new DeregisterContainerInstanceCommand({ cluster, containerInstance: containerInstanceArn, force: true }),
        );
        return { ok: true, arns: [out.containerInstance?.containerInstanceArn ?? containerInstanceArn] };
      } catch (error) {
        return failed('DeregisterContainerInstance', error);
      }
    },

    async describeInstances(cluster, containerInstanceArns) {
      // Errors propagate: "unknown" must not be mistaken for "gone"; the sweep fails and runs again.
      const statuses: InstanceStatus[] = [];
      for (const batch of batches(containerInstanceArns, DESCRIBE_BATCH)) {
        const out = await client.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: batch }));
        for (const instance of out.containerInstances ?? []) {
          if (!instance.containerInstanceArn) continue;
          statuses.push({
            containerInstanceArn: instance.containerInstanceArn,
            status: instance.status ?? 'UNKNOWN',
            agentConnected: instance.agentConnected === true,
            ...(instance.ec2InstanceId ? { ec2InstanceId: instance.ec2InstanceId } : {}),
          });
        }
        // An instance ECS no longer knows in an existing cluster (deregistered long ago) is reported, not skipped.
        // The failure may name the instance in another form (short ARN, id): report it under the ARN asked for.
        for (const failure of out.failures ?? []) {
          const id = failure.arn?.split('/').pop();
          const asked = batch.find((arn) => arn === failure.arn || arn.split('/').pop() === id);
          if (failure.reason === 'MISSING' && asked)
            statuses.push({ containerInstanceArn: asked, status: 'MISSING', agentConnected: false });
        }
      }
      return statuses;
    },

    async taskTags(taskArn) {
      try {
        const out = await client.send(new ListTagsForResourceCommand({ resourceArn: taskArn }));
        return Object.fromEntries((out.tags ?? []).flatMap((tag) => (tag.key ? [[tag.key, tag.value ?? '']] : [])));
      } catch (error) {
        options.logger?.warn('ECS ListTagsForResource failed; treating the task as untagged', describeError(error));
        return {};
      }
    },

    async runningTasksOn(cluster, containerInstanceArn) {
      // Errors propagate: the caller notes that the tasks of the lost instance could not be listed.
      const arns: string[] = [];
      const pages = paginateListTasks(
        { client, pageSize: DESCRIBE_BATCH },
        { cluster, containerInstance: containerInstanceArn, desiredStatus: 'RUNNING' },
      );
      for await (const page of pages) arns.push(...(page.taskArns ?? []));
      const tasks = [];
      for (const batch of batches(arns, DESCRIBE_BATCH)) {
        const out = await client.send(new DescribeTasksCommand({ cluster, tasks: batch, include: ['TAGS'] }));
        tasks.push(...(out.tasks ?? []).flatMap((task) => taskEventFrom(task) ?? []));
      }
      return tasks;
    },
  };
}
