import { describe, expect, it } from 'vitest';
import { createCaptureChannel } from '../../../shared/adapters/capture/capture-channel.js';
import type { Alert } from '../../../shared/domain/alerts/types.js';
import { parseConfig } from '../../../shared/runtime/config.js';
import { replayDeps } from '../../../shared/runtime/replay-deps.js';
import type { DecisionEffect, Effect } from '../../../shared/use-cases/effects.js';
import { DeliveryError } from '../../../shared/use-cases/effects.js';
import { sortByEventTime } from '../../../shared/use-cases/event-order.js';
import { handleBatch } from '../../../shared/use-cases/handle-batch.js';
import type { PipelineDeps } from '../../../shared/use-cases/pipeline-deps.js';
import { inDecisionOrder } from '../../../shared/use-cases/replay.js';
import { runSweep } from '../../../shared/use-cases/sweep.js';
import { demoEvents, testDeps, variant } from '../../helpers/pipeline.js';

// Demo line 4: orders-api task, essential container "api" exited 1.
const crash = demoEvents()[3];

/** Failure `n` of a service (its own task ARN and version) at `time`. */
function serviceCrash(service: string, n: number, time: string): Record<string, unknown> {
  const event = variant(crash, n, time) as { detail: Record<string, unknown> };
  event.detail.group = `service:${service}`;
  event.detail.version = n + 2;
  return event as Record<string, unknown>;
}

/** Counts the store's write calls from now on. */
function countWrites(deps: PipelineDeps): () => number {
  let writes = 0;
  const store = deps.store;
  deps.store = {
    ...store,
    commit: (change, expiresAt) => {
      writes++;
      return store.commit(change, expiresAt);
    },
    putIncident: (incident, rev, expiresAt) => {
      writes++;
      return store.putIncident(incident, rev, expiresAt);
    },
    claimRemediation: (claim, expiresAt) => {
      writes++;
      return store.claimRemediation(claim, expiresAt);
    },
  };
  return () => writes;
}

const ENV = { LOOKOUT_METRICS_MODE: 'memory' };
const inputsOf = (values: unknown[]) => values.map((value, i) => ({ input: `m-${i}`, value }));
const decisions = (effects: { effect: string }[]) =>
  effects.filter((e): e is DecisionEffect => e.effect === 'decision');

describe('Function: sortByEventTime', () => {
  it.each([
    [
      'event time first',
      [
        ['b', '10:00:02', 1],
        ['a', '10:00:01', 9],
      ],
      ['a', 'b'],
    ],
    [
      'then the version within a second',
      [
        ['v3', '10:00:01', 3],
        ['v2', '10:00:01', 2],
      ],
      ['v2', 'v3'],
    ],
    [
      'then arrival order',
      [
        ['first', '10:00:01', 0],
        ['second', '10:00:01', 0],
      ],
      ['first', 'second'],
    ],
  ] as const)('orders by %s', (_name, events, expected) => {
    const inputs = events.map(([input, time, version]) => ({
      input,
      value: { time: `2026-03-02T${time}Z`, detail: { version } },
    }));
    expect(sortByEventTime(inputs).map((i) => i.input)).toEqual(expected);
  });

  it('keeps events without a time at the fallback time', () => {
    const inputs = [
      { input: 'late', value: { time: '2026-03-02T10:00:05Z' } },
      { input: 'untimed', value: { hello: 'world' } },
    ];
    expect(sortByEventTime(inputs, Date.parse('2026-03-02T10:00:00Z')).map((i) => i.input)).toEqual([
      'untimed',
      'late',
    ]);
  });
});

