import { ECSClient } from '@aws-sdk/client-ecs';
import { createEcsFleetReader } from '../adapters/fleet/ecs-fleet-reader.js';
import { createMultiScopeFleetReader, type ScopedFleetReader } from '../adapters/fleet/multi-scope-reader.js';
import { createEcsReadLimiter } from '../adapters/fleet/rate-limiter.js';
import { type AccountRegistry, type MemberRole, reachOf, registeredScopes } from '../domain/accounts.js';
import type { ReportReads } from '../domain/config.js';
import type { FleetReader } from '../ports/fleet-reader.js';
import { memberCredentials } from './account-clients.js';
import { RETRY } from './clients/lazy.js';

/** How the report reads ECS: the default client, the registry, and an explicit role (the CLI's --role-arn). */
export interface RegistryFleetOptions {
  /** The function's (or the CLI's) own ECS client, for the home account. */
  home: () => Pick<ECSClient, 'send'>;
  registry?: AccountRegistry;
  reads: ReportReads;
  /** `report --role-arn`: read only the role's account, in these Regions, through that role. */
  role?: { roleArn: string; externalId?: string; regions: string[] };
}

function reader(client: Pick<ECSClient, 'send'>, reads: ReportReads): FleetReader {
  // One limiter per reader: ECS throttles per account and Region, so each gets the configured rate.
  return createEcsFleetReader({
    client,
    limiter: createEcsReadLimiter(reads.readsPerSecond),
    concurrency: reads.concurrency,
  });
}

function memberReader(role: MemberRole, region: string, reads: ReportReads): FleetReader {
  const client = new ECSClient({ ...RETRY, region, credentials: memberCredentials(role) });
  return reader(client, reads);
}

/**
 * The health report's fleet reader across the registry: every registered account and Region (the home one
 * with the default client, members through their roles), or the default client alone for a single-account
 * install. Filters (`--account`, `--region`) apply per read (FleetQuery).
 */
export function registryFleetReader(options: RegistryFleetOptions): FleetReader {
  const { registry, reads, role } = options;
  if (role) {
    const account = role.roleArn.split(':')[4] ?? '';
    const member: MemberRole = { account, regions: role.regions, roleArn: role.roleArn, remediation: false };
    if (role.externalId) member.externalId = role.externalId;
    return createMultiScopeFleetReader(
      role.regions.map((region) => ({ scope: { account, region }, reader: memberReader(member, region, reads) })),
    );
  }
  const members = registry?.members ?? [];
  if (members.length === 0) return reader(options.home(), reads);
  const readers: ScopedFleetReader[] = [];
  const { account, region } = registry?.home ?? {};
  // The default credentials' own fleet, untagged when its account or Region is not configured (a laptop).
  if (!account || !region) readers.push({ reader: reader(options.home(), reads) });
  for (const scope of registeredScopes(registry)) {
    const reach = reachOf(registry, scope);
    if (reach.kind === 'home') readers.push({ scope, reader: reader(options.home(), reads) });
    if (reach.kind === 'member') readers.push({ scope, reader: memberReader(reach.role, scope.region, reads) });
  }
  return createMultiScopeFleetReader(readers);
}
