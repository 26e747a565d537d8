import type { AccountScope } from '../../domain/accounts.js';
import type { ClusterSnapshot } from '../../domain/report/snapshot.js';
import type { FleetProgress, FleetQuery, FleetRead, FleetReader } from '../../ports/fleet-reader.js';
import { describeAwsError } from './aws-errors.js';

/** A fleet reader of one account and Region (its own client and rate limits); no scope: the default credentials'. */
export interface ScopedFleetReader {
  scope?: AccountScope;
  reader: FleetReader;
}

function wanted(scope: AccountScope | undefined, query: FleetQuery): boolean {
  if (query.accounts?.length && !(scope && query.accounts.includes(scope.account))) return false;
  return !(query.regions?.length && !(scope && query.regions.includes(scope.region)));
}

/**
 * Reads every account and Region in turn, each through its own reader (so each keeps its own rate limits:
 * ECS throttles per account and Region), and tags its clusters with the account and Region: one row per
 * (account, Region, cluster). An account/Region that can't be read at all (role refused, Region disabled)
 * becomes one row with the error; the read throws only when no account/Region could be read.
 */
export function createMultiScopeFleetReader(readers: ScopedFleetReader[]): FleetReader {
  return {
    async read(query, onProgress): Promise<FleetRead> {
      const chosen = readers.filter(({ scope }) => wanted(scope, query));
      const clusters: ClusterSnapshot[] = [];
      const notFound: string[][] = [];
      let failures = 0;
      let lastError: unknown;
      const before = { clustersDone: 0, clustersTotal: 0, calls: 0 };
      for (const { scope, reader } of chosen) {
        let last: FleetProgress = { clustersDone: 0, clustersTotal: 0, calls: 0 };
        const progress = (p: FleetProgress) => {
          last = p;
          onProgress?.({
            clustersDone: before.clustersDone + p.clustersDone,
            clustersTotal: before.clustersTotal + p.clustersTotal,
            calls: before.calls + p.calls,
          });
        };
        try {
          const read = await reader.read(query, progress);
          clusters.push(...read.clusters.map((cluster) => (scope ? { ...cluster, ...scope } : cluster)));
          notFound.push(read.servicesNotFound);
        } catch (error) {
          failures += 1;
          lastError = error;
          const where = scope ? `account ${scope.account} in ${scope.region}` : 'the default account';
          clusters.push({
            name: '*',
            ...scope,
            services: [],
            allServices: false,
            instances: [],
            error: `${where} unreadable: ${describeAwsError(error)}`,
          });
        }
        before.clustersDone += last.clustersDone;
        before.clustersTotal += last.clustersTotal;
        before.calls += last.calls;
      }
      if (chosen.length > 0 && failures === chosen.length) throw lastError;
      // A requested service is missing when no account/Region has it.
      const servicesNotFound = (query.services ?? []).filter((name) => notFound.every((list) => list.includes(name)));
      return { clusters, servicesNotFound };
    },
  };
}
