import type { ECSClient } from '@aws-sdk/client-ecs';
import type { AccountScope } from '../../domain/accounts.js';
import type { ApiCall, EcsEnvelope, FleetAction, FleetSpec } from '../types.js';
import type { FleetHistoryEntry } from './history.js';
import { createFleet, type Fleet, type FleetOptions } from './index.js';

/** A fleet over several accounts and Regions: each one's ECS answers for its own account only. */
export interface MultiFleet extends Fleet {
  /** The ECS client of one account and Region (its own API calls, throttling and state); undefined for others. */
  ecsClientFor(scope: AccountScope | undefined): ECSClient | undefined;
  /** The accounts and Regions, the monitor's own first. */
  readonly scopes: AccountScope[];
}

const scoped = (scope: AccountScope, cluster: string) => `${scope.account}/${scope.region}/${cluster}`;

/**
 * One fleet per (account, Region) of `spec.accounts`, each running `spec.clusters` with its own seed, and seen
 * as one: events of all of them in time order, calls and history with clusters named `account/region/cluster`
 * (as the scenario's actions and truth name them), and a client per account/Region (ecsClientFor).
 */
export function createMultiFleet(spec: FleetSpec, actions: FleetAction[], options: FleetOptions): MultiFleet {
  const scopes = spec.accounts ?? [];
  const fleets = scopes.map((scope, i) => {
    const prefix = scoped(scope, '');
    const own = actions
      .filter((action) => action.cluster.startsWith(prefix))
      .map((action) => ({ ...action, cluster: action.cluster.slice(prefix.length) }));
    const single: FleetSpec = { ...spec, ...scope, accounts: undefined };
    return { scope, fleet: createFleet(single, own, { ...options, seed: options.seed + i * 7_919 }) };
  });
  const find = (cluster: string) => {
    const hit = fleets.find(({ scope }) => cluster.startsWith(scoped(scope, '')));
    if (!hit) throw new Error(`no account/Region in the fleet for cluster "${cluster}"`);
    return { ...hit, bare: cluster.slice(scoped(hit.scope, '').length) };
  };
  const byTime = <T extends { at: number }>(items: T[]) => items.sort((a, b) => a.at - b.at);
  return {
    scopes,
    now: () => fleets[0]!.fleet.now(),
    advanceTo(ms: number): EcsEnvelope[] {
      const events = fleets.flatMap(({ fleet }) => fleet.advanceTo(ms));
      return events
        .map((event, i) => ({ event, i, at: Date.parse(event.time) }))
        .sort((a, b) => a.at - b.at || a.i - b.i)
        .map(({ event }) => event);
    },
    ecsClient: () => fleets[0]!.fleet.ecsClient(),
    ecsClientFor: (scope) =>
      scope
        ? fleets.find((f) => f.scope.account === scope.account && f.scope.region === scope.region)?.fleet.ecsClient()
        : fleets[0]!.fleet.ecsClient(),
    get calls(): ApiCall[] {
      return byTime(
        fleets.flatMap(({ scope, fleet }) =>
          fleet.calls.map((call) => {
            const cluster = call.input.cluster;
            if (typeof cluster !== 'string') return call;
            const name = cluster.includes(':cluster/') ? cluster.slice(cluster.indexOf(':cluster/') + 9) : cluster;
            return { ...call, input: { ...call.input, cluster: scoped(scope, name) } };
          }),
        ),
      );
    },
    get history(): FleetHistoryEntry[] {
      return byTime(
        fleets.flatMap(({ scope, fleet }) =>
          fleet.history.map((entry) => ({ ...entry, cluster: scoped(scope, entry.cluster) })),
        ),
      );
    },
    instanceArn(cluster: string, index: number): string {
      const { fleet, bare } = find(cluster);
      return fleet.instanceArn(bare, index);
    },
    setRunTaskFault(fault) {
      for (const { fleet } of fleets) fleet.setRunTaskFault(fault);
    },
  };
}
