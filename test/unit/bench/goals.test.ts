import { describe, expect, it } from 'vitest';
import { type BenchGoal, judgeGoals } from '../../../bench/goals.js';
import type { BenchFigure } from '../../../bench/types.js';

const figure = (id: string, value: number, base?: number, ratio?: number): BenchFigure => ({
  id,
  label: id,
  value,
  unit: 'x',
  ...(base === undefined ? {} : { baseline: { label: 'b', value: base, unit: 'x' } }),
  ...(ratio === undefined ? {} : { ratio }),
});

describe('judgeGoals', () => {
  const goals: BenchGoal[] = [
    { label: 'calls per delivery', id: 'calls', field: 'ratio', op: '<=', target: 0.2 },
    { label: 'throughput', id: 'speed', field: 'value', op: '>=', target: 100 },
    { label: 'lost', id: 'lost', field: 'value', op: '=', target: 0 },
    { label: 'flat', id: 'rss.100k', field: 'value', op: '<=', target: 1.1, relativeTo: 'rss.10k' },
    { label: 'absent', id: 'nowhere', field: 'value', op: '<=', target: 1 },
  ];

  it.each([
    // a rounded ratio of 0.2 is 442 / 2,200 = 0.2009: judged unrounded, it misses
    ['calls', [figure('calls', 442, 2200, 0.2)], false, 442 / 2200],
    ['calls', [figure('calls', 437, 2200, 0.2)], true, 437 / 2200],
    ['speed', [figure('speed', 100)], true, 100],
    ['speed', [figure('speed', 99.9)], false, 99.9],
    ['lost', [figure('lost', 1)], false, 1],
    ['rss.100k', [figure('rss.100k', 130), figure('rss.10k', 120)], true, 130],
    ['rss.100k', [figure('rss.100k', 170), figure('rss.10k', 120)], false, 170],
    ['nowhere', [], false, undefined],
  ])('%s: %j → met %s', (id, figures, met, measured) => {
    const verdict = judgeGoals(figures, goals).find((g) => g.id === id);
    expect(verdict?.met).toBe(met);
    expect(verdict?.measured).toBe(measured);
  });

  it('holds a flat curve to the other figure times the factor', () => {
    const [, , , flat] = judgeGoals([figure('rss.100k', 130), figure('rss.10k', 120)], goals);
    expect(flat?.bound).toBeCloseTo(132);
  });
});
