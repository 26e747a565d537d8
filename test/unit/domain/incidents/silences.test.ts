import { describe, expect, it } from 'vitest';
import { parseSilences, type Silence } from '../../../../shared/domain/incidents/silences.js';
import type { Transition } from '../../../../shared/domain/incidents/types.js';
import { at, CLUSTER, hostLost, KEYS, SERVICE, serviceAction, serviceTask, World } from './factories.js';

const LOAD_TEST: Silence = {
  id: 's1',
  cluster: CLUSTER,
  service: SERVICE,
  from: at(0),
  until: at(60),
  reason: 'load test',
  by: 'alice',
};

const exit = (task: string, m: number) => serviceTask('app-exit', task, m);

/** Sweeps at minute `m` and applies its output; returns the alerts it sent as `transition group`. */
function sweepAt(world: World, m: number): string[] {
  return world.sweepOpen(m).alerts.map((alert) => `${alert.transition} ${alert.incidentKey.split('/').pop()}`);
}

function silencedWorld(silences: Silence[] = [LOAD_TEST]): World {
  const world = new World();
  world.silences = silences;
  return world;
}

const alertsOf = (world: World) => world.outputs.flatMap((o) => o.alerts.map((a) => a.transition));

describe('Function: decide with silences', () => {
  it('tracks a crash loop under a silence without paging, remembering the opening it held back', () => {
    // Act
    const world = silencedWorld();
    const reasons = world.playAll([exit('t1', 10), exit('t2', 11), exit('t3', 12)]);
    // Assess
    expect(reasons).toEqual(['silenced', 'deduplicated', 'silenced']);
    expect(alertsOf(world)).toEqual([]);
    const incident = world.incident(KEYS.tasks);
    expect(incident).toMatchObject({ status: 'open', totalFailures: 3, severity: 'critical' });
    expect(incident.silenced).toEqual({
      id: 's1',
      until: at(60),
      reason: 'load test',
      by: 'alice',
      transition: 'opened',
    });
    expect(incident.outbox).toBeUndefined();
    expect(world.outputs[0]!.decision.detail).toBe(`opened held back: silenced until ${at(60)} by alice: load test`);
  });

  it.each<{ name: string; silence: Partial<Silence>; reason: string }>([
    { name: 'another service', silence: { service: 'billing-api' }, reason: 'first' },
    { name: 'another cluster', silence: { cluster: 'staging' }, reason: 'first' },
    { name: 'every cluster', silence: { cluster: '*', service: undefined }, reason: 'silenced' },
    { name: 'another category', silence: { categories: ['oom'] }, reason: 'first' },
    { name: 'this category', silence: { categories: ['app-exit'] }, reason: 'silenced' },
    { name: 'a silence not yet begun', silence: { from: at(20) }, reason: 'first' },
    { name: 'a silence already over', silence: { until: at(5) }, reason: 'first' },
  ])('covers only what it names: $name → $reason', ({ silence, reason }) => {
    const world = silencedWorld([{ ...LOAD_TEST, ...silence }]);
    expect(world.play(exit('t1', 10)).decision.reason).toBe(reason);
  });

  it('never silences a lost instance', () => {
    const world = silencedWorld([{ ...LOAD_TEST, service: undefined }]);
    const output = world.play(hostLost('t1', 'ci1', 10));
    expect(output.alerts).toEqual([{ incidentKey: KEYS.instance('ci1'), transition: 'opened' }]);
    expect(output.confirmedLost).toHaveLength(1);
  });

  it('lets through the resolve of an incident the team heard of before the silence', () => {
    const world = new World();
    world.play(exit('t1', -10));
    world.silences = [LOAD_TEST];
    const output = world.play(serviceAction('service-steady', 10));
    expect(output.alerts).toEqual([{ incidentKey: KEYS.tasks, transition: 'resolved' }]);
  });

  it('holds back the resolve of an incident nobody heard of', () => {
    const world = silencedWorld();
    world.play(exit('t1', 10));
    const output = world.play(serviceAction('service-steady', 20));
    expect(output.alerts).toEqual([]);
    expect(world.incident(KEYS.tasks).status).toBe('resolved');
  });
});

describe('Function: sweep when a silence ends', () => {
  it.each<{ name: string; failures: number[]; sweeps: number[]; expected: string[] }>([
    // still failing when the load test ends: the team hears of it now, as opened
    { name: 'failing at its end', failures: [10, 30, 55], sweeps: [59, 60], expected: ['opened task-failure'] },
    // quiet long before its end: nothing to tell, closed unheard once quiet
    { name: 'quiet before its end', failures: [10], sweeps: [60, 61, 90], expected: [] },
    // quiet at its end, failing again afterwards: pages then
    { name: 'failing again after it', failures: [10, 70], sweeps: [60, 71], expected: ['opened task-failure'] },
  ])('$name → $expected', ({ failures, sweeps, expected }) => {
    // Prepare
    const world = silencedWorld();
    const sent: string[] = [];
    // Act
    for (const [i, m] of failures.entries()) {
      for (const s of sweeps.filter((s) => s < m)) sent.push(...sweepAt(world, s));
      world.play(exit(`t${i}`, m));
    }
    for (const s of sweeps.filter((s) => s >= Math.max(...failures))) sent.push(...sweepAt(world, s));
    // Assess
    expect([...sent, ...world.outputs.flatMap((o) => o.alerts.map((a) => `${a.transition} task-failure`))]).toEqual(
      expected,
    );
  });

  it('notes the silence on the page it sends and forgets it', () => {
    const world = silencedWorld();
    world.playAll([exit('t1', 50), exit('t2', 55)]);
    expect(sweepAt(world, 60)).toEqual(['opened task-failure']);
    const incident = world.incident(KEYS.tasks);
    expect(incident.silenced).toBeUndefined();
    expect(incident.notes).toContain(`Silenced until ${at(60)} by alice: load test`);
    expect(incident.outbox?.transition).toBe<Transition>('opened');
  });
});

describe('Function: parseSilences', () => {
  it.each([
    ['', { ok: true, silences: [] }],
    ['[{"cluster": "prod", "until": "2026-03-02T12:00:00Z", "reason": "db upgrade"}]', { ok: true }],
    ['{}', { ok: false, error: 'must be a JSON array of silences' }],
    ['[{"until": "2026-03-02T12:00:00Z", "reason": "x"}]', { ok: false, error: 'silence 1: cluster is required' }],
    [
      '[{"cluster": "prod", "until": "soon", "reason": "x"}]',
      { ok: false, error: 'silence 1: until must be an ISO time' },
    ],
    ['[{"cluster": "prod", "until": "2026-03-02T12:00:00Z"}]', { ok: false, error: 'silence 1: reason is required' }],
  ])('%s', (text, expected) => {
    expect(parseSilences(text)).toMatchObject(expected);
  });
});
