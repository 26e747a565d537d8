import { describe, expect, it } from 'vitest';
import { decide } from '../../../../shared/domain/incidents/decide.js';
import { INCIDENT_LIMITS } from '../../../../shared/domain/incidents/incident-state.js';
import { sweep } from '../../../../shared/domain/incidents/sweep.js';
import {
  ACCOUNT,
  at,
  deploymentEvent,
  inputFor,
  KEYS,
  POLICY,
  REGION,
  serviceAction,
  serviceTask,
  verdict,
  World,
} from './factories.js';

const exit = (task: string, m: number) => serviceTask('app-exit', task, m);

describe('Function: decide (crash loop)', () => {
  it.each([
    // three failures within 10 minutes: escalated on the third
    { minutes: [0, 2, 4], reasons: ['first', 'deduplicated', 'escalated'] },
    // three failures spread over 25 minutes: never three inside the window
    { minutes: [0, 12, 24], reasons: ['first', 'deduplicated', 'deduplicated'] },
    // a fourth failure after escalating is counted, not escalated again
    { minutes: [0, 1, 2, 3], reasons: ['first', 'deduplicated', 'escalated', 'deduplicated'] },
    // the window slides: failures 2, 3 and 4 fall within 10 minutes
    { minutes: [0, 9, 15, 18], reasons: ['first', 'deduplicated', 'deduplicated', 'escalated'] },
  ])('failures at $minutes min → $reasons', ({ minutes, reasons }) => {
    // Prepare
    const world = new World();
    // Act
    const got = world.playAll(minutes.map((m, i) => exit(`t${i}`, m)));
    // Assess
    expect(got).toEqual(reasons);
  });

  it('escalates to critical with the crash-loop time and counts', () => {
    // Prepare
    const world = new World();
    // Act
    world.playAll([exit('t1', 0), exit('t2', 1), serviceTask('oom', 't3', 2)]);
    // Assess
    const incident = world.incident(KEYS.tasks);
    expect(incident).toMatchObject({
      status: 'open',
      severity: 'critical',
      escalatedAt: at(2),
      lastTransition: 'escalated',
      totalFailures: 3,
      countsByCategory: { 'app-exit': 2, oom: 1 },
      category: 'oom',
      openedAt: at(0),
      lastEventAt: at(2),
      lastAlertAt: at(2),
    });
    expect(incident.recentFailures).toEqual([at(0), at(1), at(2)]);
  });

  it('opens already escalated when the threshold is 1', () => {
    const world = new World({ ...POLICY, escalationThreshold: 1 });
    world.play(exit('t1', 0));
    expect(world.incident(KEYS.tasks)).toMatchObject({
      severity: 'critical',
      escalatedAt: at(0),
      lastTransition: 'opened',
    });
  });
});

describe('Function: decide (repeats)', () => {
  it.each([
    // 59 minutes after the opening alert: still quiet
    { minute: 59, reason: 'deduplicated' },
    // exactly the repeat interval
    { minute: 60, reason: 'repeat-elapsed' },
    // long after
    { minute: 200, reason: 'repeat-elapsed' },
  ])('a failure at $minute min → $reason', ({ minute, reason }) => {
    // Prepare: keep the incident open with a failure every 20 minutes
    const world = new World({ ...POLICY, resolveAfterMs: 10 * 60 * 60_000 });
    world.play(exit('t0', 0));
    // Act
    const output = world.play(exit('tx', minute));
    // Assess
    expect(output.decision.reason).toBe(reason);
  });

  it('measures the next repeat from the last alert, not the opening', () => {
    const world = new World();
    expect(world.playAll([exit('t1', 0), exit('t2', 61), exit('t3', 100), exit('t4', 122)])).toEqual([
      'first',
      'repeat-elapsed',
      'deduplicated',
      'repeat-elapsed',
    ]);
  });
});

