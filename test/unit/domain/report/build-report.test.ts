import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../shared/domain/incidents/types.js';
import { buildHealthReport } from '../../../../shared/domain/report/build-report.js';
import type { FleetSnapshot } from '../../../../shared/domain/report/snapshot.js';
import {
  cluster,
  instance,
  instances,
  minutesAgo,
  NOW,
  openIncident,
  POLICY,
  service,
} from '../../../fixtures/report/fleet.js';

const HOUR = 3_600_000;
const build = (snapshot: FleetSnapshot, incidents: Incident[] = [], policy = POLICY) =>
  buildHealthReport(snapshot, { now: NOW, windowMs: HOUR, incidents, policy });
const stuck = (name: string, minutes: number) =>
  service({
    name,
    running: 0,
    events: [
      { at: minutesAgo(minutes), message: `(service ${name}) has started 1 tasks.` },
      { at: minutesAgo(minutes + 60), message: `(service ${name}) has reached a steady state.` },
    ],
  });

const incident = openIncident;

describe('Function: buildHealthReport — clusters', () => {
  it.each([
    // one agent gone for 12 min out of six instances
    {
      name: 'one disconnected agent',
      snapshot: cluster({
        instances: [
          ...instances(5),
          instance({ arn: 'arn:x/ci-gone', agentConnected: false, disconnectedSince: minutesAgo(12) }),
        ],
      }),
      status: 'DEGRADED',
      texts: ['agent disconnected on 1 of 6 instances for 12 min'],
    },
    // every agent gone: nothing can be placed
    {
      name: 'all agents disconnected',
      snapshot: cluster({ instances: instances(3, { agentConnected: false }) }),
      status: 'CRITICAL',
      texts: ['agent disconnected on all 3 instances'],
    },
    // draining is routine (scale-in, Spot): shown, status unchanged
    {
      name: 'draining instance',
      snapshot: cluster({ instances: [...instances(5), instance({ arn: 'arn:x/ci-d', status: 'DRAINING' })] }),
      status: 'HEALTHY',
      texts: ['1 of 6 instances draining'],
    },
    {
      name: 'high reservation',
      snapshot: cluster({ instances: [instance({ cpu: { registered: 1000, remaining: 50 } })] }),
      status: 'HEALTHY',
      texts: ['CPU reserved 95%'],
    },
    // INACTIVE and REGISTERING instances run nothing and are not counted
    {
      name: 'inactive instances ignored',
      snapshot: cluster({
        instances: [instance(), instance({ arn: 'arn:x/old', status: 'INACTIVE', agentConnected: false })],
      }),
      status: 'HEALTHY',
      texts: [],
    },
  ])('$name', ({ snapshot, status, texts }) => {
    const report = build({ clusters: [snapshot] });
    expect(report.clusters[0]?.status).toBe(status);
    expect(report.clusters[0]?.reasons.map((r) => r.text)).toEqual(texts);
  });

  it('counts instances and reservation over ACTIVE instances', () => {
    const report = build({
      clusters: [
        cluster({
          instances: [
            instance(),
            instance({
              arn: 'arn:x/2',
              cpu: { registered: 2048, remaining: 0 },
              memory: { registered: 4096, remaining: 4096 },
            }),
            instance({ arn: 'arn:x/3', status: 'DRAINING', agentConnected: false }),
          ],
        }),
      ],
    });
    expect(report.clusters[0]?.instances).toMatchObject({
      registered: 3,
      connected: 2,
      disconnected: 1,
      draining: 1,
      cpuReservedPct: 75,
      memoryReservedPct: 25,
    });
  });

  it('counts standalone tasks as cluster running minus service running, only with every service read', () => {
    const all = build({
      clusters: [cluster({ runningTasks: 7, services: [service(), service({ name: 'web', running: 3, desired: 3 })] })],
    });
    const filtered = build({ clusters: [cluster({ runningTasks: 7, allServices: false })] });
    expect(all.clusters[0]?.standalone.running).toBe(2);
    expect(all.counts.tasks.standalone).toBe(2);
    expect(filtered.clusters[0]?.standalone.running).toBeNull();
  });

  it('marks an unreadable cluster UNKNOWN with its error and keeps the rest', () => {
    const report = build({
      clusters: [
        cluster({ name: 'ok' }),
        cluster({
          name: 'locked',
          services: [],
          error: 'AccessDeniedException: not authorized to perform ecs:ListServices',
        }),
      ],
    });
    expect(report.status).toBe('DEGRADED');
    const locked = report.clusters.find((c) => c.name === 'locked');
    expect(locked).toMatchObject({
      status: 'UNKNOWN',
      error: 'AccessDeniedException: not authorized to perform ecs:ListServices',
    });
    expect(report.clusters.find((c) => c.name === 'ok')?.status).toBe('HEALTHY');
    expect(report.counts.clusters).toEqual({ HEALTHY: 1, DEGRADED: 0, CRITICAL: 0, UNKNOWN: 1 });
    expect(report.topProblems[0]).toMatchObject({ cluster: 'locked', code: 'cluster-unreadable' });
  });

  it.each([
    { name: 'nothing readable', clusters: [cluster({ error: 'x' })], status: 'UNKNOWN' },
    {
      name: 'critical beats unknown',
      clusters: [cluster({ name: 'a', error: 'x' }), cluster({ name: 'b', services: [stuck('api', 40)] })],
      status: 'CRITICAL',
    },
    { name: 'empty scope', clusters: [], status: 'HEALTHY' },
  ])('overall status: $name', ({ clusters, status }) => {
    expect(build({ clusters }).status).toBe(status);
  });
});

