import { describe, expect, it } from 'vitest';
import { createMemoryStateStore } from '../../../shared/adapters/state/memory-store.js';
import { STATE_STORE_METHODS, type StateStore } from '../../../shared/ports/state-store.js';
import { deferred } from '../../../shared/runtime/deferred.js';
import { withSlackPrefetch } from '../../../shared/runtime/slack-prefetch.js';
import { batchView } from '../../../shared/use-cases/batch/batch-view.js';

const EXPIRES = Date.parse('2030-01-01T00:00:00Z');

// Each way the runtime and the batch wrap a store, alone and stacked as a deployed function stacks them
// (lambdaDeps: prefetch over the table's store; a remediating batch: its view over that).
const decorators: Array<[string, (store: StateStore) => StateStore]> = [
  ['deferred (a function without a table)', (store) => deferred(async () => store, STATE_STORE_METHODS)],
  ['withSlackPrefetch', (store) => withSlackPrefetch(store, () => {})],
  ['batchView', (store) => batchView(store, new Map())],
  [
    'batchView over withSlackPrefetch',
    (store) =>
      batchView(
        withSlackPrefetch(store, () => {}),
        new Map(),
      ),
  ],
  [
    'batchView over withSlackPrefetch over deferred',
    (store) =>
      batchView(
        withSlackPrefetch(
          deferred(async () => store, STATE_STORE_METHODS),
          () => {},
        ),
        new Map(),
      ),
  ],
];

describe('State store decorators', () => {
  it.each(decorators)('%s: has every method of the port as its own, also through a spread', (_name, decorate) => {
    const decorated = decorate(createMemoryStateStore());
    const methods = Object.keys(STATE_STORE_METHODS);
    expect(
      methods.filter((name) => typeof (decorated as unknown as Record<string, unknown>)[name] !== 'function'),
    ).toEqual([]);
    expect(Object.keys({ ...decorated }).sort()).toEqual([...methods].sort());
  });

  it.each(decorators)('%s: the remediation budget is the store underneath', async (_name, decorate) => {
    const store = createMemoryStateStore();
    const decorated = decorate(store);
    await expect(decorated.takeBudget('family#job', 1, EXPIRES)).resolves.toBe(true);
    await expect(decorated.budgetUsedUp('family#job', 1)).resolves.toBe(true);
    await expect(store.takeBudget('family#job', 1, EXPIRES)).resolves.toBe(false);
  });
});
