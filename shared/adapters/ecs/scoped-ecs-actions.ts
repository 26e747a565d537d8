import { type AccountScope, scopeOfArn } from '../../domain/accounts.js';
import type { ActionResult, EcsActions } from '../../ports/ecs-actions.js';

/** ECS was not asked: the monitor has no role for the account/Region (the sweep then decides from events). */
export class NoMemberRoleError extends Error {
  override name = 'NoMemberRoleError';
}

/** The ECS actions of one account/Region, or why there are none (no role registered for it). */
export type ActionsFor = (scope: AccountScope | undefined) => EcsActions | { unreachable: string };

/**
 * ECS actions that go to the account and Region each call is about, read from the ARNs it names (a task,
 * container instance or cluster ARN carries both; a bare name stays with the monitor's own). Where the
 * monitor can't reach, reads throw NoMemberRoleError and writes fail, not retryable, with the reason.
 */
export function createScopedEcsActions(actionsFor: ActionsFor): EcsActions {
  const route = (arn: string | undefined) => actionsFor(arn ? scopeOfArn(arn) : undefined);
  const refused = (reason: string): ActionResult => ({ ok: false, arns: [], error: reason, retryable: false });
  const reader = (arn: string | undefined): EcsActions => {
    const actions = route(arn);
    if ('unreachable' in actions) throw new NoMemberRoleError(actions.unreachable);
    return actions;
  };
  return {
    async runTask(request) {
      const actions = route(request.cluster);
      return 'unreachable' in actions ? refused(actions.unreachable) : actions.runTask(request);
    },
    async drainInstances(cluster, arns) {
      const actions = route(arns[0] ?? cluster);
      return 'unreachable' in actions ? refused(actions.unreachable) : actions.drainInstances(cluster, arns);
    },
    async deregisterInstance(cluster, arn) {
      const actions = route(arn);
      return 'unreachable' in actions ? refused(actions.unreachable) : actions.deregisterInstance(cluster, arn);
    },
    async describeInstances(cluster, arns) {
      return reader(arns[0] ?? cluster).describeInstances(cluster, arns);
    },
    async taskTags(taskArn) {
      const actions = route(taskArn);
      return 'unreachable' in actions ? {} : actions.taskTags(taskArn);
    },
    async runningTasksOn(cluster, arn) {
      return reader(arn).runningTasksOn(cluster, arn);
    },
  };
}
