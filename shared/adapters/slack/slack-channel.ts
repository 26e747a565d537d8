import { renderSlack } from '../../domain/alerts/slack.js';
import type { AlertChannel } from '../../ports/alert-channel.js';
import { createWebhookPoster, type WebhookPosterOptions } from './webhook-poster.js';

export type { SlackChannelLogger } from './delivery-policy.js';

/** Options of the Slack channel; everything but `webhookUrl` exists for tests. */
export type SlackChannelOptions = WebhookPosterOptions;

/** Slack incoming-webhook alert channel: each alert rendered as Block Kit and posted (see createWebhookPoster). Never throws. */
export function createSlackChannel(options: SlackChannelOptions): AlertChannel {
  const post = createWebhookPoster(options);
  return {
    name: 'slack',
    async send(alert, deadline) {
      try {
        return await post(renderSlack(alert), deadline);
      } catch (error) {
        // Unreachable by design; kept so a bug here degrades to a failed delivery, not a crash.
        return {
          channel: 'slack',
          ok: false,
          attempts: 0,
          error: `slack channel error: ${error instanceof Error ? error.name : 'unknown'}`,
        };
      }
    },
  };
}
