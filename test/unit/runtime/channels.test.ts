import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeAlert } from '../domain/alerts/incident-factory.js';

const TOKEN = 'xoxb-1111-2222-fake';
const ssm = mockClient(SSMClient);

// The runtime builds its channels from process.env on first use, so each test imports fresh modules.
async function channels() {
  vi.resetModules();
  return (await import('../../../shared/runtime/channels.js')).getChannels();
}

beforeEach(() => {
  ssm.reset();
  vi.unstubAllEnvs();
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('LOOKOUT_SLACK_CHANNEL', 'C0ALERTS');
  vi.stubEnv('LOOKOUT_SLACK_BOT_TOKEN_PARAM', '/ecs-lookout/slack-bot-token');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Function: getChannels in Slack app mode', () => {
  it('reads nothing while building the channel, then posts the first alert as a root message with the bot token', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: TOKEN } });
    const requests: Array<{ url: string; auth: string | null; body: Record<string, unknown> }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      requests.push({
        url,
        auth: new Headers(init.headers).get('authorization'),
        body: JSON.parse(String(init.body)) as Record<string, unknown>,
      });
      return new Response(JSON.stringify({ ok: true, channel: 'C0ALERTS', ts: '1700000000.000100' }), { status: 200 });
    });

    const [slack] = await channels();
    expect(slack?.name).toBe('slack');
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 0);

    const result = await slack?.send(makeAlert('oom'), Date.now() + 60_000);

    expect(result).toMatchObject({ channel: 'slack', ok: true });
    expect(requests).toEqual([
      expect.objectContaining({
        url: expect.stringMatching(/chat\.postMessage$/),
        auth: `Bearer ${TOKEN}`,
        body: expect.objectContaining({ channel: 'C0ALERTS' }),
      }),
    ]);
  });
});
