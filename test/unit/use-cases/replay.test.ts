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
  it('turns the demo morning into two incidents and ten alerts instead of one message per event', async () => {
    const { summary, remediations } = await replay(demoEvents());
    // the bad deploy is one incident (opened, rolled back, resolved), the lost instance another (opened, resolved)
    expect(summary).toEqual({ events: 26, duplicates: 2, invalid: 0, incidents: 2, alerts: 10, remediations: 3 });
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

  it('gives the same effects for a stream handed over in runs of events as for one event at a time', async () => {
    // Prepare: the demo doubled (redeliveries), as single events and in runs of 1 to 7 events, asynchronously
    const inputs: ReplayInput[] = demoEvents()
      .flatMap((event) => [event, structuredClone(event)])
      .map((value, i) => ({ input: `#${i}`, value }));
    async function* runs() {
      for (let start = 0, size = 1; start < inputs.length; start += size, size = (size % 7) + 1) {
        yield inputs.slice(start, start + size);
      }
    }
    const effectsOf = async (source: Parameters<typeof replayEvents>[1]) => {
      const effects: Effect[] = [];
      const summary = await replayEvents(replayDeps(parseConfig(ENV)), source, (e) => effects.push(e));
      return { summary, effects };
    };

    // Act
    const single = await effectsOf(inputs);
    const inRuns = await effectsOf(runs());

    // Assess
    expect(inRuns).toEqual(single);
    expect(single.summary.events).toBe(52);
  });

  it('hands the pipeline batches as SQS closes them: 100 events, or the 10 s after the first', async () => {
    const stop = demoEvents().find(
      (e) => (e as { detail?: { stopCode?: string } }).detail?.stopCode === 'ServiceSchedulerInitiated',
    );
    expect(stop).toBeDefined();
    const at = (ms: number, i: number) => {
      const event = structuredClone(stop) as { id: string; time: string; detail: { taskArn: string } };
      event.id = `burst-${i}`;
      event.time = new Date(ms).toISOString();
      event.detail.taskArn = event.detail.taskArn.replace(/[0-9a-f]{32}$/, i.toString(16).padStart(32, '0'));
      return event;
    };
    const start = Date.parse('2026-11-27T10:00:00Z');
    // 250 events within 5 s, then 3 more a minute later.
    const values = [
      ...Array.from({ length: 250 }, (_, i) => at(start + i * 20, i)),
      ...Array.from({ length: 3 }, (_, i) => at(start + 60_000 + i, 250 + i)),
    ];
    const deps = replayDeps(parseConfig(ENV));
    const batches: number[] = [];
    let decisions = 0;
    const inputs = values.map((value, i) => ({ input: `#${i}`, value }));
    const original = deps.store.getMany.bind(deps.store);
    deps.store.getMany = async (keys) => {
      batches.push(decisions);
      return original(keys);
    };
    const summary = await replayEvents(deps, inputs, (e) => {
      if (e.effect === 'decision') decisions++;
    });
    expect(summary.events).toBe(253);
    // Each batch reads its state once, after the decisions of the batches before it.
    expect(batches).toEqual([0, 100, 200, 250]);
  });

  it('closes each batch 10 s after its first event while the stream goes on, a late redelivery in time order', async () => {
    const stop = demoEvents().find(
      (e) => (e as { detail?: { stopCode?: string } }).detail?.stopCode === 'ServiceSchedulerInitiated',
    ) as { id: string; time: string; detail: { taskArn: string } };
    const start = Date.parse('2026-11-27T10:00:00Z');
    const at = (ms: number, i: number) => {
      const event = structuredClone(stop);
      event.id = `steady-${i}`;
      event.time = new Date(ms).toISOString();
      event.detail.taskArn = event.detail.taskArn.replace(/[^/]+$/, i.toString(16).padStart(32, '0'));
      return event;
    };
    // One event a second for 10 minutes; event 5 is delivered again 8 minutes late.
    const values: unknown[] = Array.from({ length: 600 }, (_, i) => at(start + i * 1000, i));
    values.splice(500, 0, values[5]);
    const deps = replayDeps(parseConfig(ENV));
    const batches: number[][] = [];
    const original = deps.store.getMany.bind(deps.store);
    deps.store.getMany = async (keys) => {
      batches.push([]);
      return original(keys);
    };
    const reasons: string[] = [];
    await replayEvents(
      deps,
      values.map((value, i) => ({ input: `#${i}`, value })),
      (e) => {
        if (e.effect !== 'decision') return;
        batches.at(-1)?.push(Date.parse((values[Number(e.input.slice(1))] as { time: string }).time));
        reasons.push(e.reason);
      },
    );

    expect(batches.flat()).toHaveLength(601);
    expect(reasons.filter((reason) => reason === 'duplicate')).toHaveLength(1);
    for (const [i, times] of batches.entries()) {
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.at(-1)! - times[0]!).toBeLessThanOrEqual(10_000);
      // Nothing that could have joined was left for the next batch (unless that one starts with the late event).
      const next = batches[i + 1]?.[0];
      if (next !== undefined && next >= times[0]! && times.length < 100) {
        expect(next - times[0]!).toBeGreaterThan(10_000);
      }
    }
    expect(batches.filter((times) => times.length === 11).length).toBeGreaterThan(50);
  });

  it('sweeps on the minute, as the deployed schedule does: a grace period ending at 10:05:13 is acted on at 10:06', async () => {
    const disconnect = structuredClone(
      demoEvents().find((e) => (e as { detail?: { agentConnected?: boolean } }).detail?.agentConnected === false),
    ) as { time: string; detail: { updatedAt?: string } };
    disconnect.time = '2026-11-27T10:00:13Z';
    disconnect.detail.updatedAt = '2026-11-27T10:00:13.000Z';
    const effects: Effect[] = [];
    await replayEvents(replayDeps(parseConfig(ENV)), [{ input: '#0', value: disconnect }], (e) => effects.push(e));
    const sweeps = effects.flatMap((e) => (e.effect === 'decision' && e.input.startsWith('sweep@') ? [e] : []));
    expect(sweeps.map((e) => [e.input, e.reason])).toEqual([['sweep@2026-11-27T10:06:00.000Z', 'first']]);
  });

  it('keeps no payloads or metric points when told not to retain them, with the same summary and totals', async () => {
    const values = demoEvents();
    const inputs = values.map((value, i) => ({ input: `#${i}`, value }));
    const kept = replayDeps(parseConfig(ENV));
    const lean = replayDeps(parseConfig(ENV), undefined, { retain: false });
    const keptSummary = await replayEvents(kept, inputs, () => {});
    const leanSummary = await replayEvents(lean, inputs, () => {});
    expect(leanSummary).toEqual(keptSummary);
    expect(kept.captures.every((c) => c.captured.length > 0)).toBe(true);
    expect(lean.captures.map((c) => c.captured.length)).toEqual([0, 0]);
    expect(lean.metrics.total('EventsProcessed')).toBe(kept.metrics.total('EventsProcessed'));
    expect(lean.metrics.total('EventsProcessed')).toBeGreaterThan(0);
  });
});
