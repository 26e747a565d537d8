import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  describeRequestError,
  redact,
  retryAfterMs,
} from '../../../../shared/adapters/slack/delivery-policy.js';

describe('Module: Slack delivery policy', () => {
  it.each([
    // attempt, random, expected wait
    [1, 0, 250],
    [1, 1, 500],
    [2, 0, 500],
    [3, 0.5, 1500],
    [10, 1, 8000],
  ])('backoffMs(attempt %i, random %d) = %i', (attempt, random, expected) => {
    expect(backoffMs(attempt, random)).toBe(expected);
  });

  it.each<[string | null, number]>([
    ['1', 1000],
    ['30', 30_000],
    ['0.5', 500],
    [' 2 ', 2000],
    [null, 1000],
    ['soon', 1000],
    ['Thu, 20 Aug 2026 09:30:10 GMT', 10_000],
    ['Thu, 20 Aug 2026 09:29:00 GMT', 0],
  ])('retryAfterMs(%s) = %i', (header, expected) => {
    expect(retryAfterMs(header, Date.parse('2026-08-20T09:30:00Z'))).toBe(expected);
  });

  it('redacts the webhook URL and anything shaped like one', () => {
    const url = 'https://hooks.slack.com/services/T1/B2/SECRET';
    expect(redact(`failed ${url} and https://hooks.slack.com/services/T9/B9/OTHER.`, url)).toBe(
      'failed [webhook-url] and [webhook-url]',
    );
    expect(redact('http://127.0.0.1:1234/x/SECRET gone', 'http://127.0.0.1:1234/x/SECRET')).toBe('[webhook-url] gone');
  });

  it.each([
    [
      'timeout',
      Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
      'timed out after 5000 ms',
    ],
    [
      'refused',
      new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }),
      'request failed: fetch failed (ECONNREFUSED)',
    ],
    ['plain', new Error('socket hang up'), 'request failed: socket hang up'],
  ])('describeRequestError: %s', (_, error, expected) => {
    expect(describeRequestError(error, 5000)).toBe(expected);
  });
});
