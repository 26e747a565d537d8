import type { SimDeployment, SimService } from './state.js';
import { iso, type World } from './world.js';

// Deployment lifecycle hooks (ECS developer guide: deployment-lifecycle-hooks, lambda-lifecycle-hooks,
// ecs_hook_state_change_events). A Lambda hook runs at POST_TEST_TRAFFIC_SHIFT once the new revision's tasks
// are up; a FAILED result rolls the deployment back. During the rollback ECS invokes the traffic-shift hooks
// again, for the rollback. The hook event carries no version; its ids are per hook execution.

/** Emits one `ECS Hook State Change` of a Lambda hook of the service's deployment. */
export function emitHook(
  world: World,
  service: SimService,
  deployment: SimDeployment,
  hookId: string,
  eventName: 'HOOK_IN_PROGRESS' | 'HOOK_SUCCEEDED' | 'HOOK_FAILED',
  lifecycleStage: string,
): void {
  deployment.serviceDeploymentArn ??= world.arn(
    `service-deployment/${service.cluster.name}/${service.name}/${world.hex(21)}`,
  );
  world.emit('ECS Hook State Change', deployment.serviceDeploymentArn, world.now, {
    eventType: 'INFO',
    eventName,
    hookId,
    hookType: 'AWS_LAMBDA',
    lifecycleStage,
    clusterArn: service.cluster.arn,
    serviceArn: service.arn,
    serviceDeploymentArn: deployment.serviceDeploymentArn,
    updatedAt: iso(world.now),
  });
}

/** A new hook execution id, shaped like ECS's (`ecs-lambda-…`). */
export function hookId(world: World): string {
  return `ecs-lambda-${world.hex(43)}`;
}
