import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/runtime/config.js';
import { replayDeps } from '../../../shared/runtime/replay-deps.js';
import type { Effect } from '../../../shared/use-cases/effects.js';
import { type ReplayInput, replayEvents } from '../../../shared/use-cases/replay.js';
import { demoEvents } from '../../helpers/pipeline.js';
import { seeded } from '../../helpers/random.js';

const ENV = { LOOKOUT_TASK_NETWORK: '{"prod":{"subnets":["subnet-1"],"securityGroups":["sg-1"]}}' };

async function replay(values: unknown[]) {
  const effects: Effect[] = [];
  const inputs: ReplayInput[] = values.map((value, i) => ({ input: `#${i}`, value }));
  const summary = await replayEvents(replayDeps(parseConfig(ENV)), inputs, (e) => effects.push(e));
  const alerts = effects.flatMap((e) => (e.effect === 'alert' ? [`${e.channel} ${e.transition} ${e.incident}`] : []));
  const remediations = effects.flatMap((e) =>
    e.effect === 'remediation' && e.outcome !== 'already-done' ? [`${e.action} ${e.target} ${e.outcome}`] : [],
  );
  return { summary, alerts, remediations };
}

function shuffleWithin5MinuteWindows(values: unknown[], seed: number): unknown[] {
  const next = seeded(seed);
  const windows = new Map<number, unknown[]>();
  for (const value of values) {
    const bucket = Math.floor(Date.parse((value as { time: string }).time) / 300_000);
    windows.set(bucket, [...(windows.get(bucket) ?? []), value]);
  }
  return [...windows.keys()]
    .sort((a, b) => a - b)
    .flatMap((bucket) => {
      const items = [...(windows.get(bucket) ?? [])];
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    });
}

describe('Function: replayEvents', () => {
  it('turns the demo morning into three incidents and twelve alerts instead of one message per event', async () => {
    const { summary, remediations } = await replay(demoEvents());
    expect(summary).toEqual({ events: 26, duplicates: 2, invalid: 0, incidents: 3, alerts: 12, remediations: 3 });
    expect(remediations).toEqual([
      expect.stringMatching(/^drain-instance .*1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6 would-start$/),
      expect.stringMatching(/^run-task .*5b0t0000000000000000000000000001 would-start$/),
    ]);
  });

  it('gives the same alerts and remediations when every event is duplicated and each pair swapped', async () => {
    const once = await replay(demoEvents());
    const pairs = demoEvents().flatMap((event) => [structuredClone(event), event]);
    const twice = await replay(pairs);
    expect(twice.alerts).toEqual(once.alerts);
    expect(twice.remediations).toEqual(once.remediations);
    expect(twice.summary.duplicates).toBe(once.summary.duplicates + 26);
  });

  it.each([1, 2, 3, 4, 5])(
    'gives the same incidents, alerts and remediations when shuffled within 5-minute windows (seed %i)',
    async (seed) => {
      const once = await replay(demoEvents());
      const doubled = demoEvents().flatMap((event) => [event, structuredClone(event)]);
      const shuffled = await replay(shuffleWithin5MinuteWindows(doubled, seed));
      expect(shuffled.alerts).toEqual(once.alerts);
      expect(shuffled.remediations).toEqual(once.remediations);
      expect(shuffled.summary.incidents).toBe(once.summary.incidents);
    },
  );
});
