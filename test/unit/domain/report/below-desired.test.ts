import { describe, expect, it } from 'vitest';
import { estimateBelowDesired } from '../../../../shared/domain/report/below-desired.js';
import { deployment, minutesAgo, NOW, service } from '../../../fixtures/report/fleet.js';

const nowMs = Date.parse(NOW);
const STUCK = 15 * 60_000;
const steady = (minutes: number) => ({ at: minutesAgo(minutes), message: '(service api) has reached a steady state.' });
const started = (minutes: number) => ({
  at: minutesAgo(minutes),
  message: '(service api) has started 1 tasks: (task 1a2b).',
});

describe('Function: estimateBelowDesired', () => {
  it.each([
    // at desired: nothing to estimate
    { name: 'at desired', svc: service(), expected: undefined },
    // scaled to zero is not "below"
    { name: 'desired 0', svc: service({ desired: 0, running: 0 }), expected: undefined },
    // trouble began with the first event after the last steady state
    {
      name: 'event after steady state',
      svc: service({ running: 0, events: [started(10), started(37), steady(60)] }),
      expected: { forMs: 37 * 60_000, basis: 'event-after-steady-state', atLeast: false, stuck: true },
    },
    // events arrive in any order; the latest steady state counts
    {
      name: 'unsorted events, two steady states',
      svc: service({ running: 1, events: [steady(300), started(5), steady(20), started(400)] }),
      expected: { forMs: 5 * 60_000, basis: 'event-after-steady-state', atLeast: false, stuck: false },
    },
    // nothing after the steady state: the deployment's later update is the better bound
    {
      name: 'steady state then nothing, deployment updated later',
      svc: service({ running: 1, events: [steady(120)], deployments: [deployment({ updatedAt: minutesAgo(7) })] }),
      expected: { forMs: 7 * 60_000, basis: 'deployment-updated', atLeast: false, stuck: false },
    },
    // nothing since the steady state: the scheduler has not acted yet, so the shortfall is new (a task just
    // stopped, desired just raised), not 20 min old: dating it from the steady state paged for normal churn
    {
      name: 'steady state then nothing',
      svc: service({ running: 1, events: [steady(20)], deployments: [deployment({ updatedAt: minutesAgo(600) })] }),
      expected: { forMs: 0, basis: 'steady-state-event', atLeast: false, stuck: false },
    },
    {
      name: 'steady state six hours ago then nothing',
      svc: service({ running: 1, events: [steady(360)], deployments: [deployment({ updatedAt: minutesAgo(400) })] }),
      expected: { forMs: 0, basis: 'steady-state-event', atLeast: false, stuck: false },
    },
    // a crash loop pushed the steady state out of the 100 retained events: a lower bound
    {
      name: 'no steady state retained',
      svc: service({ running: 0, events: [started(3), started(180)] }),
      expected: { forMs: 180 * 60_000, basis: 'oldest-event', atLeast: true, stuck: true },
    },
    // a brand-new service with no events yet
    {
      name: 'no events: primary deployment created',
      svc: service({ running: 0, events: [], deployments: [deployment({ createdAt: minutesAgo(4) })] }),
      expected: { forMs: 4 * 60_000, basis: 'deployment-created', atLeast: false, stuck: false },
    },
    {
      name: 'no events, no deployments: service created',
      svc: service({ running: 0, events: [], deployments: [], createdAt: minutesAgo(50) }),
      expected: { forMs: 50 * 60_000, basis: 'service-created', atLeast: false, stuck: true },
    },
    // garbage times are skipped, and with nothing left there is no estimate
    {
      name: 'unparseable times only',
      svc: service({ running: 0, events: [{ at: 'yesterday', message: 'x' }], deployments: [], createdAt: undefined }),
      expected: undefined,
    },
  ])('$name', ({ svc, expected }) => {
    const result = estimateBelowDesired(svc, nowMs, STUCK);
    if (expected === undefined) {
      expect(result).toBeUndefined();
      return;
    }
    expect(result).toMatchObject(expected);
    expect(result?.since).toBe(new Date(nowMs - expected.forMs).toISOString());
  });
});
