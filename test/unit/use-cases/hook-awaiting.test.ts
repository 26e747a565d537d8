import { describe, expect, it } from 'vitest';
import { handleBatch } from '../../../shared/use-cases/handle-batch.js';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import type { PipelineDeps } from '../../../shared/use-cases/pipeline-deps.js';
import { runSweep } from '../../../shared/use-cases/sweep.js';
import { testDeps } from '../../helpers/pipeline.js';
import { eventFixture } from '../domain/event-fixtures.js';

const T0 = Date.parse('2026-03-05T15:54:41Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const HOOK = 'ecs-pause-e7tK9G_WRJqNF_EOMjztDXfKenlJuEUVjsNStf4WLKw';

/** The documented pause hook at POST_TEST_TRAFFIC_SHIFT as `eventName`, at `minutes`, expiring 24 h after T0. */
function hookEvent(eventName: string, minutes: number): Record<string, unknown> {
  const raw = eventFixture('hook-awaiting-action--doc-example');
  Object.assign(raw, { id: `hook-${eventName}-${minutes}`, time: at(minutes) });
  Object.assign(raw.detail as Record<string, unknown>, { eventName, expiresAt: at(1440) });
  return raw;
}

type Deliver = (deps: PipelineDeps, event: Record<string, unknown>) => Promise<unknown>;
const single: Deliver = (deps, event) => handleEvent(deps, event, String(event.id));
const batch: Deliver = (deps, event) => handleBatch(deps, [{ input: String(event.id), value: event }]);

describe.each([
  ['handleEvent', single],
  ['handleBatch', batch],
])('Hook awaiting action through %s and runSweep', (_path, deliver) => {
  it('pages a warning naming the hook once it has waited LOOKOUT_HOOK_AWAITING_AFTER, and resolves on its success', async () => {
    // Prepare
    const { deps, sns } = testDeps({ LOOKOUT_HOOK_AWAITING_AFTER: '45m' });
    await deliver(deps, hookEvent('HOOK_AWAITING_ACTION', 0));

    // Act
    const early = await runSweep(deps, at(44));
    await deliver(deps, hookEvent('HOOK_AWAITING_ACTION', 0));
    const due = await runSweep(deps, at(45));
    const after = await runSweep(deps, at(46));
    await deliver(deps, hookEvent('HOOK_SUCCEEDED', 50));

    // Assess
    expect(early.filter((e) => e.effect === 'decision')).toEqual([]);
    expect(due.filter((e) => e.effect === 'decision')).toMatchObject([
      { reason: 'first', transition: 'opened', category: 'hook-awaiting-action', severity: 'warning' },
    ]);
    expect(after.filter((e) => e.effect === 'decision')).toEqual([]);
    expect(sns.captured.map((c) => [c.alert.transition, c.alert.severity])).toEqual([
      ['opened', 'warning'],
      ['resolved', 'warning'],
    ]);
    const opened = sns.captured[0]!.alert;
    expect(opened.title).toBe(
      `Deployment arn:aws:ecs:us-west-2:123456789012:service-deployment/my-cluster/my-service/0EYSiB0qap8xf0N76FsbE of my-service in my-cluster waiting on lifecycle hook ${HOOK} at POST_TEST_TRAFFIC_SHIFT`,
    );
    expect(opened.cause).toBe(
      `Lifecycle hook ${HOOK} awaiting action at POST_TEST_TRAFFIC_SHIFT for 45 min: the deployment waits for ContinueServiceDeployment until 2026-03-06 15:54 UTC.`,
    );
    expect(sns.captured[1]!.alert.incident.resolution).toBe(`lifecycle hook ${HOOK} succeeded`);
  });

  it('starts no timer for a wait delivered after the hook succeeded', async () => {
    // Prepare
    const { deps, sns } = testDeps();
    await deliver(deps, hookEvent('HOOK_SUCCEEDED', 20));
    await deliver(deps, hookEvent('HOOK_AWAITING_ACTION', 0));

    // Act
    const effects = await runSweep(deps, at(120));

    // Assess
    expect(await deps.store.listDueHooks(at(2000))).toEqual([]);
    expect(effects.filter((e) => e.effect === 'decision')).toEqual([]);
    expect(sns.captured).toEqual([]);
  });
});

describe('Hook awaiting action under a silence (LOOKOUT_SILENCES), through runSweep', () => {
  it('holds the warning back while the cluster is silenced, counts it, and pages it when the silence ends', async () => {
    // Prepare
    const silence = { cluster: 'my-cluster', from: at(0), until: at(120), reason: 'blue/green test' };
    const { deps, sns, metrics } = testDeps({
      LOOKOUT_HOOK_AWAITING_AFTER: '45m',
      LOOKOUT_SILENCES: JSON.stringify([silence]),
    });
    await handleEvent(deps, hookEvent('HOOK_AWAITING_ACTION', 0), 'hook-wait');

    // Act
    const due = await runSweep(deps, at(45));
    const during = await runSweep(deps, at(100));
    const ended = await runSweep(deps, at(121));

    // Assess
    expect(due.filter((e) => e.effect === 'decision')).toMatchObject([
      { reason: 'silenced', category: 'hook-awaiting-action' },
    ]);
    expect(during.filter((e) => e.effect === 'decision')).toEqual([]);
    expect(ended.filter((e) => e.effect === 'decision')).toMatchObject([{ reason: 'first', transition: 'opened' }]);
    expect(metrics.points.filter((p) => p.name === 'AlertsSilenced')).toHaveLength(1);
    expect(sns.captured.map((c) => [c.alert.transition, c.alert.incident.category])).toEqual([
      ['opened', 'hook-awaiting-action'],
    ]);
  });
});
