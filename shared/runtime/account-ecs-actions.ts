import { ECSClient } from '@aws-sdk/client-ecs';
import { createEcsActions } from '../adapters/ecs/ecs-actions.js';
import { createScopedEcsActions } from '../adapters/ecs/scoped-ecs-actions.js';
import type { EcsActions } from '../ports/ecs-actions.js';
import { scopedFactory } from './account-clients.js';
import { ecsClient } from './clients/ecs.js';
import { RETRY } from './clients/lazy.js';
import { getConfig } from './lambda-config.js';
import { logger } from './logger.js';

/**
 * ECS actions for every account and Region of the registry: each call goes to the account/Region of the
 * ARNs it names (a member's through its role, clients built on first use). A single-account install (no
 * home account, no members) gets the plain adapter on the function's own client, as before.
 */
export function accountEcsActions(): EcsActions {
  const { accounts } = getConfig();
  const home = createEcsActions({ client: ecsClient(), logger });
  if (!accounts || (accounts.members.length === 0 && !accounts.home.account)) return home;
  const forScope = scopedFactory(
    accounts,
    () => home,
    (options) => createEcsActions({ client: new ECSClient({ ...RETRY, ...options }), logger }),
  );
  return createScopedEcsActions(forScope);
}
