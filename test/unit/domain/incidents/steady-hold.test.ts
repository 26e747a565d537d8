import { describe, expect, it } from 'vitest';
import { STEADY_HOLD_MS } from '../../../../shared/domain/incidents/quiet.js';
import { nextSweepDue } from '../../../../shared/domain/incidents/sweep.js';
import { at, KEYS, POLICY, serviceAction, serviceTask, World } from './factories.js';

const exit = (task: string, m: number) => serviceTask('app-exit', task, m);
const steady = (m: number) => serviceAction('service-steady', m);
/** A task whose stop began at `stoppingM` (ELB deregistration) and whose STOPPED event arrives at `m`. */
const drained = (task: string, stoppingM: number, m: number) =>
  serviceTask('health-check', task, m, { stoppingAt: at(stoppingM), lastStatus: 'STOPPED' });

type Step = ReturnType<typeof exit> | { sweep: number };

/** Plays events and sweeps in order; returns every alerting transition with its minute. */
function play(world: World, steps: Step[]): string[] {
  const transitions: string[] = [];
  for (const step of steps) {
    const alerts = 'sweep' in step ? world.sweepOpen(step.sweep).alerts : world.play(step).alerts;
    const minute = 'sweep' in step ? step.sweep : (Date.parse(step.facts.time) - Date.parse(at(0))) / 60_000;
    for (const alert of alerts) transitions.push(`${alert.transition}@${minute}`);
  }
  return transitions;
}

describe('Steady state soon after a failure: held for STEADY_HOLD_MS (5 min) before it resolves', () => {
  it('is 5 minutes', () => {
    expect(STEADY_HOLD_MS).toBe(5 * 60_000);
  });

  it.each<[string, Step[], string[]]>([
    [
      'steady 5 min or more after the last failure resolves at once',
      [exit('t1', 0), steady(5)],
      ['opened@0', 'resolved@5'],
    ],
    [
      'steady 1 min after: nothing until the hold passes, then resolved by the sweep',
      [exit('t1', 0), steady(1), { sweep: 4 }, { sweep: 5 }],
      ['opened@0', 'resolved@5'],
    ],
    [
      'a failure after the held steady state (a flapping service): no resolve, no reopening, quiet resolution later',
      [exit('t1', 0), steady(1), exit('t2', 2), { sweep: 7 }, { sweep: 31 }, { sweep: 32 }],
      ['opened@0', 'resolved@32'],
    ],
    [
      'a second steady state after that failure holds again from the new failure',
      [exit('t1', 0), steady(1), exit('t2', 2), steady(3), { sweep: 6 }, { sweep: 7 }],
      ['opened@0', 'resolved@7'],
    ],
    [
      'behind a load balancer, a task stopped before the steady state and reported after it (drained for minutes) does not call the hold off',
      [exit('t1', 0), steady(1), drained('t2', 0.5, 3), { sweep: 5 }, { sweep: 6 }],
      ['opened@0', 'resolved@6'],
    ],
    [
      'a stop reported after the resolution but begun before it does not reopen the incident',
      [exit('t1', 0), steady(1), { sweep: 5 }, drained('t2', 0.5, 8)],
      ['opened@0', 'resolved@5'],
    ],
    [
      'a later steady state outside the hold resolves at once',
      [exit('t1', 0), steady(1), exit('t2', 2), steady(9)],
      ['opened@0', 'resolved@9'],
    ],
  ])('%s', (_name, steps, expected) => {
    // Act
    const transitions = play(new World(), steps);

    // Assess
    expect(transitions).toEqual(expected);
  });

  it('says why it waits, remembers the steady state once, and names what resolved it', () => {
    // Prepare
    const world = new World();
    world.play(exit('t1', 0));

    // Act
    const held = world.play(steady(2));
    const again = world.play(steady(3));
    const due = nextSweepDue([], [world.incident(KEYS.tasks)], POLICY);
    world.sweepOpen(5);

    // Assess
    expect(held.decision).toMatchObject({ reason: 'grace-pending', incidentKey: KEYS.tasks });
    expect(held.decision.detail).toContain(`resolves at ${at(5)}`);
    expect(held.alerts).toEqual([]);
    expect(again.decision.reason).toBe('grace-pending');
    expect(again.incidents).toEqual([]);
    expect(due).toBe(at(5));
    expect(world.incident(KEYS.tasks)).toMatchObject({
      status: 'resolved',
      resolvedBy: 'event',
      resolution: 'service reached steady state',
      steadyAt: at(2),
    });
  });
});