describe('Function: handleBatch', () => {
  it('handles a shuffled batch in event-time order, like replay', async () => {
    const events = demoEvents().slice(0, 12);
    const deps = replayDeps(parseConfig(ENV));
    const result = await handleBatch(deps, inputsOf([...events].reverse()));
    const times = decisions(result.effects).map((d) => Date.parse(d.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(result.failed).toEqual([]);
  });

  it('a partially failed batch: only the events whose alert reached no channel are delivered again', async () => {
    const { deps, slack } = testDeps();
    const failing = (name: 'slack' | 'sns') => {
      const ok = name === 'slack' ? slack : createCaptureChannel('sns');
      return {
        name,
        send: (alert: Alert, deadline: number) =>
          alert.title.includes('web')
            ? Promise.resolve({ channel: name, ok: false, attempts: 1, error: 'down for web' })
            : ok.send(alert, deadline),
      };
    };
    deps.channels = [failing('slack'), failing('sns')];
    const api = serviceCrash('api', 1, '2026-11-27T09:00:00Z');
    const web = serviceCrash('web', 2, '2026-11-27T09:00:01Z');
    const result = await handleBatch(deps, inputsOf([api, web]));
    expect(result.failed).toEqual(['m-1']);
    expect(result.error).toBeInstanceOf(DeliveryError);
    expect(slack.captured.map((c) => c.alert.title)).toEqual([expect.stringContaining('api')]);
    // The redelivery of the failed message finds its decision stored and sends the alert it still owes.
    deps.channels = [slack, createCaptureChannel('sns')];
    const again = await handleBatch(deps, [{ input: 'm-1', value: web }]);
    expect(again.failed).toEqual([]);
    expect(decisions(again.effects).map((d) => d.reason)).toEqual(['duplicate']);
    expect(slack.captured.map((c) => c.alert.title)).toEqual([
      expect.stringContaining('api'),
      expect.stringContaining('web'),
    ]);
  });

  it('says in its log and metrics which events go back to the queue, and why', async () => {
    const { deps, metrics } = testDeps();
    const down = (name: 'slack' | 'sns') => ({
      name,
      send: async () => ({ channel: name, ok: false, attempts: 1, error: 'down' }),
    });
    deps.channels = [down('slack'), down('sns')];
    const warnings: Array<[string, unknown]> = [];
    deps.log = { ...deps.log, warn: (message: string, fields?: unknown) => warnings.push([message, fields]) };
    const result = await handleBatch(deps, inputsOf([serviceCrash('api', 1, '2026-11-27T09:00:00Z')]));
    expect(result.failed).toEqual(['m-0']);
    expect(warnings).toContainEqual([
      'events failed; they will be delivered again',
      {
        failed: 1,
        inputs: ['m-0'],
        reasons: [expect.stringContaining('reached no channel')],
      },
    ]);
    expect(metrics.total('EventsRetried')).toBe(1);
  });

  it('a redelivered batch changes nothing and sends nothing, in this container or another', async () => {
    const { deps, slack, metrics } = testDeps();
    const batch = inputsOf([1, 2, 3, 4].map((n) => serviceCrash('api', n, `2026-11-27T09:0${n}:00Z`)));
    await handleBatch(deps, batch);
    const sent = slack.captured.length;
    const writes = countWrites(deps);
    const again = await handleBatch(deps, batch);
    const elsewhere = await handleBatch({ ...deps, store: { ...deps.store } }, batch);
    for (const result of [again, elsewhere]) {
      expect(result.failed).toEqual([]);
      expect(decisions(result.effects).map((d) => d.reason)).toEqual([
        'duplicate',
        'duplicate',
        'duplicate',
        'duplicate',
      ]);
    }
    expect(slack.captured).toHaveLength(sent);
    expect(writes()).toBe(0);
    expect(metrics.total('TaskFailures')).toBe(4);
    expect(metrics.total('EventsProcessed', { Outcome: 'duplicate' })).toBe(8);
  });

  it('two batches on the same incident at once: the loser decides its whole batch again, nothing is lost', async () => {
    const { deps, slack, metrics } = testDeps();
    const conflicts: string[] = [];
    deps.log = {
      ...deps.log,
      info: (message) => void (message.startsWith('state conflict') && conflicts.push(message)),
    };
    const first = inputsOf([1, 2].map((n) => serviceCrash('api', n, `2026-11-27T09:0${n}:00Z`)));
    const second = inputsOf([3, 4].map((n) => serviceCrash('api', n, `2026-11-27T09:0${n}:30Z`)));
    const results = await Promise.all([handleBatch(deps, first), handleBatch(deps, second)]);
    expect(results.flatMap((r) => r.failed)).toEqual([]);
    expect(conflicts.length).toBeGreaterThan(0);
    expect(slack.captured.map((c) => c.alert.transition)).toEqual(['opened', 'escalated']);
    expect(metrics.total('TaskFailures')).toBe(4);
    const [incident] = await deps.store.listOpenIncidents();
    expect(incident?.outbox).toBeUndefined();
  });

  it("counts a task's failure in TaskFailures once, even after a batch that saw the task running", async () => {
    const { deps, metrics } = testDeps();
    const failure = serviceCrash('api', 1, '2026-11-27T09:01:00Z') as { detail: Record<string, unknown> };
    const running = structuredClone(failure);
    Object.assign(running.detail, { lastStatus: 'RUNNING', desiredStatus: 'RUNNING', version: 1 });
    for (const key of ['stopCode', 'stoppedReason', 'stoppingAt', 'stoppedAt', 'executionStoppedAt'])
      delete running.detail[key];
    (running as Record<string, unknown>).time = '2026-11-27T09:00:00Z';
    await handleBatch(deps, inputsOf([running]));
    await handleBatch(deps, inputsOf([failure]));
    await handleBatch(deps, inputsOf([{ ...failure, id: 'redelivered-stopped-event' }]));
    expect(metrics.total('TaskFailures')).toBe(1);
  });

  it('a slow crash loop, one failure per batch, still escalates', async () => {
    const { deps, slack } = testDeps();
    for (const n of [0, 4, 8]) {
      await handleBatch(deps, inputsOf([serviceCrash('api', n, `2026-11-27T09:0${n}:00Z`)]));
    }
    expect(slack.captured.map((c) => [c.alert.transition, c.alert.severity])).toEqual([
      ['opened', 'warning'],
      ['escalated', 'critical'],
    ]);
  });

  it('an incident fed one failure per batch never resolves quietly while the failures go on', async () => {
    const { deps, slack } = testDeps();
    const start = Date.parse('2026-11-27T09:00:00Z');
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
    // Every 4 minutes for 3 hours (escalated at the third), the sweep running in between.
    for (let n = 0; n <= 45; n++) {
      await handleBatch(deps, inputsOf([serviceCrash('api', n, at(4 * n))]));
      await runSweep(deps, at(4 * n + 3));
    }
    expect(slack.captured.map((c) => c.alert.transition)).not.toContain('resolved');
    // Once the failures stop, it does resolve.
    await runSweep(deps, at(4 * 45 + 120));
    expect(slack.captured.map((c) => c.alert.transition)).toContain('resolved');
  });

  it('hands a body that is not an event to the parser: invalid, handled, not failed', async () => {
    const deps = replayDeps(parseConfig(ENV));
    const result = await handleBatch(deps, inputsOf(['not json at all']));
    expect(result.failed).toEqual([]);
    expect(decisions(result.effects)).toEqual([expect.objectContaining({ category: 'invalid', reason: 'ignored' })]);
  });
});

describe('Function: inDecisionOrder', () => {
  const decision = (incident: string, transition?: 'opened') =>
    ({
      effect: 'decision',
      input: incident,
      at: '',
      category: 'app-exit',
      severity: 'warning',
      reason: 'first',
      detail: '',
      incident,
      ...(transition ? { transition } : {}),
    }) as const;
  const alert = (incident: string, channel: 'slack' | 'sns') =>
    ({
      effect: 'alert',
      channel,
      incident,
      transition: 'opened',
      severity: 'warning',
      category: 'app-exit',
      title: incident,
      ok: true,
    }) as const;

  it.each([
    // a batch decides a and b, then delivers: each alert goes under its own decision
    {
      name: 'alerts under their decisions',
      input: [
        decision('a', 'opened'),
        decision('b', 'opened'),
        alert('a', 'slack'),
        alert('b', 'slack'),
        alert('a', 'sns'),
      ],
      expected: ['a', 'a:slack', 'a:sns', 'b', 'b:slack'],
    },
    // a decision without a transition takes no alert
    { name: 'no transition, no alert', input: [decision('a'), alert('a', 'slack')], expected: ['a', 'a:slack'] },
    // an alert no decision of the batch explains (a re-sent outbox) stays, at the end
    { name: 'unexplained alert kept', input: [alert('z', 'sns'), decision('a', 'opened')], expected: ['a', 'z:sns'] },
  ])('$name', ({ input, expected }) => {
    const label = (e: Effect) =>
      e.effect === 'alert' ? `${e.incident}:${e.channel}` : e.effect === 'decision' ? e.input : e.effect;
    expect(inDecisionOrder(input).map(label)).toEqual(expected);
  });
});
