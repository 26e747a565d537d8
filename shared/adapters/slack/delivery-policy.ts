import { SLACK_PERMANENT_CODES, SLACK_PERMANENT_STATUSES } from '../../domain/alerts/delivery-failure.js';
/**
 * Result of one POST: delivered, or why not, whether (and when) to try again, and whether no later attempt
 * can succeed either (`permanent`: a revoked or archived webhook, a payload Slack refuses).
 */
export type AttemptOutcome =
  | { ok: true }
  | { ok: false; retry: boolean; error: string; waitMs?: number; permanent?: boolean };

/** True for a webhook answer no retry can change: 403/404/410, or one of Slack's permanent error codes. */
export function isPermanentAnswer(status: number, body: string): boolean {
  return SLACK_PERMANENT_STATUSES.has(status) || SLACK_PERMANENT_CODES.some((code) => body.includes(code));
}

const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const DEFAULT_RETRY_AFTER_MS = 1_000;

/** Exponential backoff with equal jitter: attempt 1 waits 250–500 ms, then doubling, capped at 8 s. */
export function backoffMs(attempt: number, random: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** Milliseconds to wait from a Retry-After header (seconds or an HTTP date); 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number {
  const value = header?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, date - nowMs);
}

/** Removes the webhook URL (and anything shaped like a Slack webhook URL) from text. */
export function redact(text: string, url: string): string {
  const withoutUrl = url ? text.split(url).join('[webhook-url]') : text;
  return withoutUrl.replace(/https?:\/\/hooks\.slack(?:-gov)?\.com\/\S*/gi, '[webhook-url]');
}

/** A network or timeout failure in words: `timed out after 5000 ms`, `request failed: fetch failed (ECONNREFUSED)`. */
export function describeRequestError(error: Error, timeoutMs: number): string {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = (error as Error & { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return `request failed: ${error.message.slice(0, 200)}${detail ? ` (${detail.slice(0, 100)})` : ''}`;
}

/** The part of a logger a Slack channel uses (Powertools Logger fits). */
export interface SlackChannelLogger {
  warn(message: string, extra: Record<string, unknown>): void;
}

/** How a Slack channel retries and waits; everything here exists for tests, with real defaults. */
export interface SlackAttemptOptions {
  logger?: SlackChannelLogger;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** Per-attempt timeout; default 5 s, always bounded by the deadline. */
  attemptTimeoutMs?: number;
}
