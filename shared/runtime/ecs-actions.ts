import { createEcsActions } from '../adapters/ecs/ecs-actions.js';
import type { EcsActions } from '../ports/ecs-actions.js';
import { ecsClient } from './clients/ecs.js';
import { logger } from './logger.js';

let ecsActions: EcsActions | undefined;

/** ECS actions (replace, drain, describe), built once per container like the clients. */
export function getEcsActions(): EcsActions {
  ecsActions ??= createEcsActions({ client: ecsClient(), logger });
  return ecsActions;
}
