import { renderSlackReply, renderSlackRoot } from '../../domain/alerts/slack-app.js';
import type { Alert } from '../../domain/alerts/types.js';
import type { AlertChannel, DeliveryResult } from '../../ports/alert-channel.js';
import type { SlackThread, SlackThreadStore } from '../../ports/slack-threads.js';
import { backoffMs, type SlackAttemptOptions } from './delivery-policy.js';
import { type ApiFetch, type ApiOutcome, callSlackApi } from './web-api.js';

/** Options of the app-mode channel; `fetch`, `sleep`, `now`, `random` and `apiBase` exist for tests. */
export interface SlackAppChannelOptions extends SlackAttemptOptions {
  /** Resolves the bot token (cached by its source); its errors never contain the value. */
  token: () => Promise<string>;
  /** Channel ID new roots go to when the alert's route names none. */
  channel: string;
  /** Where each incident's root message is remembered. */
  threads: SlackThreadStore;
  /** Also show `escalated` replies in the channel (reply_broadcast); default true. */
  broadcastEscalations?: boolean;
  /** How long a root is remembered after its last use; default 8 days (an incident's retention and a day). */
  threadTtlMs?: number;
  fetch?: ApiFetch;
  apiBase?: string;
}

// No attempt starts with less than this left: it could not finish anyway.
const MIN_ATTEMPT_MS = 200;
const DEFAULT_THREAD_TTL_MS = 8 * 24 * 60 * 60_000;
// chat.update answers these when the root was deleted or can no longer be edited: post a new root instead.
const ROOT_GONE = /: (message_not_found|cant_update_message|edit_window_closed)$/;
// Answers no retry changes: the channel, the token, the scopes or the payload must be fixed first.
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'account_inactive',
  'missing_scope',
  'invalid_blocks',
  'invalid_attachments',
  'msg_too_long',
  'no_text',
]);

/** True for a Web API error that stays until someone fixes the setup or the message. */
export function isPermanentSlackError(error: string): boolean {
  return PERMANENT.has(error.split(': ').pop() ?? '');
}

/**
 * Slack app-mode channel (bot token, Web API): one root message per incident (chat.postMessage), rewritten
 * in place on every transition (chat.update; green once resolved), each transition told as a reply in its
 * thread. A root that is gone is replaced by a new one. Rate limits are waited out (Retry-After) and other
 * transient failures retried with backoff, all before the deadline; permanent errors are reported as such.
 * Never throws. Plain fetch rather than @slack/web-api: two methods, and retries bounded by the invocation's
 * deadline instead of the library's own queue and minutes-long retry policy.
 */
export function createSlackAppChannel(options: SlackAppChannelOptions): AlertChannel {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5_000;
  const fetch = options.fetch ?? ((url: string, init: RequestInit) => globalThis.fetch(url, init));
  const ttlMs = options.threadTtlMs ?? DEFAULT_THREAD_TTL_MS;
  const broadcast = options.broadcastEscalations ?? true;

  /** One method called until it answers, fails for good, or the deadline leaves no room. */
  async function call(
    token: string,
    method: string,
    args: Record<string, unknown>,
    deadline: number,
    tally: { attempts: number },
  ): Promise<ApiOutcome> {
    let last: ApiOutcome = { ok: false, retry: false, error: `${method}: deadline reached before the first attempt` };
    for (;;) {
      const remaining = deadline - now();
      if (remaining < MIN_ATTEMPT_MS) {
        return last.ok ? last : { ...last, retry: false, error: `${last.error}; deadline reached` };
      }
      tally.attempts += 1;
      const timeoutMs = Math.min(attemptTimeoutMs, remaining);
      last = await callSlackApi({
        method,
        token,
        args,
        timeoutMs,
        fetch,
        now,
        ...(options.apiBase ? { base: options.apiBase } : {}),
      });
      if (last.ok || !last.retry) return last;
      const waitMs = last.waitMs ?? backoffMs(tally.attempts, random());
      if (now() + waitMs + MIN_ATTEMPT_MS > deadline) {
        return { ...last, retry: false, error: `${last.error}; no time left to retry (next attempt in ${waitMs} ms)` };
      }
      options.logger?.warn('slack api call failed, retrying', { method, error: last.error, waitMs });
      await sleep(waitMs);
    }
  }

  async function knownThread(alert: Alert): Promise<SlackThread | undefined> {
    try {
      const thread = await options.threads.get(alert.incident.key);
      return thread?.openedAt === alert.incident.openedAt ? thread : undefined;
    } catch (error) {
      // Without the root we post a new one: a second root beats a lost alert.
      options.logger?.warn('slack thread unreadable; posting a new root', {
        incident: alert.incident.key,
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }

  async function postRoot(token: string, alert: Alert, deadline: number, tally: { attempts: number }) {
    const args = { channel: alert.route?.slackChannel ?? options.channel, ...renderSlackRoot(alert) };
    const posted = await call(token, 'chat.postMessage', args, deadline, tally);
    if (!posted.ok) return posted;
    const channel = typeof posted.body.channel === 'string' ? posted.body.channel : options.channel;
    const ts = typeof posted.body.ts === 'string' ? posted.body.ts : '';
    try {
      await options.threads.put(alert.incident.key, { channel, ts, openedAt: alert.incident.openedAt }, now() + ttlMs);
    } catch (error) {
      // Delivered; the next transition will start a new root instead of updating this one.
      options.logger?.warn('slack root posted but not remembered', {
        incident: alert.incident.key,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return posted;
  }

  async function deliver(alert: Alert, deadline: number): Promise<DeliveryResult> {
    const tally = { attempts: 0 };
    const result = (outcome: ApiOutcome): DeliveryResult => {
      if (outcome.ok) return { channel: 'slack', ok: true, attempts: tally.attempts };
      const permanent = isPermanentSlackError(outcome.error);
      return {
        channel: 'slack',
        ok: false,
        attempts: tally.attempts,
        error: outcome.error,
        ...(permanent ? { permanent } : {}),
      };
    };
    let token: string;
    try {
      token = await options.token();
    } catch (error) {
      const text = `bot token unavailable: ${error instanceof Error ? error.message : String(error)}`;
      return { channel: 'slack', ok: false, attempts: 0, error: text };
    }
    // An opening whose root exists was sent before (a retried delivery): the root is rewritten, not posted twice.
    const thread = await knownThread(alert);
    if (!thread) return result(await postRoot(token, alert, deadline, tally));
    const updateArgs = { channel: thread.channel, ts: thread.ts, ...renderSlackRoot(alert) };
    const updated = await call(token, 'chat.update', updateArgs, deadline, tally);
    if (!updated.ok && ROOT_GONE.test(updated.error)) {
      options.logger?.warn('slack root message is gone; posting a new root', {
        incident: alert.incident.key,
        error: updated.error,
      });
      return result(await postRoot(token, alert, deadline, tally));
    }
    if (!updated.ok || alert.transition === 'opened') return result(updated);
    const reply = {
      channel: thread.channel,
      thread_ts: thread.ts,
      ...renderSlackReply(alert),
      ...(broadcast && alert.transition === 'escalated' ? { reply_broadcast: true } : {}),
    };
    return result(await call(token, 'chat.postMessage', reply, deadline, tally));
  }

  return {
    name: 'slack',
    async send(alert, deadline) {
      try {
        return await deliver(alert, deadline);
      } catch (error) {
        // Unreachable by design; kept so a bug here degrades to a failed delivery, not a crash.
        const name = error instanceof Error ? error.name : 'unknown';
        return { channel: 'slack', ok: false, attempts: 0, error: `slack app channel error: ${name}` };
      }
    },
  };
}
