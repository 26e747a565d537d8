import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../../shared/simulator/run/index.js';
import { LIBRARY_DIR, loadScenario } from '../../../../shared/simulator/scenario.js';

const MINUTE = 60_000;

describe('runScenario: a pause hook nobody approves (hook-awaiting-approval)', () => {
  it('pages one warning naming the hook once it has waited LOOKOUT_HOOK_AWAITING_AFTER, resolved by the next deployment', async () => {
    // Prepare: the deployment starts at 00:15; its hook waits from when the new tasks are up (a few minutes on)
    const scenario = await loadScenario(`${LIBRARY_DIR}hook-awaiting-approval.json`);

    // Act
    const result = await runScenario(scenario);

    // Assess
    const sns = result.messages.filter((m) => m.channel === 'sns' && m.subject.name === 'checkout-api');
    expect(sns.map((m) => [m.transition, m.group, m.category, m.severity, m.trigger])).toEqual([
      ['opened', 'deployment', 'hook-awaiting-action', 'warning', 'sweep'],
      ['resolved', 'deployment', 'hook-awaiting-action', 'warning', 'event'],
    ]);
    const [opened, resolved] = [sns[0]!, sns[1]!];
    // The stuck-deployment check (60 min) joins the open incident without renaming it.
    const waiting = /of checkout-api in prod waiting on lifecycle hook ecs-pause-\S+ at POST_TEST_TRAFFIC_SHIFT$/;
    expect(opened.title).toMatch(waiting);
    expect(resolved.title).toMatch(waiting);
    // Not before the configured 30 min after the deployment began, and not from the 60 min stuck-deployment check.
    const sinceDeploy = opened.transitionAt - (result.epoch + 15 * MINUTE);
    expect(sinceDeploy).toBeGreaterThanOrEqual(30 * MINUTE);
    expect(sinceDeploy).toBeLessThan(40 * MINUTE);
    // The superseding deployment (01:30) completes and resolves it.
    expect(resolved.transitionAt).toBeGreaterThan(result.epoch + 90 * MINUTE);
  }, 60_000);

  it('hook-approved: a hook approved within the hour pages nothing; one approved later pages once and its success resolves it', async () => {
    // Act
    const result = await runScenario(await loadScenario(`${LIBRARY_DIR}hook-approved.json`));

    // Assess
    const sns = result.messages.filter((m) => m.channel === 'sns');
    expect(sns.map((m) => [m.subject.name, m.transition, m.category, m.trigger])).toEqual([
      ['orders-api', 'opened', 'hook-awaiting-action', 'sweep'],
      ['orders-api', 'resolved', 'hook-awaiting-action', 'event'],
    ]);
    // Deployed at 00:20, the hook waits from when the new tasks are up: paged an hour after that, before 01:30.
    expect(sns[0]!.transitionAt - (result.epoch + 20 * MINUTE)).toBeGreaterThanOrEqual(60 * MINUTE);
    expect(sns[0]!.transitionAt).toBeLessThan(result.epoch + 90 * MINUTE);
    // Approved at 01:50: HOOK_SUCCEEDED resolves it.
    expect(sns[1]!.transitionAt).toBe(result.epoch + 110 * MINUTE);
  }, 60_000);
});
