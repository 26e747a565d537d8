import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../../shared/domain/classify/types.js';
import { FAMILY_QUIET_MS, quietWindowMs } from '../../../../shared/domain/incidents/quiet.js';
import { at, KEYS, POLICY, serviceAction, serviceTask, standaloneTask, verdict, World } from './factories.js';

/** The sweep at minute `m` over the world's open incidents; returns the keys it resolved. */
function sweepAt(world: World, m: number): string[] {
  return world
    .sweepOpen(m)
    .incidents.filter((i) => i.status === 'resolved')
    .map((i) => i.key);
}

/** A successful run of a standalone family: the essential container exited 0 and ended the task. */
function jobDone(task: string, m: number, family = 'nightly-batch'): Verdict {
  const v = standaloneTask('normal-stop', task, m, family);
  return { ...v, facts: { ...v.facts, stopCode: 'EssentialContainerExited', lastStatus: 'STOPPED', version: 5 } };
}

describe('Function: quietWindowMs', () => {
  it.each([
    // one failure of a service: the policy's 30 min
    { name: 'service, one failure', subject: 'service', failures: 1, spanMin: 0, expected: POLICY.resolveAfterMs },
    // ECS's start backoff: failures 0, 2, 4, 10, 22, 46 min apart grow; twice the mean gap covers the next one
    { name: 'service, backoff', subject: 'service', failures: 6, spanMin: 100, expected: 40 * 60_000 },
    // a standalone family runs on a schedule: a day and an hour
    { name: 'family, one failure', subject: 'family', failures: 1, spanMin: 0, expected: FAMILY_QUIET_MS },
  ] as const)('$name', ({ subject, failures, spanMin, expected }) => {
    const world = new World();
    const v = subject === 'service' ? serviceTask('image-pull', 't1', 0) : standaloneTask('oom', 't1', 0);
    world.play(v);
    const key = subject === 'service' ? KEYS.tasks : KEYS.family('nightly-batch');
    const incident = { ...world.incident(key), totalFailures: failures, lastEventAt: at(spanMin) };
    expect(quietWindowMs(incident, POLICY)).toBe(expected);
  });
});

describe('Function: sweep (quiet resolution)', () => {
  it('keeps a job that fails on every hourly run one incident: no resolve between runs', () => {
    const world = new World();
    world.play(standaloneTask('oom', 't1', 0));
    expect(sweepAt(world, 45)).toEqual([]);
    expect(world.play(standaloneTask('oom', 't2', 60)).decision.reason).not.toBe('first');
    expect(sweepAt(world, 150)).toEqual([]);
    expect(world.incident(KEYS.family('nightly-batch')).status).toBe('open');
  });

  it('resolves a family quietly after FAMILY_QUIET_MS without a failure', () => {
    const world = new World();
    world.play(standaloneTask('oom', 't1', 0));
    expect(sweepAt(world, FAMILY_QUIET_MS / 60_000 - 1)).toEqual([]);
    expect(sweepAt(world, FAMILY_QUIET_MS / 60_000)).toEqual([KEYS.family('nightly-batch')]);
  });

  it('keeps a service episode one incident, open while the service keeps failing', () => {
    // Prepare: start impaired once at 0 (service-health), then image-pull failures every 20 min
    const world = new World();
    world.play(serviceAction('start-impaired', 0));
    for (let m = 0; m <= 80; m += 20) world.play(serviceTask('image-pull', `t${m}`, m));
    // Act / Assess: the task failures joined the episode's incident, which is not quiet while they go on
    expect(world.incidents.has(KEYS.tasks)).toBe(false);
    expect(world.incident(KEYS.health).countsByCategory).toEqual({ 'start-impaired': 1, 'image-pull': 5 });
    expect(sweepAt(world, 90)).toEqual([]);
    // it resolves once the whole service has been quiet long enough
    expect(sweepAt(world, 80 + 60)).toEqual([KEYS.health]);
  });
});

describe('Function: decide (a successful run resolves its family)', () => {
  it.each([
    // the essential container exited 0 and ended the task: the job runs again
    { name: 'successful run', done: jobDone('t9', 70), reason: 'resolved' },
    // a user stop or drain of a job is no proof it works
    {
      name: 'user stop',
      done: { ...jobDone('t9', 70), facts: { ...jobDone('t9', 70).facts, stopCode: 'UserInitiated' } },
      reason: 'ignored',
    },
    // another family's success says nothing about this one
    { name: 'other family', done: jobDone('t9', 70, 'hourly-report'), reason: 'ignored' },
    // a service task stopping normally (scale-in) is not a job run
    {
      name: 'service scale-in',
      done: verdict('normal-stop', { time: at(70), service: 'orders-api' }),
      reason: 'ignored',
    },
  ])('$name → $reason', ({ done, reason }) => {
    const world = new World();
    world.play(standaloneTask('oom', 't1', 0));
    world.play(standaloneTask('oom', 't2', 60));
    const output = world.play(done);
    expect(output.decision.reason).toBe(reason);
    const open = world.incident(KEYS.family('nightly-batch')).status === 'open';
    expect(open).toBe(reason !== 'resolved');
    if (reason === 'resolved')
      expect(output.alerts).toEqual([{ incidentKey: KEYS.family('nightly-batch'), transition: 'resolved' }]);
  });

  it('a success that ran before the last failure resolves nothing', () => {
    const world = new World();
    world.play(standaloneTask('oom', 't1', 0));
    world.play(standaloneTask('oom', 't2', 60));
    expect(world.play(jobDone('t0', 30)).decision.reason).toBe('ignored');
  });
});
