import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../../shared/simulator/run/index.js';
import { LIBRARY_DIR, loadScenario } from '../../../../shared/simulator/scenario.js';

describe('runScenario: which invocation sent each alert', () => {
  it('tags each message; an alert of an event in the batch carries when that event reached the queue', async () => {
    const result = await runScenario(await loadScenario(`${LIBRARY_DIR}crash-loop-recovers.json`));
    const byTrigger = (trigger: string) => result.messages.filter((m) => m.trigger === trigger);
    expect(byTrigger('event').length + byTrigger('check').length + byTrigger('sweep').length).toBe(
      result.messages.length,
    );
    // The crash loop opens and escalates on task events; its steady state comes less than 5 minutes after the
    // last failure, so the sweep resolves it once the hold passes. The stuck check's sighting of the service
    // joins the open incident of that episode and sends nothing of its own.
    expect(new Set(byTrigger('event').map((m) => m.transition))).toEqual(new Set(['opened', 'escalated']));
    expect(new Set(byTrigger('sweep').map((m) => m.transition))).toEqual(new Set(['resolved']));
    expect(byTrigger('check')).toEqual([]);
    for (const message of byTrigger('event')) {
      expect(message.queuedAt).toBeGreaterThanOrEqual(message.transitionAt);
      expect(message.at).toBeGreaterThanOrEqual(message.queuedAt!);
    }
  });

  it('tags the stuck check’s alerts (a deployment stuck with no ECS event) without a queue time', async () => {
    const result = await runScenario(await loadScenario(`${LIBRARY_DIR}stuck-deployment.json`));
    const opened = result.messages.filter((m) => m.transition === 'opened');
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.every((m) => m.trigger === 'check' && m.queuedAt === undefined)).toBe(true);
  });

  it('tags the sweep’s alerts (a lost instance confirmed after its grace period) without a queue time', async () => {
    const result = await runScenario(await loadScenario(`${LIBRARY_DIR}lost-instance-drained.json`));
    const opened = result.messages.filter((m) => m.transition === 'opened');
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.every((m) => m.trigger === 'sweep' && m.queuedAt === undefined)).toBe(true);
  });
});
