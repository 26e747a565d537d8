import { createEcsActions } from '../../adapters/ecs/ecs-actions.js';
import { createScopedEcsActions } from '../../adapters/ecs/scoped-ecs-actions.js';
import { createEcsFleetReader } from '../../adapters/fleet/ecs-fleet-reader.js';
import { createMultiScopeFleetReader } from '../../adapters/fleet/multi-scope-reader.js';
import { createEcsReadLimiter, type LimiterClock } from '../../adapters/fleet/rate-limiter.js';
import { type AccountRegistry, reachOf } from '../../domain/accounts.js';
import type { ReportReads } from '../../domain/config.js';
import type { EcsActions } from '../../ports/ecs-actions.js';
import type { FleetReader } from '../../ports/fleet-reader.js';
import type { MultiFleet } from '../fleet/multi.js';

/**
 * ECS actions as the deployed monitor routes them (shared/runtime/account-ecs-actions.ts): each call to the
 * account/Region its ARNs name, where the registry reaches; elsewhere NoMemberRoleError / a refused write.
 */
export function accountEcsActions(fleet: MultiFleet, registry: AccountRegistry | undefined): EcsActions {
  const made = new Map<string, EcsActions>();
  return createScopedEcsActions((scope) => {
    const where = scope ?? fleet.scopes[0]!;
    const reach = reachOf(registry, where);
    if (reach.kind === 'none') return { unreachable: reach.reason };
    const key = `${where.account}/${where.region}`;
    const client = fleet.ecsClientFor(where);
    if (!client) return { unreachable: `no account ${where.account} in ${where.region} in the simulated fleet` };
    const actions = made.get(key) ?? createEcsActions({ client });
    made.set(key, actions);
    return actions;
  });
}

/** The health report's reader across the registry (shared/runtime/account-report-sources.ts), on virtual time. */
export function accountFleetReader(
  fleet: MultiFleet,
  registry: AccountRegistry | undefined,
  reads: ReportReads,
  clock: LimiterClock,
): FleetReader {
  const reachable = fleet.scopes.filter((scope) => reachOf(registry, scope).kind !== 'none');
  return createMultiScopeFleetReader(
    reachable.map((scope) => ({
      scope,
      reader: createEcsFleetReader({
        client: fleet.ecsClientFor(scope)!,
        limiter: createEcsReadLimiter(reads.readsPerSecond, clock),
        concurrency: reads.concurrency,
      }),
    })),
  );
}
