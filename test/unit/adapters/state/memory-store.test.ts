import { describe, expect, it } from 'vitest';
import { createMemoryStateStore } from '../../../../shared/adapters/state/memory-store.js';
import { describeStateStoreContract, incidentFixture } from '../../../helpers/state-store-contract.js';

describeStateStoreContract('memory', (clock) => createMemoryStateStore(clock));

describe('createMemoryStateStore', () => {
  it('never expires anything without a clock (replay of old events)', async () => {
    const store = createMemoryStateStore();

    await store.putOnce('k', 0);
    await store.putIncident(incidentFixture(), 0, 0);

    expect(await store.putOnce('k', 0)).toBe(false);
    expect((await store.listOpenIncidents()).length).toBe(1);
  });

  it('hands out copies, so mutating a result does not change the store', async () => {
    const store = createMemoryStateStore();
    const incident = incidentFixture();
    await store.putIncident(incident, 0, 1);

    incident.notes.push('after write');
    (await store.getIncident(incident.key))!.notes.push('after read');

    expect((await store.getIncident(incident.key))?.notes).toEqual([]);
  });
});
