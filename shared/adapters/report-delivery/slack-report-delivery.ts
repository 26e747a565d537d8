import { renderSlack } from '../../domain/report/render-slack.js';
import type { HealthReport } from '../../domain/report/types.js';
import type { DeliveryResult } from '../../ports/alert-channel.js';
import type { ReportDelivery } from '../../ports/report-delivery.js';
import { createWebhookPoster, type WebhookPosterOptions } from '../slack/webhook-poster.js';

/** Options of the Slack report delivery: the webhook and, for tests, the poster's clock, sleep and HTTP. */
export type SlackReportDeliveryOptions = WebhookPosterOptions;

/**
 * Posts the report to a Slack incoming webhook as Block Kit, with the alert channel's retry policy (429
 * after Retry-After, 5xx and network errors with backoff, before the deadline; other 4xx final). Errors
 * never contain the URL.
 */
export function createSlackReportDelivery(options: SlackReportDeliveryOptions): ReportDelivery {
  const post = createWebhookPoster(options);
  return {
    name: 'slack',
    async deliver(report: HealthReport, deadline: number): Promise<DeliveryResult> {
      const { text, blocks } = renderSlack(report);
      return post({ text, blocks }, deadline);
    },
  };
}
