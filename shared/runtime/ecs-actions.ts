import type { EcsActions } from '../ports/ecs-actions.js';

let loaded: Promise<EcsActions> | undefined;

// The adapter and its ECS commands load on the first action: most invocations replace, drain and describe nothing.
function actions(): Promise<EcsActions> {
  // Each call goes to the account/Region it is about (member roles: shared/runtime/account-ecs-actions.ts).
  loaded ??= import('./on-demand.js').then(({ accountEcsActions }) => accountEcsActions());
  return loaded;
}

const ecsActions: EcsActions = {
  runTask: async (request) => (await actions()).runTask(request),
  drainInstances: async (cluster, arns) => (await actions()).drainInstances(cluster, arns),
  deregisterInstance: async (cluster, arn) => (await actions()).deregisterInstance(cluster, arn),
  describeInstances: async (cluster, arns) => (await actions()).describeInstances(cluster, arns),
  taskTags: async (taskArn) => (await actions()).taskTags(taskArn),
  runningTasksOn: async (cluster, arn) => (await actions()).runningTasksOn(cluster, arn),
};

/**
 * ECS actions (replace, drain, describe), built once per container like the clients, on their first use
 * (esbuild puts the adapter, its commands and, where nothing else needs it, the ECS client in chunks/).
 */
export function getEcsActions(): EcsActions {
  return ecsActions;
}

/** Only the tag read of the ECS actions (alert routing), for functions that take no other ECS action. */
export function getRoutingTags(): EcsActions['taskTags'] {
  return ecsActions.taskTags;
}
