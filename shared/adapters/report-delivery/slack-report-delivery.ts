import { IncomingWebhook, IncomingWebhookHTTPError } from '@slack/webhook';
import { renderSlack } from '../../domain/report/render-slack.js';
import type { HealthReport } from '../../domain/report/types.js';
import type { DeliveryResult } from '../../ports/alert-channel.js';
import type { ReportDelivery } from '../../ports/report-delivery.js';
import { type AttemptOutcome, type RetryOptions, withRetries } from './retry.js';

/** Options of the Slack report delivery. */
export interface SlackReportDeliveryOptions {
  /** Resolves the webhook URL (SSM / Secrets Manager, cached by the source). */
  webhookUrl: () => Promise<string>;
  /** HTTP client; global fetch by default (tests pass a fake). */
  fetch?: typeof fetch;
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
}

function retryAfterMs(header: string | null | undefined): number | undefined {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 60) * 1000 : undefined;
}

/**
 * Posts the report to a Slack incoming webhook as Block Kit. Retries network errors and 5xx with
 * backoff, and 429 after Slack's Retry-After; other 4xx fail at once. Errors never contain the URL.
 */
export function createSlackReportDelivery(options: SlackReportDeliveryOptions): ReportDelivery {
  const fetchFn = options.fetch ?? globalThis.fetch;
  return {
    name: 'slack',
    async deliver(report: HealthReport, deadline: number): Promise<DeliveryResult> {
      let url: string;
      try {
        url = await options.webhookUrl();
      } catch (error) {
        return { channel: 'slack', ok: false, attempts: 0, error: (error as Error).message };
      }
      let retryAfter: string | null = null;
      const webhook = new IncomingWebhook(url, {
        timeout: options.timeoutMs ?? 5_000,
        retryConfig: { retries: 0 },
        fetch: async (input, init) => {
          const response = await fetchFn(input, init);
          retryAfter = response.headers.get('retry-after');
          return response;
        },
      });
      const message = renderSlack(report);
      const attempt = async (): Promise<AttemptOutcome> => {
        try {
          await webhook.send({ text: message.text, blocks: message.blocks });
          return { ok: true };
        } catch (error) {
          if (error instanceof IncomingWebhookHTTPError) {
            const status = error.statusCode;
            const error_ = `Slack answered HTTP ${status}: ${error.body.slice(0, 100)}`;
            if (status === 429)
              return { ok: false, error: error_, retryable: true, retryAfterMs: retryAfterMs(retryAfter) };
            return { ok: false, error: error_, retryable: status >= 500 };
          }
          return { ok: false, error: 'Slack request failed (network or timeout)', retryable: true };
        }
      };
      const result = await withRetries(attempt, deadline, { maxAttempts: 4, baseDelayMs: 500, ...options.retry });
      return { channel: 'slack', ...result };
    },
  };
}
