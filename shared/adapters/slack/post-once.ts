import {
  type AttemptOutcome,
  describeRequestError,
  isPermanentAnswer,
  redact,
  retryAfterMs,
} from './delivery-policy.js';
import type { PostFunction, PostResponse } from './http-post.js';

/** A Block Kit block as a webhook takes it (the alert and report renderers each use a subset). */
export type WebhookBlock = { type: string } & Record<string, unknown>;

/** What an incoming webhook takes: fallback text, Block Kit blocks, unfurl switches. */
export interface WebhookMessage {
  text: string;
  blocks?: readonly WebhookBlock[];
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

/** One POST to the webhook and what it means for retrying. */
export interface PostOnceInput {
  url: string;
  /** An alert or a report as Block Kit. */
  payload: WebhookMessage;
  timeoutMs: number;
  fetch: PostFunction;
  now: () => number;
}

/**
 * Sends once: a JSON POST that never follows a redirect, bounded by the attempt's timeout. A 429 brings its
 * Retry-After; 5xx, network errors and timeouts may be retried; other answers are final (403/404/410 and
 * Slack's permanent codes for good). Error text never contains the webhook URL.
 */
export async function postOnce(input: PostOnceInput): Promise<AttemptOutcome> {
  const { url } = input;
  let body: string;
  try {
    body = JSON.stringify(input.payload);
  } catch (error) {
    return { ok: false, retry: false, error: redact(error instanceof Error ? error.message : String(error), url) };
  }
  let response: PostResponse;
  let text: string;
  try {
    response = await input.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    // Read to the end either way: an error answer's body says why, and a read body frees the connection.
    text = await response.text();
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    return { ok: false, retry: true, error: redact(describeRequestError(cause, input.timeoutMs), url) };
  }
  if (response.ok) return { ok: true };
  const answer = redact(text, url).trim().slice(0, 200);
  const error = `HTTP ${response.status}${answer ? ` ${answer}` : ''}`;
  if (response.status === 429) {
    return { ok: false, retry: true, error, waitMs: retryAfterMs(response.headers.get('retry-after'), input.now()) };
  }
  if (isPermanentAnswer(response.status, answer)) return { ok: false, retry: false, error, permanent: true };
  return { ok: false, retry: response.status >= 500, error };
}
