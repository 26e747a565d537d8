import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAppChannel } from '../../../../shared/adapters/slack/slack-app-channel.js';
import { createMemorySlackThreads } from '../../../../shared/adapters/state/slack-threads.js';
import { buildAlert } from '../../../../shared/domain/alerts/build.js';
import { ROOT_COLOURS } from '../../../../shared/domain/alerts/slack-app.js';
import type { Incident, Transition } from '../../../../shared/domain/incidents/types.js';
import type { SlackThreadStore } from '../../../../shared/ports/slack-threads.js';
import { FAKE_BOT_TOKEN, FAKE_CHANNEL, type FakeSlackApi, startFakeSlackApi } from '../../../helpers/fake-slack-api.js';
import { makeIncident } from '../../domain/alerts/incident-factory.js';

let api: FakeSlackApi;
let threads: SlackThreadStore;
let waits: number[];

beforeEach(async () => {
  api = await startFakeSlackApi();
  threads = createMemorySlackThreads();
  waits = [];
});
afterEach(async () => api.close());

function channel(overrides: { token?: string; channel?: string; broadcast?: boolean } = {}) {
  return createSlackAppChannel({
    token: async () => overrides.token ?? FAKE_BOT_TOKEN,
    channel: overrides.channel ?? FAKE_CHANNEL,
    threads,
    apiBase: api.apiBase,
    ...(overrides.broadcast === undefined ? {} : { broadcastEscalations: overrides.broadcast }),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
  });
}

const incident = makeIncident('image-pull', { status: 'open' });
const step = (transition: Transition, extra: Partial<Incident> = {}) => {
  const resolved = transition === 'resolved' ? { status: 'resolved' as const, resolvedAt: '2026-08-20T10:00:00Z' } : {};
  return buildAlert({ incident: { ...incident, lastTransition: transition, ...resolved, ...extra }, transition });
};
const deadline = () => Date.now() + 10_000;

