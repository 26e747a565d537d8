import { describeRequestError, retryAfterMs } from './delivery-policy.js';

/** Where the Web API lives; a test passes its local server. */
export const SLACK_API_BASE = 'https://slack.com/api/';

/** What a fetch needs to be for the Web API calls: global fetch fits. */
export type ApiFetch = (url: string, init: RequestInit) => Promise<Response>;

/** One Web API call's answer: Slack's own body when it answered `ok`, else why not and whether to retry. */
export type ApiOutcome =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; error: string; retry: boolean; waitMs?: number };

/** The call to make: method (`chat.postMessage`), bot token, JSON arguments, and a per-attempt timeout. */
export interface ApiCall {
  method: string;
  token: string;
  args: Record<string, unknown>;
  timeoutMs: number;
  fetch: ApiFetch;
  now: () => number;
  base?: string;
}

// Slack's own error codes that a later attempt may not see (https://api.slack.com/web#errors).
const TRANSIENT_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** Removes anything shaped like a Slack token from text: error bodies and network errors never carry it. */
export function redactToken(text: string): string {
  return text.replace(/xox[a-z]-[A-Za-z0-9-]+/g, '[token]');
}

/**
 * One Web API call: POST JSON with the bot token as Bearer. A 429 (and `ratelimited`) brings its Retry-After;
 * 5xx, Slack's transient error codes, network errors and timeouts may be retried; every other error is final.
 */
export async function callSlackApi(call: ApiCall): Promise<ApiOutcome> {
  let response: Response;
  try {
    response = await call.fetch(`${call.base ?? SLACK_API_BASE}${call.method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${call.token}`, 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(call.args),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (error) {
    const described = describeRequestError(error as Error, call.timeoutMs);
    return { ok: false, retry: true, error: redactToken(`${call.method}: ${described}`) };
  }
  if (response.status === 429) {
    const waitMs = retryAfterMs(response.headers.get('retry-after'), call.now());
    return { ok: false, retry: true, waitMs, error: `${call.method}: ratelimited` };
  }
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // Slack always answers JSON; anything else is a proxy or an outage page.
  }
  if (response.status >= 500) return { ok: false, retry: true, error: `${call.method}: HTTP ${response.status}` };
  if (body.ok === true) return { ok: true, body };
  const code = typeof body.error === 'string' ? redactToken(body.error).slice(0, 100) : `HTTP ${response.status}`;
  return { ok: false, retry: TRANSIENT_ERRORS.has(code), error: `${call.method}: ${code}` };
}