describe('Function: buildHealthReport — metrics, incidents, ranking', () => {
  it('attaches failure counts to services, standalone families and clusters', () => {
    const report = build({
      clusters: [cluster()],
      metrics: {
        taskFailures: [
          { cluster: 'prod', service: 'api', category: 'oom', count: 14 },
          { cluster: 'prod', service: 'family:batch', category: 'app-exit', count: 3 },
          { cluster: 'other', service: 'api', category: 'oom', count: 99 },
        ],
        lostInstances: [{ cluster: 'prod', count: 2 }],
        deploymentFailures: [],
      },
    });
    const prod = report.clusters[0]!;
    expect(prod.services[0]?.failures).toEqual({ total: 14, byCategory: { oom: 14 } });
    expect(prod.standalone.failures).toEqual([{ family: 'batch', total: 3, byCategory: { 'app-exit': 3 } }]);
    expect(prod.reasons.map((r) => r.text)).toEqual([
      '2 instances lost in 1 h',
      '3 container exits of standalone family batch in 1 h',
    ]);
    expect(report.counts.failures).toEqual({ total: 17, byCategory: { oom: 14, 'app-exit': 3 } });
  });

  it('sums the failure buckets of a service over its categories into one sparkline series', () => {
    const grid = { start: minutesAgo(60), ms: 300_000, count: 3 };
    const report = build({
      clusters: [cluster({ services: [service(), service({ name: 'web' })] })],
      metrics: {
        taskFailures: [
          { cluster: 'prod', service: 'api', category: 'oom', count: 3, buckets: [1, 0, 2] },
          { cluster: 'prod', service: 'api', category: 'app-exit', count: 1, buckets: [0, 1, 0] },
          { cluster: 'other', service: 'api', category: 'oom', count: 5, buckets: [5, 0, 0] },
        ],
        lostInstances: [],
        deploymentFailures: [],
        buckets: grid,
      },
    });
    const [api, web] = report.clusters[0]!.services;
    expect(api?.failureSeries).toEqual({ start: grid.start, bucketMs: 300_000, counts: [1, 1, 2] });
    // No failures, no series: the page draws a flat line from the total.
    expect(web?.failureSeries).toBeUndefined();
  });

  it('gives a standalone family its own sparkline series, as a service gets one', () => {
    const grid = { start: minutesAgo(60), ms: 300_000, count: 3 };
    const report = build({
      clusters: [cluster({ services: [service()] })],
      metrics: {
        taskFailures: [
          { cluster: 'prod', service: 'family:batch', category: 'app-exit', count: 3, buckets: [1, 0, 2] },
          { cluster: 'prod', service: 'family:batch', category: 'oom', count: 1, buckets: [0, 1, 0] },
        ],
        lostInstances: [],
        deploymentFailures: [],
        buckets: grid,
      },
    });
    expect(report.clusters[0]!.standalone.failures).toEqual([
      {
        family: 'batch',
        total: 4,
        byCategory: { 'app-exit': 3, oom: 1 },
        failureSeries: { start: grid.start, bucketMs: 300_000, counts: [1, 1, 2] },
      },
    ]);
  });

  it('keeps the times of an open incident for its timeline', () => {
    const report = build({ clusters: [cluster()] }, [
      incident({
        recentFailures: [minutesAgo(3), minutesAgo(9)],
        escalatedAt: minutesAgo(3),
        lastTransition: 'escalated',
        notes: ['replacement started'],
      }),
    ]);
    expect(report.clusters[0]!.services[0]?.openIncidents[0]).toMatchObject({
      openedAt: minutesAgo(10),
      escalatedAt: minutesAgo(3),
      lastEventAt: minutesAgo(2),
      lastTransition: 'escalated',
      recentFailures: [minutesAgo(9), minutesAgo(3)],
      notes: ['replacement started'],
    });
  });

  it('lists a silenced incident with its silence first among its notes', () => {
    const silenced = {
      id: 's1',
      until: '2026-03-02T14:00:00.000Z',
      reason: 'load test',
      by: 'alice',
      transition: 'opened' as const,
    };
    const report = build({ clusters: [cluster()] }, [incident({ silenced, notes: ['replacement started'] })]);
    expect(report.clusters[0]!.services[0]?.openIncidents[0]?.notes).toEqual([
      'Silenced until 2026-03-02 14:00 UTC by alice: load test',
      'replacement started',
    ]);
  });

  it('matches open incidents to their service, keeps the others on the cluster, ignores resolved ones', () => {
    const report = build({ clusters: [cluster()] }, [
      incident({}),
      incident({
        key: 'inst',
        subject: { kind: 'instance', name: 'arn:x/ci-1' },
        group: 'instance-lost',
        severity: 'critical',
        category: 'instance-loss',
      }),
      incident({ key: 'gone', status: 'resolved' }),
      incident({ key: 'elsewhere', cluster: 'staging' }),
    ]);
    const prod = report.clusters[0]!;
    expect(prod.services[0]?.openIncidents.map((i) => i.key)).toEqual([
      '123456789012/eu-west-1/prod/service/api/task-failure',
    ]);
    expect(prod.openIncidents.map((i) => i.key)).toEqual(['inst']);
    expect(prod.status).toBe('CRITICAL');
    expect(report.counts.openIncidents).toBe(2);
  });

  it('ranks problems: critical first, then by weight and size, and numbers them', () => {
    const report = build({
      clusters: [
        cluster({ name: 'a', services: [service({ name: 'slow', desired: 3, running: 2 }), stuck('down', 40)] }),
        cluster({ name: 'b', services: [stuck('worse', 90)], instances: [instance({ agentConnected: false })] }),
      ],
    });
    expect(report.topProblems.map((p) => [p.rank, p.impact, p.cluster, p.service, p.code])).toEqual([
      [1, 'critical', 'b', 'worse', 'no-running-tasks'],
      [2, 'critical', 'a', 'down', 'no-running-tasks'],
      [3, 'critical', 'b', undefined, 'agent-disconnected'],
      [4, 'degraded', 'a', 'slow', 'below-desired'],
    ]);
    expect(report.clusters.map((c) => c.name)).toEqual(['a', 'b']);
    expect(report.clusters[0]?.services.map((s) => s.name)).toEqual(['down', 'slow']);
    const limited = build({ clusters: [cluster({ services: [stuck('x', 40), stuck('y', 40)] })] }, [], {
      ...POLICY,
      topProblems: 1,
    });
    expect(limited.topProblems).toHaveLength(1);
  });

  it('writes the schema version, the window, counts and notes', () => {
    const report = build({
      clusters: [cluster({ services: [service(), service({ name: 'web', desired: 4, running: 3, pending: 1 })] })],
      metrics: {
        taskFailures: [],
        lostInstances: [],
        deploymentFailures: [],
        error: 'AccessDenied: cloudwatch:ListMetrics',
      },
      servicesNotFound: ['ghost'],
      notes: ['open incidents unavailable: timeout'],
    });
    expect(report.schemaVersion).toBe(1);
    expect(report.window).toEqual({ label: '1h', ms: HOUR, start: '2026-08-20T11:00:00.000Z', end: NOW });
    expect(report.counts.services).toEqual({ HEALTHY: 1, DEGRADED: 1, CRITICAL: 0 });
    expect(report.counts.tasks).toEqual({ desired: 6, running: 5, pending: 1, standalone: 0 });
    expect(report.notes).toEqual([
      'failure counts unavailable: AccessDenied: cloudwatch:ListMetrics',
      'services not found: ghost',
      'open incidents unavailable: timeout',
    ]);
    expect(build({ clusters: [] }).notes).toEqual(['no clusters in scope']);
  });
});
