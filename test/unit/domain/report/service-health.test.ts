import { describe, expect, it } from 'vitest';
import { assessService, type ServiceContext } from '../../../../shared/domain/report/service-health.js';
import type { ServiceSnapshot } from '../../../../shared/domain/report/snapshot.js';
import { deployment, minutesAgo, NOW, POLICY, service } from '../../../fixtures/report/fleet.js';

function context(overrides: Partial<ServiceContext> = {}): ServiceContext {
  return {
    nowMs: Date.parse(NOW),
    windowLabel: '1 h',
    policy: POLICY,
    failures: { total: 0, byCategory: {} },
    deploymentFailures: 0,
    incidents: [],
    ...overrides,
  };
}
const started = (minutes: number) => ({ at: minutesAgo(minutes), message: '(service api) has started 1 tasks.' });
const steady = (minutes: number) => ({ at: minutesAgo(minutes), message: '(service api) has reached a steady state.' });

interface Row {
  name: string;
  svc: ServiceSnapshot;
  ctx: Partial<ServiceContext>;
  status: string;
  texts: string[];
}

describe('Function: assessService', () => {
  it.each<Row>([
    // healthy at desired with a completed deployment: no reasons at all
    { name: 'healthy', svc: service(), ctx: {}, status: 'HEALTHY', texts: [] },
    // zero running past the stuck threshold is an outage
    {
      name: 'zero running for 37 min',
      svc: service({ running: 0, events: [started(37), steady(90)] }),
      ctx: {},
      status: 'CRITICAL',
      texts: ['running 0 of 2 for 37 min'],
    },
    // zero running but only for a few minutes: degraded, not yet critical
    {
      name: 'zero running for 3 min',
      svc: service({ running: 0, events: [started(3), steady(90)] }),
      ctx: {},
      status: 'DEGRADED',
      texts: ['running 0 of 2 for 3 min'],
    },
    // partly running is degraded however long
    {
      name: 'one of three for 2 h',
      svc: service({ desired: 3, running: 1, events: [started(120), steady(200)] }),
      ctx: {},
      status: 'DEGRADED',
      texts: ['running 1 of 3 for 2 h'],
    },
    // only a lower bound is known
    {
      name: 'lower bound',
      svc: service({ running: 0, events: [started(5), started(240)] }),
      ctx: {},
      status: 'CRITICAL',
      texts: ['running 0 of 2 for more than 4 h'],
    },
    // a rollout in progress for a short time is only information
    {
      name: 'deployment in progress 5 min',
      svc: service({ deployments: [deployment({ rolloutState: 'IN_PROGRESS', createdAt: minutesAgo(5) })] }),
      ctx: {},
      status: 'HEALTHY',
      texts: ['deployment in progress for 5 min'],
    },
    // and degraded past the deployment threshold
    {
      name: 'deployment in progress 52 min with a 45 min threshold',
      svc: service({ deployments: [deployment({ rolloutState: 'IN_PROGRESS', createdAt: minutesAgo(52) })] }),
      ctx: { policy: { ...POLICY, deploymentStuckAfterMs: 45 * 60_000 } },
      status: 'DEGRADED',
      texts: ['deployment in progress for 52 min'],
    },
    // circuit breaker rolled back: the failed deployment's reason is shown
    {
      name: 'rolling back',
      svc: service({
        deployments: [
          deployment({
            id: 'ecs-svc/2',
            rolloutState: 'IN_PROGRESS',
            createdAt: minutesAgo(2),
            rolloutStateReason: 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.',
          }),
          deployment({
            id: 'ecs-svc/3',
            status: 'ACTIVE',
            rolloutState: 'FAILED',
            rolloutStateReason: 'ECS deployment circuit breaker: task failed to start.',
          }),
        ],
      }),
      ctx: { deploymentFailures: 1 },
      status: 'DEGRADED',
      texts: [
        'deployment failed, rolling back: ECS deployment circuit breaker: task failed to start.',
        'deployment in progress for 2 min',
      ],
    },
    // failures from metrics, biggest category first
    {
      name: 'failures in the window',
      svc: service(),
      ctx: { failures: { total: 16, byCategory: { 'app-exit': 2, oom: 14 } } },
      status: 'DEGRADED',
      texts: ['14 OOM kills, 2 container exits in 1 h'],
    },
    // below the configured failure threshold: not a reason
    {
      name: 'failures below threshold',
      svc: service(),
      ctx: { failures: { total: 2, byCategory: { oom: 2 } }, policy: { ...POLICY, failuresToDegrade: 3 } },
      status: 'HEALTHY',
      texts: [],
    },
    {
      name: 'failed deployments from metrics',
      svc: service(),
      ctx: { deploymentFailures: 2 },
      status: 'DEGRADED',
      texts: ['2 failed deployments in 1 h'],
    },
    // an open critical incident makes the service critical
    {
      name: 'open critical incident',
      svc: service(),
      ctx: {
        incidents: [{ key: 'k', category: 'oom', severity: 'critical', openedAt: minutesAgo(25), totalFailures: 3 }],
      },
      status: 'CRITICAL',
      texts: ['open critical incident (oom) for 25 min'],
    },
  ])('$name', ({ svc, ctx, status, texts }) => {
    const report = assessService(svc, context(ctx));
    expect(report.status).toBe(status);
    expect(report.reasons.map((reason) => reason.text)).toEqual(texts);
  });

  it('orders reasons by impact and keeps the figures behind them', () => {
    const report = assessService(
      service({ running: 0, events: [started(40), steady(90)] }),
      context({ failures: { total: 3, byCategory: { 'image-pull': 3 } } }),
    );
    expect(report.reasons.map((r) => [r.code, r.impact, r.value])).toEqual([
      ['no-running-tasks', 'critical', 40 * 60_000],
      ['task-failures', 'degraded', 3],
    ]);
    expect(report.belowDesired).toMatchObject({ stuck: true, basis: 'event-after-steady-state' });
  });

  it('summarizes the primary deployment and the circuit breaker', () => {
    const report = assessService(
      service({
        deployments: [deployment({ rolloutState: 'IN_PROGRESS', createdAt: minutesAgo(70), failedTasks: 4 })],
      }),
      context(),
    );
    expect(report.deployment).toEqual({
      id: 'ecs-svc/1111',
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: 'ECS deployment ecs-svc/1111 completed.',
      startedAt: minutesAgo(70),
      inProgressForMs: 70 * 60_000,
      stuck: true,
      failedTasks: 4,
      rollingBack: false,
      circuitBreaker: { enabled: true, rollback: true },
    });
  });

  it('cleans untrusted rollout text to one bounded line', () => {
    const reason = `bad\u0007 news\n${'x'.repeat(500)}`;
    const report = assessService(
      service({ deployments: [deployment({ rolloutState: 'FAILED', rolloutStateReason: reason })] }),
      context(),
    );
    const text = report.reasons[0]?.text ?? '';
    expect(text.startsWith('deployment ecs-svc/1111 failed: bad news x')).toBe(true);
    expect(text).not.toMatch(/[\u0000-\u001f]/);
    expect(text.length).toBeLessThan(220);
  });
});
