import { describe, expect, it } from 'vitest';
import { createMemoryStateStore } from '../../../../shared/adapters/state/memory-store.js';
import type { Incident } from '../../../../shared/domain/incidents/types.js';
import { describeStateStoreContract, incidentFixture } from '../../../helpers/state-store-contract.js';

describeStateStoreContract('memory', (clock) => createMemoryStateStore(clock));

describe('createMemoryStateStore', () => {
  it('never expires anything without a clock (replay of old events)', async () => {
    const store = createMemoryStateStore();

    await store.claimRemediation({ key: 'k', status: 'started' }, 0);
    await store.putIncident(incidentFixture(), 0, 0);

    expect((await store.claimRemediation({ key: 'k', status: 'started' }, 0)).claimed).toBe(false);
    expect((await store.listOpenIncidents()).length).toBe(1);
  });

  it('stores copies and hands out frozen values, so no caller can change what is stored', async () => {
    const store = createMemoryStateStore();
    const incident = incidentFixture();
    await store.putIncident(incident, 0, 1);

    incident.notes.push('after write');
    const read = await store.getIncident(incident.key);

    expect(() => read?.notes.push('after read')).toThrow(TypeError);
    expect((await store.getIncident(incident.key))?.notes).toEqual([]);
  });

  it('shares the stored parts a write keeps from what it read, and copies what changed', async () => {
    const store = createMemoryStateStore();
    await store.putIncident(incidentFixture({ notes: ['a'] }), 0, 1);
    const read = (await store.getIncident('task-failure#prod#api')) as Incident;
    const next = { ...read, notes: [...read.notes, 'b'], rev: 2 };

    await store.putIncident(next, 1, 1);
    next.notes.push('after write');
    const again = (await store.getIncident('task-failure#prod#api')) as Incident;

    expect(again.lastFacts).toBe(read.lastFacts);
    expect(again.notes).toEqual(['a', 'b']);
    expect(Object.isFrozen(again.notes)).toBe(true);
  });

  const withProto = JSON.parse('{"__proto__": {"polluted": true}, "after": 1}') as Record<string, unknown>;
  it.each([
    { name: 'an incident as the domain spreads it', extra: { rev: 2, notes: ['a'], lastFacts: { time: 't' } } },
    { name: 'a field left undefined', extra: { resolution: undefined, lastFacts: { exitCode: undefined } } },
    { name: 'a symbol key', extra: { [Symbol('hidden')]: 'not JSON' } },
    { name: 'an own __proto__ key', extra: { lastFacts: withProto } },
    {
      name: 'a Date, NaN and a getter',
      extra: {
        when: new Date(0),
        rev: Number.NaN,
        get computed() {
          return 'read once';
        },
      },
    },
  ])('stores $name as its JSON round trip, keys in order, deeply frozen', async ({ extra }) => {
    const store = createMemoryStateStore();
    const incident = Object.assign(incidentFixture(), extra) as Incident;
    await store.putIncident(incident, 0, 1);

    const read = (await store.getIncident(incident.key)) as unknown as Record<string, unknown>;

    expect(JSON.stringify(read)).toBe(JSON.stringify(incident));
    expect(Object.getOwnPropertySymbols(read)).toEqual([]);
    expect(Object.getPrototypeOf(read.lastFacts)).toBe(Object.prototype);
    expect(Object.isFrozen(read) && Object.isFrozen(read.lastFacts) && Object.isFrozen(read.notes)).toBe(true);
  });

  it('lists pending outboxes in the order the incidents were first written', async () => {
    const store = createMemoryStateStore();
    const outbox: Incident['outbox'] = { transition: 'opened', at: '2026-11-29T09:58:00.000Z', delivered: [] };
    await store.putIncident(incidentFixture({ key: 'b', outbox }), 0, 1);
    await store.putIncident(incidentFixture({ key: 'a', outbox }), 0, 1);
    await store.putIncident(incidentFixture({ key: 'b', outbox: undefined, rev: 2 }), 1, 1);
    await store.putIncident(incidentFixture({ key: 'b', outbox, rev: 3 }), 2, 1);

    expect((await store.listPendingOutboxes()).map((incident) => incident.key)).toEqual(['b', 'a']);
  });
});
