import { describe, expect, it } from 'vitest';
import { deferred } from '../../../shared/runtime/deferred.js';

interface Counter {
  add(n: number): Promise<number>;
  total(): Promise<number>;
}

function counter(): Counter {
  let sum = 0;
  return {
    add: async (n) => {
      sum += n;
      return sum;
    },
    async total() {
      return sum;
    },
  };
}

describe('Function: deferred', () => {
  it('loads nothing until the first call, then loads once and forwards every call to the same object', async () => {
    let loads = 0;
    const lazy = deferred(
      async () => {
        loads += 1;
        return counter();
      },
      { add: true, total: true },
    );
    expect(loads).toBe(0);

    const [a, b] = await Promise.all([lazy.add(2), lazy.add(3)]);

    expect(loads).toBe(1);
    expect([a, b].sort()).toEqual([2, 5]);
    await expect(lazy.total()).resolves.toBe(5);
    expect(loads).toBe(1);
  });

  it('can be awaited without being mistaken for a promise', async () => {
    const lazy = deferred(async () => counter(), { add: true, total: true });

    const same = await lazy;

    expect(same).toBe(lazy);
  });

  it('passes a failed load on to the call that needed it', async () => {
    const lazy = deferred<Counter>(
      async () => {
        throw new Error('chunk missing');
      },
      { add: true, total: true },
    );

    await expect(lazy.total()).rejects.toThrow('chunk missing');
  });

  it('keeps every method through a spread, before and after the load (a Proxy had none to spread)', async () => {
    const lazy = deferred(async () => counter(), { add: true, total: true });
    const spread = { ...lazy };

    await spread.add(4);

    expect(Object.keys(spread).sort()).toEqual(['add', 'total']);
    await expect({ ...lazy }.total()).resolves.toBe(4);
  });
});