describe('Function: decide (resolution)', () => {
  it.each([
    // failure before steady: resolved
    { failure: 0, steady: 5, reason: 'resolved' },
    // failure in the same instant as steady: not "before", stays open
    { failure: 5, steady: 5, reason: 'ignored' },
    // a steady event older than the last failure (delivered late) resolves nothing
    { failure: 6, steady: 5, reason: 'ignored' },
  ])('failure at $failure, steady at $steady → $reason', ({ failure, steady, reason }) => {
    const world = new World();
    world.play(exit('t1', failure));
    expect(world.play(serviceAction('service-steady', steady)).decision.reason).toBe(reason);
  });

  it("keeps the next deployment's failures in the open episode and resolves it on completion", () => {
    // Prepare: a failed deployment's incident, then a failure of the next deployment's tasks
    const world = new World();
    world.play(deploymentEvent('deployment-failed', 'ecs-svc/2', 0));
    world.play(deploymentEvent('deployment-started', 'ecs-svc/4', 30));
    world.play(serviceAction('service-steady', 31));
    const oom = world.play(serviceTask('oom', 't7', 32, { startedBy: 'ecs-svc/4' }));
    // Act
    const output = world.play(deploymentEvent('deployment-completed', 'ecs-svc/4', 40));
    // Assess
    expect(oom.decision).toMatchObject({ reason: 'deduplicated', incidentKey: KEYS.deployment });
    expect(output.alerts).toEqual([{ incidentKey: KEYS.deployment, transition: 'resolved' }]);
    expect(world.incident(KEYS.deployment)).toMatchObject({
      status: 'resolved',
      resolvedAt: at(40),
      resolvedBy: 'event',
      resolution: 'deployment ecs-svc/4 completed',
      countsByCategory: { 'deployment-failed': 1, oom: 1 },
    });
    expect(world.incidents.has(KEYS.tasks)).toBe(false);
    expect(world.deployments.get(`${ACCOUNT}/${REGION}/prod/orders-api`)).toMatchObject({
      state: 'completed',
      deploymentId: 'ecs-svc/4',
    });
  });

  it('re-opens a resolved incident as a new opening counted from zero', () => {
    // Prepare
    const world = new World();
    world.playAll([exit('t1', 0), exit('t2', 1), exit('t3', 2), serviceAction('service-steady', 8)]);
    const resolved = world.incident(KEYS.tasks);
    // Act
    const output = world.play(exit('t4', 30));
    // Assess
    expect(output.decision).toMatchObject({ reason: 'first', transition: 'opened' });
    const reopened = world.incident(KEYS.tasks);
    expect(reopened).toMatchObject({
      status: 'open',
      openedAt: at(30),
      totalFailures: 1,
      severity: 'warning',
      absorbed: 0,
    });
    expect(reopened.escalatedAt).toBeUndefined();
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.recentFailures).toEqual([at(30)]);
    expect(output.incidents[0]?.rev).toBe(resolved.rev + 1);
  });
});

describe('Function: decide (after a quiet resolution)', () => {
  it.each([
    // a failure after the last one seen, delivered only after the sweep resolved: new, reopens
    { minute: 25, reason: 'first' },
    // a failure older than the last one the incident saw: stale
    { minute: -1, reason: 'stale' },
    // a failure after the resolution
    { minute: 45, reason: 'first' },
  ])('failure at $minute min → $reason', ({ minute, reason }) => {
    // Prepare: one failure at 0, resolved by the sweep at 30 as quiet
    const world = new World();
    world.play(exit('t1', 0));
    const swept = sweep({
      now: at(30),
      due: [],
      stillDisconnected: {},
      open: [world.incident(KEYS.tasks)],
      instanceIncidents: {},
      policy: POLICY,
    });
    world.incidents.set(KEYS.tasks, swept.incidents[0]!);
    // Act / Assess
    expect(world.play(exit('t2', minute)).decision.reason).toBe(reason);
  });
});

describe('Function: decide (bookkeeping)', () => {
  it('increments rev by one on every change and keeps lists bounded', () => {
    // Prepare: 120 failures of distinct tasks within one escalation window
    const world = new World({ ...POLICY, escalationWindowMs: 24 * 60 * 60_000, resolveAfterMs: 24 * 60 * 60_000 });
    // Act
    for (let i = 0; i < 120; i++) world.play(exit(`t${i}`, i / 10));
    // Assess
    const incident = world.incident(KEYS.tasks);
    expect(incident.totalFailures).toBe(120);
    expect(incident.recentFailures.length).toBe(INCIDENT_LIMITS.recentFailures);
    expect(incident.countedTasks?.length).toBe(INCIDENT_LIMITS.countedTasks);
    expect(incident.appliedKeys?.length).toBe(INCIDENT_LIMITS.appliedKeys);
    expect(incident.notes.length).toBeLessThanOrEqual(INCIDENT_LIMITS.notes);
  });

  it('counts a late (out-of-order) failure but keeps the newer facts for the alert', () => {
    const world = new World();
    world.playAll([exit('t1', 0), serviceTask('oom', 't2', 5)]);
    world.play(serviceTask('health-check', 't3', 3));
    const incident = world.incident(KEYS.tasks);
    expect(incident.totalFailures).toBe(3);
    expect(incident.category).toBe('oom');
    expect(incident.lastFacts.taskArn).toContain('t2');
    expect(incident.lastEventAt).toBe(at(5));
  });

  it.each([
    // an unreadable event time changes nothing
    { v: serviceTask('oom', 't1', 0, { time: 'yesterday' }), now: 'yesterday', detail: 'the event time is unreadable' },
  ])('ignores safely: $detail', ({ v, now, detail }) => {
    const output = decide({ ...inputFor(v), now });
    expect(output.decision).toEqual({ reason: 'ignored', detail });
    expect(output.incidents).toEqual([]);
  });

  it('never throws on an unknown category', () => {
    const v = { ...verdict('oom', { service: 'x' }), category: 'martian' } as unknown as ReturnType<typeof verdict>;
    expect(decide(inputFor(v)).decision.reason).toBe('ignored');
  });
});