describe('Function: createSlackAppChannel', () => {
  it('posts one root per incident, updates it in place and tells each transition in its thread', async () => {
    // Prepare
    const slack = channel();
    // Act
    const results = [];
    for (const transition of ['opened', 'escalated', 'repeated', 'resolved'] as const) {
      results.push(await slack.send(step(transition), deadline()));
    }
    // Assess
    expect(results.every((r) => r.ok)).toBe(true);
    const [root, ...others] = api.roots();
    expect(others).toEqual([]);
    expect(root!.edits).toBe(3);
    expect(api.replies(root!.ts).map((m) => m.text.split(':')[0])).toEqual(['Escalated', 'Still open', 'Resolved']);
    expect(api.calls.every((c) => c.authorization === `Bearer ${FAKE_BOT_TOKEN}`)).toBe(true);
  });

  it('turns the root green on resolve', async () => {
    const slack = channel();
    await slack.send(step('opened'), deadline());
    const rootTs = api.roots()[0]!.ts;
    expect(api.messages.get(rootTs)!.attachments![0]!.color).toBe(ROOT_COLOURS.critical);
    await slack.send(step('resolved'), deadline());
    expect(api.messages.get(rootTs)!.attachments![0]!.color).toBe(ROOT_COLOURS.resolved);
    expect(api.messages.get(rootTs)!.text).toMatch(/^✅ Resolved: /);
  });

  it.each([
    { broadcast: undefined, expected: true },
    { broadcast: false, expected: undefined },
  ])('broadcasts an escalation to the channel unless turned off ($broadcast)', async ({ broadcast, expected }) => {
    const slack = channel(broadcast === undefined ? {} : { broadcast });
    await slack.send(step('opened'), deadline());
    await slack.send(step('escalated'), deadline());
    expect(api.replies(api.roots()[0]!.ts)[0]!.broadcast).toBe(expected);
  });

  it('waits out a rate limit for the time Slack asks, then delivers', async () => {
    api.fail('chat.postMessage', { status: 429, retryAfter: '2' });
    const result = await channel().send(step('opened'), deadline());
    expect(result).toEqual({ channel: 'slack', ok: true, attempts: 2 });
    expect(waits).toEqual([2000]);
    expect(api.roots()).toHaveLength(1);
  });

  it('gives up a rate-limited call whose wait would pass the deadline, without claiming permanence', async () => {
    api.fail('chat.postMessage', { status: 429, retryAfter: '30' });
    const result = await channel().send(step('opened'), Date.now() + 5_000);
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(result.error).toContain('ratelimited; no time left to retry');
    expect(result.permanent).toBeUndefined();
  });

  it('retries a 5xx with backoff', async () => {
    api.fail('chat.postMessage', { status: 503 });
    const result = await channel().send(step('opened'), deadline());
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(waits).toHaveLength(1);
  });

  it('posts a new root when the old one is gone (message_not_found) and keeps threading there', async () => {
    // Prepare
    const slack = channel();
    await slack.send(step('opened'), deadline());
    const first = api.roots()[0]!.ts;
    api.remove(first);
    // Act
    const escalated = await slack.send(step('escalated'), deadline());
    await slack.send(step('resolved'), deadline());
    // Assess
    expect(escalated.ok).toBe(true);
    const [second] = api.roots();
    expect(second!.ts).not.toBe(first);
    expect(second!.edits).toBe(1);
    expect(api.replies(second!.ts)).toHaveLength(1);
    expect((await threads.get(incident.key))?.ts).toBe(second!.ts);
  });

  it.each([
    ['channel_not_found', { channel: 'C0GONE' }],
    ['invalid_auth', { token: 'xoxb-9-9-revoked' }],
  ])('reports %s as a permanent failure', async (error, overrides) => {
    const result = await channel(overrides).send(step('opened'), deadline());
    expect(result).toMatchObject({ channel: 'slack', ok: false, attempts: 1, permanent: true });
    expect(result.error).toBe(`chat.postMessage: ${error}`);
  });

  it('reports invalid_blocks on an update as permanent and posts nothing else', async () => {
    const slack = channel();
    await slack.send(step('opened'), deadline());
    api.fail('chat.update', { error: 'invalid_blocks' });
    const result = await slack.send(step('escalated'), deadline());
    expect(result).toMatchObject({ ok: false, permanent: true, error: 'chat.update: invalid_blocks' });
    expect(api.replies(api.roots()[0]!.ts)).toEqual([]);
  });

  it('starts a new root when the incident re-opened', async () => {
    const slack = channel();
    await slack.send(step('opened'), deadline());
    await slack.send(step('opened', { openedAt: '2026-08-20T11:00:00Z' }), deadline());
    expect(api.roots()).toHaveLength(2);
  });

  it('rewrites the root instead of posting a second one when an opening is delivered again', async () => {
    const slack = channel();
    await slack.send(step('opened'), deadline());
    await slack.send(step('opened'), deadline());
    expect(api.roots()).toHaveLength(1);
    expect(api.roots()[0]!.edits).toBe(1);
  });

  it('never puts the token in an error', async () => {
    const slack = createSlackAppChannel({
      token: async () => FAKE_BOT_TOKEN,
      channel: FAKE_CHANNEL,
      threads,
      apiBase: 'http://127.0.0.1:9/api/',
      attemptTimeoutMs: 200,
      sleep: async () => {},
    });
    const result = await slack.send(step('opened'), Date.now() + 1_000);
    expect(result.ok).toBe(false);
    expect(result.error).not.toContain(FAKE_BOT_TOKEN);
  });

  it('fails without a token, naming the source error', async () => {
    const slack = createSlackAppChannel({
      token: async () => {
        throw new Error('could not read the Slack bot token from SSM parameter /x: AccessDenied');
      },
      channel: FAKE_CHANNEL,
      threads,
      apiBase: api.apiBase,
    });
    const result = await slack.send(step('opened'), deadline());
    expect(result).toMatchObject({ ok: false, attempts: 0 });
    expect(result.error).toContain('bot token unavailable');
    expect(api.calls).toEqual([]);
  });
});
