import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, FailureMetrics } from '../../../shared/domain/report/snapshot.js';
import type { FailureMetricsReader, FleetReader } from '../../../shared/ports/fleet-reader.js';
import { type HealthReportDeps, produceHealthReport } from '../../../shared/use-cases/health-report.js';
import { cluster, instance, minutesAgo, NOW, openIncident, POLICY, service } from '../../fixtures/report/fleet.js';

function fleet(clusters: ClusterSnapshot[], seen: unknown[] = []): FleetReader {
  return {
    read: async (query) => {
      seen.push(query);
      return { clusters: structuredClone(clusters), servicesNotFound: [] };
    },
  };
}

function metrics(asked: unknown[] = [], answer: Partial<FailureMetrics> = {}): FailureMetricsReader {
  return {
    read: async (clusters, window) => {
      asked.push({ clusters, window });
      return { taskFailures: [], lostInstances: [], deploymentFailures: [], ...answer };
    },
  };
}

function deps(overrides: Partial<HealthReportDeps> = {}): HealthReportDeps {
  return { fleet: fleet([cluster()]), metrics: metrics(), policy: POLICY, clock: () => new Date(NOW), ...overrides };
}

describe('Function: produceHealthReport', () => {
  it('reads the fleet, then metrics of the readable clusters over the window ending now', async () => {
    const queries: unknown[] = [];
    const asked: unknown[] = [];
    const report = await produceHealthReport(
      deps({
        fleet: fleet([cluster(), cluster({ name: 'locked', error: 'AccessDenied' })], queries),
        metrics: metrics(asked, { taskFailures: [{ cluster: 'prod', service: 'api', category: 'oom', count: 3 }] }),
      }),
      { clusters: ['prod', 'locked'], services: ['api'], windowMs: 3_600_000 },
    );
    expect(queries).toEqual([{ clusters: ['prod', 'locked'], services: ['api'] }]);
    expect(asked).toEqual([{ clusters: ['prod'], window: { start: '2026-08-20T11:00:00.000Z', end: NOW } }]);
    expect(report.generatedAt).toBe(NOW);
    expect(report.clusters.find((c) => c.name === 'prod')?.services[0]?.failures.total).toBe(3);
    expect(report.clusters.find((c) => c.name === 'locked')?.status).toBe('UNKNOWN');
  });

  it('adds open incidents and the disconnect times the pipeline recorded', async () => {
    const gone = instance({ agentConnected: false });
    const incident = openIncident({
      key: 'k',
      severity: 'critical',
      category: 'oom',
      openedAt: minutesAgo(5),
      totalFailures: 4,
    });
    const report = await produceHealthReport(
      deps({
        fleet: fleet([cluster({ instances: [gone] })]),
        store: {
          listOpenIncidents: async () => [incident],
          getPendingDisconnect: async (arn) =>
            arn === gone.arn
              ? {
                  containerInstanceArn: arn,
                  cluster: 'prod',
                  account: 'a',
                  region: 'r',
                  disconnectedAt: minutesAgo(12),
                  dueAt: NOW,
                }
              : undefined,
        },
      }),
      { windowMs: 3_600_000 },
    );
    const prod = report.clusters[0]!;
    expect(prod.instances.disconnectedInstances[0]).toMatchObject({
      disconnectedSince: minutesAgo(12),
      disconnectedForMs: 12 * 60_000,
    });
    expect(prod.reasons[0]?.text).toBe('agent disconnected on the only instance for 12 min');
    expect(prod.services[0]?.openIncidents.map((i) => i.key)).toEqual(['k']);
    expect(report.status).toBe('CRITICAL');
  });

  it('notes what it could not read, and still reports', async () => {
    const report = await produceHealthReport(
      deps({
        metrics: undefined,
        store: {
          listOpenIncidents: async () => Promise.reject(new Error('table gone')),
          getPendingDisconnect: async () => undefined,
        },
      }),
      { windowMs: 3_600_000 },
    );
    expect(report.notes).toEqual([
      'open incidents unavailable: table gone',
      'failure counts not read (no metrics reader)',
    ]);
    expect(report.status).toBe('HEALTHY');
  });

  it('measures durations at the time the reading finished', async () => {
    let calls = 0;
    const clock = () => new Date(Date.parse(NOW) + calls++ * 60_000);
    const below = service({
      running: 0,
      events: [
        { at: minutesAgo(20), message: 'x' },
        { at: minutesAgo(80), message: 'has reached a steady state' },
      ],
    });
    const report = await produceHealthReport(deps({ clock, fleet: fleet([cluster({ services: [below] })]) }), {
      windowMs: 3_600_000,
    });
    expect(report.generatedAt).toBe(NOW);
    expect(report.topProblems[0]?.text).toBe('running 0 of 2 for 20 min');
  });
});
