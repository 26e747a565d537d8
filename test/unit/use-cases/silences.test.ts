import { beforeEach, describe, expect, it } from 'vitest';
import { createMemorySilences } from '../../../shared/adapters/state/silences.js';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import { activeSilences, clearSilenceCache } from '../../../shared/use-cases/silences.js';
import { demoEvents, testDeps } from '../../helpers/pipeline.js';

// Demo line 4: orders-api task in cluster prod, essential container "api" exited 1, at 09:01:10.
const crash = demoEvents()[3] as Record<string, unknown>;
const silence = { cluster: 'prod', from: '2026-11-27T08:00:00Z', until: '2026-11-27T10:00:00Z', reason: 'load test' };

beforeEach(() => clearSilenceCache());

describe('Pipeline with silences', () => {
  it('tracks a silenced failure and counts it, but sends nothing', async () => {
    const { deps, slack, sns, metrics } = testDeps({ LOOKOUT_SILENCES: JSON.stringify([silence]) });
    const effects = await handleEvent(deps, crash, 'crash');
    expect(effects.find((e) => e.effect === 'decision')).toMatchObject({ reason: 'silenced' });
    expect([...slack.captured, ...sns.captured]).toEqual([]);
    const names = metrics.points.map((p) => p.name);
    expect(names).toContain('AlertsSilenced');
    expect(names).toContain('TaskFailures');
    const [incident] = await deps.store.listOpenIncidents();
    expect(incident?.silenced).toMatchObject({ reason: 'load test', by: 'configuration', transition: 'opened' });
  });

  it('reads stored silences once per cache period, keeping the configured ones on a failed read', async () => {
    const store = createMemorySilences();
    let reads = 0;
    const counting = {
      ...store,
      list: async (nowMs: number) => {
        reads += 1;
        if (reads > 1) throw new Error('throttled');
        return store.list(nowMs);
      },
    };
    let now = Date.parse('2026-11-27T09:00:00Z');
    const { deps } = testDeps(
      { LOOKOUT_SILENCES: JSON.stringify([silence]) },
      { silences: counting, clock: () => new Date(now) },
    );
    await store.put({
      ...silence,
      id: 's1',
      from: new Date(now).toISOString(),
      until: '2026-11-27T11:00:00.000Z',
      by: 'bob',
    });
    expect((await activeSilences(deps)).map((s) => s.by)).toEqual(['configuration', 'bob']);
    await activeSilences(deps);
    expect(reads).toBe(1);
    now += 31_000;
    expect((await activeSilences(deps)).map((s) => s.by)).toEqual(['configuration']);
  });
});
