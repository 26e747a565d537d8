/**
 * Replay invariance on a larger stream than the demo, delivered the way EventBridge can: every event
 * once or twice, each copy late by a random delay under the 5-minute reorder window (so events cross
 * the 5-minute bucket edges the windowed shuffle of test/unit/use-cases/replay.test.ts never crosses).
 * The stream: the demo morning in six clusters, staggered so their incidents overlap, plus an AZ-outage
 * burst of 40 services × 5 crashes within five minutes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/runtime/config.js';
import { replayDeps } from '../../shared/runtime/replay-deps.js';
import type { Effect } from '../../shared/use-cases/effects.js';
import { type ReplayInput, replayEvents } from '../../shared/use-cases/replay.js';
import { crashStream } from '../faults/support/faulty-pipeline.js';
import { demoEvents } from '../helpers/pipeline.js';
import { seeded } from '../helpers/random.js';

const CLUSTERS = ['prod', 'prod-eu', 'prod-ap', 'staging', 'batch', 'edge'];
const WINDOW_MS = 5 * 60_000;

/** The demo in `cluster`, every timestamp moved by `shiftMs`. */
function demoIn(cluster: string, shiftMs: number): unknown[] {
  const text = JSON.stringify(demoEvents())
    .replaceAll(':cluster/prod"', `:cluster/${cluster}"`)
    .replaceAll('/prod/', `/${cluster}/`)
    .replace(/"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)"/g, (_, iso: string) => {
      return JSON.stringify(new Date(Date.parse(iso) + shiftMs).toISOString());
    });
  return JSON.parse(text) as unknown[];
}

function stream(): unknown[] {
  const demos = CLUSTERS.flatMap((cluster, i) => demoIn(cluster, i * 97_000));
  const services = Array.from({ length: 40 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
  // 200 crashes one every 1.5 s: crashStream spaces them a minute apart, so squeeze the times.
  const burst = crashStream('az-outage', services, 5, Date.parse('2026-11-27T10:30:00Z')).map((event, i) => {
    const copy = event as { time: string };
    copy.time = new Date(Date.parse('2026-11-27T10:30:00Z') + i * 1_500).toISOString();
    return copy;
  });
  return [...demos, ...burst].sort((a, b) => time(a) - time(b));
}

const time = (event: unknown) => Date.parse((event as { time: string }).time);

/** Each event once or twice, each copy delayed by up to the window, in arrival order. */
function delivered(events: unknown[], seed: number): unknown[] {
  const random = seeded(seed);
  const arrivals = events.flatMap((event) =>
    Array.from({ length: random() < 0.5 ? 2 : 1 }, () => ({
      event: structuredClone(event),
      at: time(event) + Math.floor(random() * (WINDOW_MS - 1_000)),
    })),
  );
  return arrivals.sort((a, b) => a.at - b.at).map((arrival) => arrival.event);
}

const ENV = {
  LOOKOUT_TASK_NETWORK: JSON.stringify(
    Object.fromEntries(CLUSTERS.map((c) => [c, { subnets: ['subnet-1'], securityGroups: ['sg-1'] }])),
  ),
};

/** What a replay did that must not depend on delivery: per incident its alert sequence, and the remediations. */
async function outcome(values: unknown[]) {
  const effects: Effect[] = [];
  const inputs: ReplayInput[] = values.map((value, i) => ({ input: `#${i}`, value }));
  const summary = await replayEvents(replayDeps(parseConfig(ENV)), inputs, (e) => effects.push(e));
  const alerts: Record<string, string[]> = {};
  for (const e of effects) {
    if (e.effect === 'alert' && e.channel === 'slack')
      alerts[e.incident] = [...(alerts[e.incident] ?? []), e.transition];
  }
  const remediations = effects
    .flatMap((e) => (e.effect === 'remediation' && e.outcome !== 'already-done' ? [`${e.action} ${e.target}`] : []))
    .sort();
  return { alerts, remediations, incidents: summary.incidents };
}

describe('replay invariance on a large stream delivered late and twice (random delays under the window)', () => {
  it('gives the same per-incident alerts, incidents and remediations as the stream in order', async () => {
    const events = stream();
    const once = await outcome(events);
    expect(Object.keys(once.alerts).length).toBeGreaterThan(40);
    expect(once.remediations.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const late = await outcome(delivered(events, seed));
        expect(late.alerts).toEqual(once.alerts);
        expect(late.remediations).toEqual(once.remediations);
        expect(late.incidents).toBe(once.incidents);
      }),
      { numRuns: 6 },
    );
  });
});
