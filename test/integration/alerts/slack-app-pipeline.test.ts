import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAppChannel } from '../../../shared/adapters/slack/slack-app-channel.js';
import { createMemorySlackThreads } from '../../../shared/adapters/state/slack-threads.js';
import { ROOT_COLOURS } from '../../../shared/domain/alerts/slack-app.js';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import { FAKE_BOT_TOKEN, FAKE_CHANNEL, type FakeSlackApi, startFakeSlackApi } from '../../helpers/fake-slack-api.js';
import { demoEvents, testDeps } from '../../helpers/pipeline.js';

let api: FakeSlackApi;
beforeEach(async () => {
  api = await startFakeSlackApi();
});
afterEach(async () => api.close());

describe('Slack app mode end to end: the demo bad deploy through the pipeline to a local Web API', () => {
  it('is one root message, rewritten in place and green once resolved, with its story in the thread', async () => {
    // Prepare: the demo morning's bad deploy (events until the service is steady again)
    const slack = createSlackAppChannel({
      token: async () => FAKE_BOT_TOKEN,
      channel: FAKE_CHANNEL,
      threads: createMemorySlackThreads(),
      apiBase: api.apiBase,
    });
    const { deps } = testDeps({ LOOKOUT_REMEDIATION_MODE: 'off' }, { channels: [slack] });
    const events = demoEvents() as Array<{ time: string }>;
    const deploy = events.filter((event) => event.time < '2026-11-27T09:15:00Z');
    // Act
    for (const [i, event] of deploy.entries()) await handleEvent(deps, event, `e${i}`);
    // Assess
    const roots = api.roots();
    expect(roots).toHaveLength(1);
    const [root] = roots;
    expect(root!.text).toMatch(/^✅ Resolved: Deployment ecs-svc\/\d+ of orders-api in prod rolled back/);
    expect(root!.attachments?.[0]?.color).toBe(ROOT_COLOURS.resolved);
    const replies = api.replies(root!.ts).map((m) => m.text.split(':')[0]);
    expect(replies).toEqual(['Escalated', 'Resolved']);
    expect(root!.edits).toBe(replies.length);
    expect(api.replies(root!.ts)[0]!.broadcast).toBe(true);
  });
});
