import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSlackChannel, type SlackChannelOptions } from '../../../../shared/adapters/slack/slack-channel.js';
import { type FakeSlack, type FakeSlackReply, SLACK_REPLIES, startFakeSlack } from '../../../helpers/fake-slack.js';
import { makeAlert } from '../../domain/alerts/incident-factory.js';

let fake: FakeSlack | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A channel on a fresh fake Slack; sleeps are recorded, not waited. */
async function setup(script: FakeSlackReply[], options: Partial<SlackChannelOptions> = {}) {
  fake = await startFakeSlack(script);
  const url = fake.url;
  const sleeps: number[] = [];
  const warnings: unknown[] = [];
  const channel = createSlackChannel({
    webhookUrl: async () => url,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    logger: { warn: (message, extra) => warnings.push({ message, extra }) },
    ...options,
  });
  return { channel, fake, sleeps, warnings };
}

const inOneMinute = () => Date.now() + 60_000;

describe('Function: createSlackChannel', () => {
  it('posts the rendered blocks once when Slack answers ok', async () => {
    const { channel, fake } = await setup([SLACK_REPLIES.ok]);

    const result = await channel.send(makeAlert('oom'), inOneMinute());

    expect(result).toEqual({ channel: 'slack', ok: true, attempts: 1 });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.method).toBe('POST');
    expect(fake.requests[0]?.headers['content-type']).toBe('application/json');
    expect(fake.requests[0]?.json).toMatchObject({
      text: expect.stringContaining('Out of memory'),
      blocks: expect.arrayContaining([expect.objectContaining({ type: 'header' })]),
      unfurl_links: false,
    });
  });

  it('waits Retry-After seconds after a 429, then succeeds', async () => {
    const { channel, fake, sleeps } = await setup([SLACK_REPLIES.rateLimited('2'), SLACK_REPLIES.ok]);

    const result = await channel.send(makeAlert(), inOneMinute());

    expect(result).toEqual({ channel: 'slack', ok: true, attempts: 2 });
    expect(sleeps).toEqual([2000]);
    expect(fake.requests).toHaveLength(2);
  });

  it('honours a real 1 s Retry-After when no sleep is injected', async () => {
    const { channel, fake } = await setup([SLACK_REPLIES.rateLimited('1'), SLACK_REPLIES.ok], {
      sleep: undefined,
    });
    const started = Date.now();

    const result = await channel.send(makeAlert(), inOneMinute());

    expect(result.ok).toBe(true);
    expect(fake.requests).toHaveLength(2);
    // Ordering, not speed: the retry was not sent before Retry-After elapsed.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('backs off exponentially on 5xx', async () => {
    const { channel, sleeps } = await setup([SLACK_REPLIES.serverError, SLACK_REPLIES.serverError, SLACK_REPLIES.ok]);

    const result = await channel.send(makeAlert(), inOneMinute());

    expect(result).toEqual({ channel: 'slack', ok: true, attempts: 3 });
    expect(sleeps).toEqual([250, 500]);
  });

  it.each([
    // a payload problem of this message (other messages may pass): final, not permanent for the webhook
    ['400 invalid_blocks', SLACK_REPLIES.invalidBlocks, 'HTTP 400 invalid_blocks', {}],
    // a revoked, removed or archived webhook: permanent, the transition is given up on Slack
    ['404 no_service', SLACK_REPLIES.noService, 'HTTP 404 no_service', { permanent: true }],
    ['403 invalid_token', { status: 403, body: 'invalid_token' }, 'HTTP 403 invalid_token', { permanent: true }],
    [
      '403 action_prohibited',
      { status: 403, body: 'action_prohibited' },
      'HTTP 403 action_prohibited',
      { permanent: true },
    ],
    [
      '404 channel_not_found',
      { status: 404, body: 'channel_not_found' },
      'HTTP 404 channel_not_found',
      { permanent: true },
    ],
    [
      '410 channel_is_archived',
      { status: 410, body: 'channel_is_archived' },
      'HTTP 410 channel_is_archived',
      { permanent: true },
    ],
    ['400 invalid_payload', { status: 400, body: 'invalid_payload' }, 'HTTP 400 invalid_payload', { permanent: true }],
  ])('does not retry %s', async (_, reply, error, permanent) => {
    const { channel, fake, sleeps } = await setup([reply, SLACK_REPLIES.ok]);

    const result = await channel.send(makeAlert(), inOneMinute());

    expect(result).toEqual({ channel: 'slack', ok: false, attempts: 1, error, ...permanent });
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up at once when Retry-After is beyond the deadline', async () => {
    const { channel, sleeps } = await setup([SLACK_REPLIES.rateLimited('30')]);

    const result = await channel.send(makeAlert(), Date.now() + 5_000);

    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(1);
    expect(result.error).toMatch(/^HTTP 429 rate_limited; no time left to retry/);
    expect(sleeps).toEqual([]);
  });

  it('times out a hanging request and stops retrying at the deadline', async () => {
    const { channel, fake } = await setup([SLACK_REPLIES.hang], { attemptTimeoutMs: 300 });
    const deadline = Date.now() + 1_000;

    const result = await channel.send(makeAlert(), deadline);

    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^timed out after \d+ ms; (deadline reached|no time left to retry)/);
    expect(result.attempts).toBeGreaterThanOrEqual(1);
    expect(result.attempts).toBeLessThanOrEqual(4);
    expect(fake.requests).toHaveLength(result.attempts);
  });

  it('makes no request when the deadline has already passed', async () => {
    const { channel, fake } = await setup([SLACK_REPLIES.ok]);

    const result = await channel.send(makeAlert(), Date.now() - 1);

    expect(result).toEqual({
      channel: 'slack',
      ok: false,
      attempts: 0,
      error: 'deadline reached before the first attempt',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('retries network errors and never reveals the webhook URL', async () => {
    const { sleeps, warnings, fake: closed } = await setup([SLACK_REPLIES.ok]);
    await closed.close();
    const url = closed.url;
    const channel = createSlackChannel({
      webhookUrl: async () => url,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0,
      logger: { warn: (message, extra) => warnings.push({ message, extra }) },
    });

    const result = await channel.send(makeAlert(), Date.now() + 2_000);

    expect(result.ok).toBe(false);
    expect(result.attempts).toBeGreaterThan(1);
    expect(result.error).toMatch(/^request failed: fetch failed \(ECONNREFUSED\)/);
    expect(JSON.stringify({ result, warnings })).not.toContain('XXXXSECRET');
  });

  it('reports a webhook source failure without attempting', async () => {
    const channel = createSlackChannel({
      webhookUrl: () => Promise.reject(new Error('could not read the Slack webhook URL from SSM parameter /x')),
    });

    const result = await channel.send(makeAlert(), inOneMinute());

    expect(result).toEqual({
      channel: 'slack',
      ok: false,
      attempts: 0,
      error: 'webhook URL unavailable: could not read the Slack webhook URL from SSM parameter /x',
    });
  });

  it('refuses a plain-http webhook outside loopback', async () => {
    const fetchSpy = vi.fn();
    const channel = createSlackChannel({ webhookUrl: async () => 'http://hooks.example/x', fetch: fetchSpy });

    const result = await channel.send(makeAlert(), inOneMinute());

    expect(result).toEqual({
      channel: 'slack',
      ok: false,
      attempts: 0,
      error: 'webhook URL must be https',
      permanent: true,
    });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('uses an injected fetch', async () => {
    const fetchSpy = vi.fn(async () => new Response('ok', { status: 200 }));
    const channel = createSlackChannel({
      webhookUrl: async () => 'https://hooks.slack.com/services/T/B/SECRET',
      fetch: fetchSpy,
    });

    const result = await channel.send(makeAlert(), inOneMinute());

    expect(result).toEqual({ channel: 'slack', ok: true, attempts: 1 });
    expect(fetchSpy).toHaveBeenCalledWith(
      'https://hooks.slack.com/services/T/B/SECRET',
      expect.objectContaining({ method: 'POST' }),
    );
  });
});

describe('Function: createSlackChannel, routed webhooks (webhook mode)', () => {
  const routedAlert = (slackChannel: string) => ({
    ...makeAlert('oom'),
    route: { name: 'payments', source: 'config' as const, team: 'payments', slackChannel },
  });

  it('posts an alert routed to a channel to that channel’s own webhook', async () => {
    const asked: string[] = [];
    const { channel, fake } = await setup([SLACK_REPLIES.ok], {
      webhookUrl: async () => 'http://127.0.0.1:9/default-must-not-be-used',
      routedWebhook: async (id) => {
        asked.push(id);
        return `${fake?.url}/payments`;
      },
    });

    const result = await channel.send(routedAlert('C0PAY1234'), inOneMinute());

    expect(result).toEqual({ channel: 'slack', ok: true, attempts: 1 });
    expect(asked).toEqual(['C0PAY1234']);
    expect(fake.requests.map((r) => r.path)).toEqual([`${new URL(fake.url).pathname}/payments`]);
  });

  it('posts to the default webhook when the channel has none stored, or the alert is not routed', async () => {
    const asked: string[] = [];
    const { channel, fake, warnings } = await setup([SLACK_REPLIES.ok], {
      routedWebhook: async (id) => {
        asked.push(id);
        return undefined;
      },
    });

    await channel.send(routedAlert('C0NONE123'), inOneMinute());
    await channel.send(makeAlert('oom'), inOneMinute());

    expect(asked).toEqual(['C0NONE123']);
    expect(fake.requests.map((r) => r.path)).toEqual([new URL(fake.url).pathname, new URL(fake.url).pathname]);
    expect(warnings).toEqual([]);
  });

  it('falls back to the default webhook, with a warning, when the routed one cannot be read', async () => {
    const { channel, fake, warnings } = await setup([SLACK_REPLIES.ok], {
      routedWebhook: async () => {
        throw new Error('could not read the routed Slack webhook URL from SSM parameter /x/C0PAY1234: Throttling');
      },
    });

    const result = await channel.send(routedAlert('C0PAY1234'), inOneMinute());

    expect(result.ok).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(warnings).toEqual([
      {
        message: 'routed Slack webhook unavailable, using the default webhook',
        extra: { slackChannel: 'C0PAY1234', error: expect.stringContaining('Throttling') },
      },
    ]);
  });

  it('reports a failed delivery when neither the route nor a default has a webhook', async () => {
    const { channel, fake } = await setup([SLACK_REPLIES.ok], {
      webhookUrl: () => Promise.reject(new Error('no default Slack webhook configured')),
      routedWebhook: async () => undefined,
    });

    const result = await channel.send(routedAlert('C0NONE123'), inOneMinute());

    expect(result).toEqual({
      channel: 'slack',
      ok: false,
      attempts: 0,
      error: 'webhook URL unavailable: no default Slack webhook configured',
    });
    expect(fake.requests).toHaveLength(0);
  });
});
