import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/runtime/config.js';
import { replayDeps } from '../../../shared/runtime/replay-deps.js';
import type { DecisionEffect } from '../../../shared/use-cases/effects.js';
import { sortByEventTime } from '../../../shared/use-cases/event-order.js';
import { handleBatch } from '../../../shared/use-cases/handle-batch.js';
import { demoEvents } from '../../helpers/pipeline.js';

const ENV = { LOOKOUT_METRICS_MODE: 'memory' };
const inputsOf = (values: unknown[]) => values.map((value, i) => ({ input: `m-${i}`, value }));
const decisions = (effects: { effect: string }[]) =>
  effects.filter((e): e is DecisionEffect => e.effect === 'decision');
const resourceOf = (value: unknown) => (value as { resources: string[] }).resources[0];

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

  it('reports only the failed inputs, and the later events of the same resource with them', async () => {
    const events = demoEvents().filter(
      (e) => (e as { 'detail-type': string })['detail-type'] === 'ECS Task State Change',
    );
    const broken = resourceOf(events[0]);
    const deps = replayDeps(parseConfig(ENV));
    const store = deps.store;
    deps.store = {
      ...store,
      putVersion: (arn, mark, expiresAt) =>
        arn === broken ? Promise.reject(new Error('DynamoDB unavailable')) : store.putVersion(arn, mark, expiresAt),
    };
    const sameTask = { ...(events[0] as object), time: '2999-01-01T00:00:00Z' };
    const inputs = inputsOf([events[0], events[1], sameTask]);
    const result = await handleBatch(deps, inputs);
    expect(result.failed).toEqual(['m-0', 'm-2']);
    expect(result.error?.message).toBe('DynamoDB unavailable');
    expect(decisions(result.effects)).toHaveLength(1);
  });

  it('hands a body that is not an event to the parser: invalid, handled, not failed', async () => {
    const deps = replayDeps(parseConfig(ENV));
    const result = await handleBatch(deps, inputsOf(['not json at all']));
    expect(result.failed).toEqual([]);
    expect(decisions(result.effects)).toEqual([expect.objectContaining({ category: 'invalid', reason: 'ignored' })]);
  });
});
