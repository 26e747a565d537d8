import { describe, expect, it } from 'vitest';
import { createMultiScopeFleetReader } from '../../../../shared/adapters/fleet/multi-scope-reader.js';
import type { FleetProgress, FleetReader } from '../../../../shared/ports/fleet-reader.js';
import { cluster } from '../../../fixtures/report/fleet.js';

const A = '111111111111';
const B = '222222222222';

/** A reader of one account that has `prod` (and the services named), or that fails like a refused role. */
function reader(services: string[], failure?: Error): FleetReader {
  return {
    read: async (query, onProgress) => {
      if (failure) throw failure;
      onProgress?.({ clustersDone: 1, clustersTotal: 1, calls: 3 });
      const missing = (query.services ?? []).filter((s) => !services.includes(s));
      return { clusters: [cluster({ name: 'prod' })], servicesNotFound: missing };
    },
  };
}

const denied = Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' });

describe('Function: createMultiScopeFleetReader', () => {
  it('reads every account and Region and tags its clusters: one row per (account, Region, cluster)', async () => {
    const progress: FleetProgress[] = [];
    const fleet = createMultiScopeFleetReader([
      { scope: { account: A, region: 'us-east-1' }, reader: reader(['api']) },
      { scope: { account: B, region: 'eu-west-1' }, reader: reader(['web']) },
    ]);
    const read = await fleet.read({ services: ['api', 'web', 'gone'] }, (p) => progress.push(p));
    expect(read.clusters.map((c) => [c.account, c.region, c.name])).toEqual([
      [A, 'us-east-1', 'prod'],
      [B, 'eu-west-1', 'prod'],
    ]);
    // A service is missing only when no account has it.
    expect(read.servicesNotFound).toEqual(['gone']);
    expect(progress.at(-1)).toEqual({ clustersDone: 2, clustersTotal: 2, calls: 6 });
  });

  it.each([
    { query: { accounts: [B] }, rows: [B] },
    { query: { regions: ['us-east-1'] }, rows: [A] },
    { query: { accounts: [A], regions: ['eu-west-1'] }, rows: [] },
  ])('reads only the accounts and Regions asked: $query → $rows', async ({ query, rows }) => {
    const fleet = createMultiScopeFleetReader([
      { scope: { account: A, region: 'us-east-1' }, reader: reader([]) },
      { scope: { account: B, region: 'eu-west-1' }, reader: reader([]) },
    ]);
    expect((await fleet.read(query)).clusters.map((c) => c.account)).toEqual(rows);
  });

  it('turns an account it cannot read into one row with the error, and throws only when none can be read', async () => {
    const fleet = createMultiScopeFleetReader([
      { scope: { account: A, region: 'us-east-1' }, reader: reader([]) },
      { scope: { account: B, region: 'us-east-1' }, reader: reader([], denied) },
    ]);
    const read = await fleet.read({});
    expect(read.clusters[1]).toMatchObject({ account: B, region: 'us-east-1', name: '*' });
    expect(read.clusters[1]?.error).toContain(`account ${B} in us-east-1 unreadable`);
    const none = createMultiScopeFleetReader([
      { scope: { account: B, region: 'us-east-1' }, reader: reader([], denied) },
    ]);
    await expect(none.read({})).rejects.toThrow('sts:AssumeRole');
  });
});
