import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeSlack } from '../../helpers/fake-slack.js';
import { makeAlert } from '../domain/alerts/incident-factory.js';

const TOKEN = 'xoxb-1111-2222-fake';
const ssm = mockClient(SSMClient);

// The runtime builds its channels from process.env on first use, so each test imports fresh modules.
async function runtime() {
  vi.resetModules();
  return import('../../../shared/runtime/channels.js');
}

async function channels() {
  return (await runtime()).getChannels();
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

describe('Function: prefetchSlackSecret', () => {
  it('in app mode, reads the bot token once, which the first alert then uses', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: TOKEN } });
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ ok: true, channel: 'C0ALERTS', ts: '1.2' })));
    const { getChannels, prefetchSlackSecret } = await runtime();

    prefetchSlackSecret();
    await vi.waitFor(() => expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1));
    const result = await getChannels()[0]?.send(makeAlert('oom'), Date.now() + 60_000);

    expect(result).toMatchObject({ ok: true });
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1);
  });

  it('in webhook mode, reads the URL once; a failed read is not kept and the alert reads it again', async () => {
    vi.stubEnv('LOOKOUT_SLACK_CHANNEL', '');
    vi.stubEnv('LOOKOUT_SLACK_BOT_TOKEN_PARAM', '');
    vi.stubEnv('LOOKOUT_SLACK_WEBHOOK_PARAM', '/ecs-lookout/slack-webhook');
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ Parameter: { Value: 'https://hooks.example/x' } });
    const { getWebhookUrl, prefetchSlackSecret } = await runtime();

    prefetchSlackSecret();
    await vi.waitFor(() => expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1));
    await new Promise((resolve) => setImmediate(resolve)); // the failed read settles

    await expect(getWebhookUrl()?.()).resolves.toBe('https://hooks.example/x');
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 2);
  });

  it('without Slack, reads nothing', async () => {
    vi.stubEnv('LOOKOUT_SLACK_CHANNEL', '');
    vi.stubEnv('LOOKOUT_SLACK_BOT_TOKEN_PARAM', '');
    const { prefetchSlackSecret } = await runtime();

    prefetchSlackSecret();
    await new Promise((resolve) => setImmediate(resolve));

    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 0);
  });
});

describe('Function: getChannels in webhook mode with LOOKOUT_SLACK_WEBHOOKS_PATH', () => {
  it('sends a routed alert to its channel’s stored webhook, anything else to the default one', async () => {
    const [general, payments] = [
      await startFakeSlack([{ status: 200, body: 'ok' }]),
      await startFakeSlack([{ status: 200, body: 'ok' }]),
    ];
    try {
      vi.stubEnv('LOOKOUT_SLACK_CHANNEL', '');
      vi.stubEnv('LOOKOUT_SLACK_BOT_TOKEN_PARAM', '');
      vi.stubEnv('LOOKOUT_SLACK_WEBHOOK_PARAM', '/ecs-lookout/slack-webhook');
      vi.stubEnv('LOOKOUT_SLACK_WEBHOOKS_PATH', '/ecs-lookout/slack-webhooks/');
      ssm
        .on(GetParameterCommand, { Name: '/ecs-lookout/slack-webhook' })
        .resolves({ Parameter: { Value: general.url } });
      ssm
        .on(GetParameterCommand, { Name: '/ecs-lookout/slack-webhooks/C0PAY1234' })
        .resolves({ Parameter: { Value: payments.url } });
      ssm
        .on(GetParameterCommand, { Name: '/ecs-lookout/slack-webhooks/C0NONE123' })
        .rejects(new ParameterNotFound({ message: 'no such parameter', $metadata: {} }));
      const [slack] = await channels();
      const routedTo = (slackChannel: string) => ({
        ...makeAlert('oom'),
        route: { name: 'payments', source: 'config' as const, team: 'payments', slackChannel },
      });

      const results = [
        await slack?.send(routedTo('C0PAY1234'), Date.now() + 60_000),
        await slack?.send(routedTo('C0NONE123'), Date.now() + 60_000),
        await slack?.send(makeAlert('oom'), Date.now() + 60_000),
      ];

      expect(results.map((r) => r?.ok)).toEqual([true, true, true]);
      expect(payments.requests).toHaveLength(1);
      expect(general.requests).toHaveLength(2);
    } finally {
      await Promise.all([general.close(), payments.close()]);
    }
  });
});
