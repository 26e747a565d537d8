import { describe, expect, it } from 'vitest';
import { createMemorySilences } from '../../../shared/adapters/state/silences.js';
import {
  parseSilenceRequest,
  runSilenceCommand,
  SilenceRequestError,
  silenceLine,
} from '../../../shared/use-cases/silence-commands.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');

describe('Function: runSilenceCommand', () => {
  it('adds a silence for a duration, lists it, removes it', async () => {
    // Prepare
    const store = createMemorySilences();
    const add = parseSilenceRequest({ action: 'add', cluster: 'prod', service: 'web', for: '2h', reason: 'load test' });
    // Act
    const added = await runSilenceCommand(store, add, NOW, 'alice');
    const listed = await runSilenceCommand(store, { action: 'list' }, NOW, 'alice');
    const id = added.silences[0]!.id;
    const removed = await runSilenceCommand(store, { action: 'remove', id }, NOW, 'alice');
    // Assess
    expect(added.silences[0]).toMatchObject({
      cluster: 'prod',
      service: 'web',
      from: '2026-03-02T12:00:00.000Z',
      until: '2026-03-02T14:00:00.000Z',
      reason: 'load test',
      by: 'alice',
    });
    expect(listed.silences).toEqual(added.silences);
    expect(removed.removed).toBe(true);
    expect(await store.list(NOW)).toEqual([]);
    expect(silenceLine(added.silences[0]!)).toBe(`${id}  prod/web  until 2026-03-02 14:00 UTC  by alice: load test`);
  });

  it('lists only silences not yet over', async () => {
    const store = createMemorySilences();
    await runSilenceCommand(
      store,
      parseSilenceRequest({ action: 'add', cluster: 'prod', for: '1h', reason: 'a' }),
      NOW,
      'x',
    );
    expect(await store.list(NOW + 60 * 60_000)).toEqual([]);
  });

  it.each([
    [{ action: 'add', cluster: 'prod', reason: 'x' }, 'give for (a duration) or until (a time)'],
    [{ action: 'add', cluster: 'prod', for: 'soon', reason: 'x' }, 'for: "soon" is not a duration'],
    [{ action: 'add', cluster: 'prod', until: '2026-03-01T00:00:00Z', reason: 'x' }, 'is not a future time'],
    [{ action: 'add', cluster: 'prod', for: '8d', reason: 'x' }, 'a silence lasts at most 7 days'],
  ])('refuses %o', async (request, message) => {
    const run = runSilenceCommand(createMemorySilences(), parseSilenceRequest(request), NOW, 'x');
    await expect(run).rejects.toThrow(message);
  });

  it.each([
    [{ action: 'add', for: '1h', reason: 'x' }, 'cluster'],
    [{ action: 'add', cluster: 'prod', for: '1h' }, 'reason'],
    [{ action: 'mute' }, 'action'],
  ])('names the bad field of %o', (request, field) => {
    expect(() => parseSilenceRequest(request)).toThrow(SilenceRequestError);
    expect(() => parseSilenceRequest(request)).toThrow(field);
  });
});
