import { describe, expect, it } from 'vitest';
import { createMemoryStateStore } from '../../../shared/adapters/state/memory-store.js';
import type { IncidentOutbox } from '../../../shared/domain/incidents/types.js';
import { STATE_STORE_METHODS } from '../../../shared/ports/state-store.js';
import { deferred } from '../../../shared/runtime/deferred.js';
import { withSlackPrefetch } from '../../../shared/runtime/slack-prefetch.js';
import { makeIncident } from '../domain/alerts/incident-factory.js';

const EXPIRES = 2_000_000_000;
const leased = (more: Partial<IncidentOutbox> = {}): IncidentOutbox => ({
  transition: 'opened',
  at: '2026-08-20T09:30:00Z',
  delivered: [],
  sendingAt: 1_700_000_000_000,
  sendingBy: 'w-1',
  ...more,
});

function setup() {
  let prefetches = 0;
  const inner = createMemoryStateStore();
  const store = withSlackPrefetch(inner, () => {
    prefetches += 1;
  });
  return { store, inner, prefetches: () => prefetches };
}

describe('Function: withSlackPrefetch', () => {
  it.each([
    ['a leased alert Slack has yet to get', leased(), 1],
    ['a leased alert SNS still needs but Slack has', leased({ delivered: ['slack'] }), 0],
    ['a leased alert Slack gave up on', leased({ abandoned: ['slack'] }), 0],
    ['an outbox nobody leased (waiting for the sweep)', leased({ sendingAt: undefined, sendingBy: undefined }), 0],
    ['no outbox', undefined, 0],
  ])('a commit writing %s prefetches %i time(s)', async (_, outbox, expected) => {
    const { store, inner, prefetches } = setup();
    const incident = makeIncident('oom', { rev: 1, outbox });

    await expect(store.commit({ incidents: [{ incident, expectedRev: 0 }] }, EXPIRES)).resolves.toBe(true);

    expect(prefetches()).toBe(expected);
    await expect(inner.getIncident(incident.key)).resolves.toMatchObject({ key: incident.key, rev: 1 });
  });

  it('prefetches for a single incident write that leases a Slack alert, and the write still applies', async () => {
    const { store, prefetches } = setup();
    const incident = makeIncident('oom', { rev: 1, outbox: leased() });

    await expect(store.putIncident(incident, 0, EXPIRES)).resolves.toBe(true);
    await expect(store.putIncident(incident, 0, EXPIRES)).resolves.toBe(false);

    expect(prefetches()).toBe(2);
    await expect(store.getIncident(incident.key)).resolves.toMatchObject({ rev: 1 });
  });

  it('passes every other call through, also to a store loaded on first use', async () => {
    const store = withSlackPrefetch(
      deferred(async () => createMemoryStateStore(), STATE_STORE_METHODS),
      () => {},
    );
    const incident = makeIncident('oom', { rev: 1 });

    await store.putIncident(incident, 0, EXPIRES);

    await expect(store.listOpenIncidents()).resolves.toEqual([expect.objectContaining({ key: incident.key })]);
  });
});
