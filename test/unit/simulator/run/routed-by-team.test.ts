import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../../shared/simulator/run/index.js';
import { LIBRARY_DIR, loadScenario } from '../../../../shared/simulator/scenario.js';

describe('runScenario: alerts routed to the owning team', () => {
  it('routes by tags, then by LOOKOUT_ROUTES, else to the default channel', async () => {
    const result = await runScenario(await loadScenario(`${LIBRARY_DIR}routed-by-team.json`));
    const routes = (service: string, channel: string) =>
      result.messages
        .filter((m) => m.subject.name === service && m.channel === channel)
        .map((m) => `${m.transition} ${m.route ?? 'default'}`);
    expect(routes('payments-api', 'slack')).toEqual([
      'opened payments → C0PAYMENTS (tags)',
      'resolved payments → C0PAYMENTS (tags)',
    ]);
    // critical only: the orders channel hears of the crash loop from its escalation; SNS of every transition
    expect(routes('orders-worker', 'slack')).toEqual([
      'escalated orders → C0ORDERS1 (config, ≥ critical)',
      'resolved orders → C0ORDERS1 (config, ≥ critical)',
    ]);
    expect(routes('orders-worker', 'sns').map((line) => line.split(' ')[0])).toEqual([
      'opened',
      'escalated',
      'resolved',
    ]);
    expect(routes('inventory-api', 'slack')).toEqual(['opened default', 'resolved default']);
  });
});
