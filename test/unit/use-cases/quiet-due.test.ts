import { describe, expect, it } from 'vitest';
import { nextSweepDueMs } from '../../../shared/domain/incidents/sweep.js';
import type { Incident } from '../../../shared/domain/incidents/types.js';
import { parseConfig } from '../../../shared/runtime/config.js';
import { replayDeps } from '../../../shared/runtime/replay-deps.js';
import { createQuietDue } from '../../../shared/use-cases/quiet-due.js';
import { replayEvents } from '../../../shared/use-cases/replay.js';
import { demoEvents } from '../../helpers/pipeline.js';
import { seeded } from '../../helpers/random.js';

const POLICY = parseConfig({}).incidents;

/** Every list of open incidents a replay of `values` asked its store for, in order. */
async function openListsOf(values: unknown[]): Promise<Incident[][]> {
  const deps = replayDeps(parseConfig({}));
  const lists: Incident[][] = [];
  const store = deps.store;
  const listOpenIncidents = async (cluster?: string) => {
    const open = await store.listOpenIncidents(cluster);
    lists.push(open);
    return open;
  };
  const inputs = values.map((value, i) => ({ input: `#${i}`, value }));
  await replayEvents({ ...deps, store: { ...store, listOpenIncidents } }, inputs, () => {});
  return lists;
}

describe('Function: createQuietDue', () => {
  it('gives what a walk of every open incident gives, at every step of a replay', async () => {
    // Prepare: the demo, every event twice (redeliveries), lists as the replay saw them
    const lists = await openListsOf(demoEvents().flatMap((event) => [event, structuredClone(event)]));
    const quietDue = createQuietDue(POLICY);

    // Act
    const kept = lists.map((open) => quietDue(open));

    // Assess
    expect(kept).toEqual(lists.map((open) => nextSweepDueMs([], open, POLICY)));
    expect(new Set(kept.filter(Number.isFinite)).size).toBeGreaterThan(2);
  });

  it('works a subject out again when its incident closes, or changes in place', async () => {
    // Prepare: a stored (frozen) incident of the demo, the same a day later under another service, and a copy of
    // it that is not frozen
    const [stored] = (await openListsOf(demoEvents())).flat().filter((i) => i.group !== 'instance-lost');
    const incident = stored as Incident;
    const dayLater = (iso: string) => new Date(Date.parse(iso) + 86_400_000).toISOString();
    const elsewhere = Object.freeze({
      ...incident,
      subject: Object.freeze({ ...incident.subject, name: 'other-service' }),
      key: `${incident.key}-elsewhere`,
      lastEventAt: dayLater(incident.lastEventAt),
      openedAt: dayLater(incident.openedAt),
    });
    const unfrozen = { ...incident };
    const quietDue = createQuietDue(POLICY);

    // Act
    const first = quietDue([incident, elsewhere]);
    const replaced = quietDue([elsewhere]);
    quietDue([unfrozen]);
    unfrozen.lastEventAt = dayLater(unfrozen.lastEventAt);
    const changed = quietDue([unfrozen]);

    // Assess
    expect(first).toBe(nextSweepDueMs([], [incident, elsewhere], POLICY));
    expect(replaced).toBe(nextSweepDueMs([], [elsewhere], POLICY));
    expect(replaced).toBeGreaterThan(first);
    expect(changed).toBe(nextSweepDueMs([], [unfrozen], POLICY));
    expect(changed).toBeGreaterThan(first);
  });

  it('follows incidents that open, close, move in the list, or come back as a new object or changed in place', async () => {
    // Prepare: every incident (each version of it) the demo's replay listed as open, then lists made from them at
    // random (versions of one incident side by side: several incidents of one subject)
    const pool = [...new Set((await openListsOf(demoEvents())).flat())];
    const next = seeded(7);
    const changedInPlace = { ...(pool[0] as Incident) };
    const steps: Incident[][] = [];
    for (let step = 0; step < 200; step++) {
      const open = pool.filter(() => next() < 0.7);
      if (next() < 0.3 && open.length > 1) open.reverse();
      // A copy of a stored incident (not the same object), and an unfrozen one changed between two calls.
      if (next() < 0.2 && open.length > 0) open[0] = { ...(open[0] as Incident) };
      if (next() < 0.2) {
        changedInPlace.lastEventAt = new Date(Date.parse(changedInPlace.lastEventAt) + 60_000).toISOString();
        open.push(changedInPlace);
      }
      steps.push(open);
    }
    expect(pool.length).toBeGreaterThan(5);
    const quietDue = createQuietDue(POLICY);

    // Act and assess: each answer is worked out when asked, so a list changed later cannot change it
    for (const open of steps) expect(quietDue(open)).toBe(nextSweepDueMs([], open, POLICY));
  });
});
