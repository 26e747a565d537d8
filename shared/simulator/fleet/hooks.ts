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
  eventName: 'HOOK_IN_PROGRESS' | 'HOOK_SUCCEEDED' | 'HOOK_FAILED' | 'HOOK_AWAITING_ACTION',
  lifecycleStage: string,
  hookType: 'AWS_LAMBDA' | 'PAUSE' = 'AWS_LAMBDA',
  expiresAt?: number,
): void {
  deployment.serviceDeploymentArn ??= world.arn(
    `service-deployment/${service.cluster.name}/${service.name}/${world.hex(21)}`,
  );
  world.emit('ECS Hook State Change', deployment.serviceDeploymentArn, world.now, {
    eventType: 'INFO',
    eventName,
    hookId,
    hookType,
    ...(expiresAt === undefined ? {} : { expiresAt: iso(expiresAt) }),
    lifecycleStage,
    clusterArn: service.cluster.arn,
    serviceArn: service.arn,
    serviceDeploymentArn: deployment.serviceDeploymentArn,
    updatedAt: iso(world.now),
  });
}

/** A new hook execution id, shaped like ECS's (`ecs-lambda-…`, `ecs-pause-…`). */
export function hookId(world: World, kind: 'lambda' | 'pause' = 'lambda'): string {
  return `ecs-${kind}-${world.hex(43)}`;
}

/** Pause hooks time out after 1,440 minutes by default (ECS developer guide, pause-lifecycle-hooks). */
const PAUSE_TIMEOUT_MS = 1440 * 60_000;

/**
 * A pause hook at POST_TEST_TRAFFIC_SHIFT waits for an approval (ContinueServiceDeployment) that never comes
 * within the run: HOOK_AWAITING_ACTION with its expiresAt, and the deployment stays IN_PROGRESS.
 */
export function awaitPauseHook(world: World, service: SimService, deployment: SimDeployment): void {
  deployment.hookStarted = true;
  const id = hookId(world, 'pause');
  deployment.pauseHookId = id;
  emitHook(
    world,
    service,
    deployment,
    id,
    'HOOK_AWAITING_ACTION',
    'POST_TEST_TRAFFIC_SHIFT',
    'PAUSE',
    world.now + PAUSE_TIMEOUT_MS,
  );
}
