import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../../shared/simulator/run/index.js';
import { LIBRARY_DIR, loadScenario } from '../../../../shared/simulator/scenario.js';

const APP_MODE = { LOOKOUT_SLACK_CHANNEL: 'C0ALERTS', LOOKOUT_SLACK_BOT_TOKEN_PARAM: '/ecs-lookout/slack-bot-token' };

describe('runScenario: Slack app mode', () => {
  it('tells each bad deploy as one root message with its story in the thread', async () => {
    // Prepare: two deploys rolled back by the circuit breaker (catalog-api and search-api)
    const scenario = await loadScenario(`${LIBRARY_DIR}bad-deploy-circuit-breaker.json`);
    // Act
    const result = await runScenario(scenario, { env: APP_MODE });
    // Assess: one root per incident, every later transition a reply and an in-place update of its root
    const slack = result.messages.filter((m) => m.channel === 'slack');
    const incidents = new Set(slack.map((m) => m.incident));
    expect(incidents.size).toBe(2);
    expect(result.counts.slackApp).toEqual({
      roots: incidents.size,
      replies: slack.length - incidents.size,
      updates: slack.length - incidents.size,
    });
    expect(result.settings.LOOKOUT_SLACK_CHANNEL).toEqual({ value: 'C0ALERTS', from: 'environment' });
  });

  it('keeps webhook mode (no app counts) without a channel', async () => {
    const result = await runScenario(await loadScenario(`${LIBRARY_DIR}crash-loop-recovers.json`));
    expect(result.counts.slackApp).toBeUndefined();
    expect(result.messages.some((m) => m.channel === 'slack')).toBe(true);
  });
});
