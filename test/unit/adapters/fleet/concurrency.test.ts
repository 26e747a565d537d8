import { describe, expect, it } from 'vitest';
import { chunk, createSemaphore, mapLimit } from '../../../../shared/adapters/fleet/concurrency.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Function: chunk', () => {
  it.each([
    { size: 10, items: 25, expected: [10, 10, 5] },
    { size: 100, items: 100, expected: [100] },
    { size: 100, items: 0, expected: [] },
  ])('$items items by $size', ({ size, items, expected }) => {
    expect(
      chunk(
        Array.from({ length: items }, (_, i) => i),
        size,
      ).map((b) => b.length),
    ).toEqual(expected);
  });
});

describe('Function: createSemaphore / mapLimit', () => {
  it('never runs more than the limit at once, and keeps the order of results', async () => {
    let active = 0;
    let peak = 0;
    const results = await mapLimit(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async (i) => {
        active += 1;
        peak = Math.max(peak, active);
        await tick();
        active -= 1;
        return i * 2;
      },
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });

  it('hands a freed slot to the next waiter, even when newcomers arrive', async () => {
    const run = createSemaphore(2);
    let active = 0;
    let peak = 0;
    const task = async () => {
      active += 1;
      peak = Math.max(peak, active);
      await tick();
      active -= 1;
    };
    const first = Array.from({ length: 5 }, () => run(task));
    await tick();
    const later = Array.from({ length: 5 }, () => run(task));
    await Promise.all([...first, ...later]);
    expect(peak).toBe(2);
  });

  it.each([0, -1])('runs tasks one at a time when the limit is %i', async (limit) => {
    let active = 0;
    let peak = 0;
    const results = await mapLimit([1, 2, 3], limit, async (i) => {
      active += 1;
      peak = Math.max(peak, active);
      await tick();
      active -= 1;
      return i;
    });
    expect({ peak, results }).toEqual({ peak: 1, results: [1, 2, 3] });
  });

  it('frees the slot when a task throws', async () => {
    const run = createSemaphore(1);
    await expect(run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(run(async () => 'next')).resolves.toBe('next');
  });
});
