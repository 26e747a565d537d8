import { describe, expect, it } from 'vitest';
import { createMultiScopeFleetReader } from '../../../shared/adapters/fleet/multi-scope-reader.js';
import type { AccountRegistry } from '../../../shared/domain/accounts.js';
import type { Incident } from '../../../shared/domain/incidents/types.js';
import type { ClusterSnapshot } from '../../../shared/domain/report/snapshot.js';
import type { FleetReader } from '../../../shared/ports/fleet-reader.js';
import { produceHealthReport } from '../../../shared/use-cases/health-report.js';
import { cluster, minutesAgo, NOW, openIncident, POLICY, service } from '../../fixtures/report/fleet.js';

const HOME = '123456789012';
const MEMBER = '111111111111';
const STRANGER = '333333333333';

const registry: AccountRegistry = {
  home: { account: HOME, region: 'us-east-1' },
  members: [
    { account: MEMBER, regions: ['us-east-1'], roleArn: 'arn:aws:iam::111111111111:role/x', remediation: true },
  ],
};

const fixed = (clusters: ClusterSnapshot[]): FleetReader => ({
  read: async () => ({ clusters: structuredClone(clusters), servicesNotFound: [] }),
});

function incident(account: string, region = 'us-east-1'): Incident {
  return openIncident({
    key: `${account}/${region}/prod/service/api/task-failure`,
    account,
    region,
    severity: 'critical',
    category: 'oom',
    openedAt: minutesAgo(5),
    totalFailures: 4,
  });
}

describe('Function: produceHealthReport across accounts', () => {
  it('lists same-named clusters of two accounts as two rows, each with its own incidents', async () => {
    const fleet = createMultiScopeFleetReader([
      { scope: { account: HOME, region: 'us-east-1' }, reader: fixed([cluster({ services: [service()] })]) },
      { scope: { account: MEMBER, region: 'us-east-1' }, reader: fixed([cluster({ services: [service()] })]) },
    ]);
    const report = await produceHealthReport(
      {
        fleet,
        store: { listOpenIncidents: async () => [incident(MEMBER)], getPendingDisconnect: async () => undefined },
        policy: POLICY,
        clock: () => new Date(NOW),
        accounts: registry,
      },
      { windowMs: 3_600_000 },
    );
    const rows = Object.fromEntries(report.clusters.map((c) => [c.name, c]));
    expect(Object.keys(rows).sort()).toEqual([`${MEMBER}/us-east-1/prod`, `${HOME}/us-east-1/prod`]);
    const incidentsOf = (name: string) => rows[name]!.services.flatMap((s) => s.openIncidents);
    expect(incidentsOf(`${MEMBER}/us-east-1/prod`)).toHaveLength(1);
    expect(incidentsOf(`${HOME}/us-east-1/prod`)).toHaveLength(0);
    expect(rows[`${MEMBER}/us-east-1/prod`]).toMatchObject({ account: MEMBER, region: 'us-east-1' });
  });

  it("reads each same-named cluster's own failure metrics: the member's under its full name", async () => {
    // Prepare
    const asked: string[][] = [];
    const failures = (cluster: string, count: number) => ({
      cluster,
      service: 'api',
      category: 'oom',
      count,
      buckets: [],
    });
    const metrics = {
      read: async (clusters: string[]) => {
        asked.push(clusters);
        return {
          taskFailures: [failures('prod', 2), failures(`${MEMBER}/us-east-1/prod`, 5)],
          lostInstances: [],
          deploymentFailures: [],
        };
      },
    };
    const fleet = createMultiScopeFleetReader([
      { scope: { account: HOME, region: 'us-east-1' }, reader: fixed([cluster({ services: [service()] })]) },
      { scope: { account: MEMBER, region: 'us-east-1' }, reader: fixed([cluster({ services: [service()] })]) },
    ]);

    // Act
    const report = await produceHealthReport(
      {
        fleet,
        metrics,
        store: { listOpenIncidents: async () => [], getPendingDisconnect: async () => undefined },
        policy: POLICY,
        clock: () => new Date(NOW),
        accounts: registry,
      },
      { windowMs: 3_600_000 },
    );

    // Assess
    expect(asked).toEqual([['prod', `${MEMBER}/us-east-1/prod`]]);
    const totals = Object.fromEntries(report.clusters.map((c) => [c.name, c.services[0]?.failures.total]));
    expect(totals).toEqual({ [`${HOME}/us-east-1/prod`]: 2, [`${MEMBER}/us-east-1/prod`]: 5 });
  });

  it('notes the accounts its open incidents come from that have no role (events only)', async () => {
    const report = await produceHealthReport(
      {
        fleet: fixed([cluster()]),
        store: {
          listOpenIncidents: async () => [incident(STRANGER), incident(STRANGER), incident(MEMBER)],
          getPendingDisconnect: async () => undefined,
        },
        policy: POLICY,
        clock: () => new Date(NOW),
        accounts: registry,
      },
      { windowMs: 3_600_000 },
    );
    expect(report.notes).toContain(
      `no role for account ${STRANGER} in us-east-1: events only (alerts, no ECS reads, no remediation)`,
    );
    expect(report.notes.filter((n) => n.startsWith('no role'))).toHaveLength(1);
  });
});
