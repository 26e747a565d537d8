import type { DeliveryResult } from '../../ports/alert-channel.js';
import { backoffMs, type SlackAttemptOptions } from './delivery-policy.js';
import { httpPost, type PostFunction } from './http-post.js';
import { type PostOnceInput, postOnce } from './post-once.js';

/** Options of a webhook poster; everything but `webhookUrl` exists for tests. */
export interface WebhookPosterOptions extends SlackAttemptOptions {
  /** Resolves the webhook URL (cached by its source); its errors never contain the value. */
  webhookUrl: () => Promise<string>;
  /** How to POST; default httpPost (node:https). */
  fetch?: PostFunction;
}

// No attempt starts with less than this left: it could not finish anyway.
const MIN_ATTEMPT_MS = 200;

/** https only; plain http just for loopback (tests). */
function allowedUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' ||
      (parsed.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(parsed.hostname))
    );
  } catch {
    return false;
  }
}

/** What a webhook takes: text and Block Kit blocks (an alert, the health report). */
export type WebhookPayload = PostOnceInput['payload'];

/**
 * Posts payloads to a Slack incoming webhook (one plain POST per attempt, see postOnce) and retries within
 * the deadline: 429 after its Retry-After, 5xx, network errors and timeouts with exponential backoff and
 * jitter. Other 4xx are final. The one retry policy of every webhook message (alerts and reports).
 */
export function createWebhookPoster(
  options: WebhookPosterOptions,
): (payload: WebhookPayload, deadline: number, webhookUrl?: () => Promise<string>) => Promise<DeliveryResult> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5_000;
  const baseFetch = options.fetch ?? httpPost;

  // `webhookUrl` overrides the options' URL for one message (a route's own webhook).
  return async function post(
    payload: WebhookPayload,
    deadline: number,
    webhookUrl = options.webhookUrl,
  ): Promise<DeliveryResult> {
    const fail = (attempts: number, error: string, permanent = false): DeliveryResult => ({
      channel: 'slack',
      ok: false,
      attempts,
      error,
      ...(permanent ? { permanent } : {}),
    });
    let url: string;
    try {
      url = await webhookUrl();
    } catch (error) {
      return fail(0, `webhook URL unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!allowedUrl(url)) return fail(0, 'webhook URL must be https', true);
    let attempts = 0;
    let lastError = '';
    for (;;) {
      const remaining = deadline - now();
      if (remaining < MIN_ATTEMPT_MS) {
        return fail(
          attempts,
          lastError ? `${lastError}; deadline reached` : 'deadline reached before the first attempt',
        );
      }
      attempts += 1;
      const outcome = await postOnce({
        url,
        payload,
        timeoutMs: Math.min(attemptTimeoutMs, remaining),
        fetch: baseFetch,
        now,
      });
      if (outcome.ok) return { channel: 'slack', ok: true, attempts };
      lastError = outcome.error;
      if (!outcome.retry) return fail(attempts, outcome.error, outcome.permanent === true);
      const waitMs = outcome.waitMs ?? backoffMs(attempts, random());
      if (now() + waitMs + MIN_ATTEMPT_MS > deadline) {
        return fail(attempts, `${outcome.error}; no time left to retry (next attempt in ${waitMs} ms)`);
      }
      options.logger?.warn('slack delivery attempt failed, retrying', {
        attempt: attempts,
        error: outcome.error,
        waitMs,
      });
      await sleep(waitMs);
    }
  };
}
