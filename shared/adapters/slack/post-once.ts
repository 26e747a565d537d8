import {
  type FetchFunction,
  IncomingWebhook,
  IncomingWebhookHTTPError,
  IncomingWebhookRequestError,
  type IncomingWebhookSendArguments,
} from '@slack/webhook';
import {
  type AttemptOutcome,
  describeRequestError,
  isPermanentAnswer,
  redact,
  retryAfterMs,
} from './delivery-policy.js';
import type { PostFunction } from './http-post.js';

/** One POST to the webhook and what it means for retrying. */
export interface PostOnceInput {
  url: string;
  /** An alert or a report as Block Kit. */
  payload: IncomingWebhookSendArguments;
  timeoutMs: number;
  fetch: PostFunction;
  now: () => number;
}

/**
 * Sends once with @slack/webhook (its retries off). The library hides response headers, so the fetch it
 * is given records Retry-After on the way through. Error text never contains the webhook URL.
 */
export async function postOnce(input: PostOnceInput): Promise<AttemptOutcome> {
  const { url } = input;
  let retryAfter: string | null = null;
  const capturing: FetchFunction = async (target, init) => {
    const response = await input.fetch(target, init);
    retryAfter = response.headers.get('retry-after');
    return response;
  };
  const webhook = new IncomingWebhook(url, { fetch: capturing, timeout: input.timeoutMs, retryConfig: { retries: 0 } });
  try {
    await webhook.send(input.payload);
    return { ok: true };
  } catch (error) {
    if (error instanceof IncomingWebhookHTTPError) {
      const body = redact(error.body, url).trim().slice(0, 200);
      const text = `HTTP ${error.statusCode}${body ? ` ${body}` : ''}`;
      if (error.statusCode === 429) {
        return { ok: false, retry: true, error: text, waitMs: retryAfterMs(retryAfter, input.now()) };
      }
      if (isPermanentAnswer(error.statusCode, body)) return { ok: false, retry: false, error: text, permanent: true };
      return { ok: false, retry: error.statusCode >= 500, error: text };
    }
    if (error instanceof IncomingWebhookRequestError) {
      return { ok: false, retry: true, error: redact(describeRequestError(error.original, input.timeoutMs), url) };
    }
    return { ok: false, retry: false, error: redact(error instanceof Error ? error.message : String(error), url) };
  }
}
