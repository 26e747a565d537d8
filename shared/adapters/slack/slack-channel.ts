import { renderSlack } from '../../domain/alerts/slack.js';
import type { AlertChannel } from '../../ports/alert-channel.js';
import { createWebhookPoster, type WebhookPosterOptions } from './webhook-poster.js';

export type { SlackChannelLogger } from './delivery-policy.js';

/** Options of the Slack channel; everything but `webhookUrl` and `routedWebhook` exists for tests. */
export interface SlackChannelOptions extends WebhookPosterOptions {
  /** The webhook of a route's channel ID, or undefined when it has none (see createRoutedWebhooks). */
  routedWebhook?: (channel: string) => Promise<string | undefined>;
}

/**
 * Slack incoming-webhook alert channel: each alert rendered as Block Kit and posted (see createWebhookPoster).
 * An alert whose route names a channel goes to that channel's own webhook when one is stored; otherwise, or
 * when it cannot be read (logged), to the default webhook, so a routing problem never loses the alert.
 * Never throws.
 */
export function createSlackChannel(options: SlackChannelOptions): AlertChannel {
  const post = createWebhookPoster(options);
  const { routedWebhook, logger } = options;
  const urlFor = (channel: string) => async () => {
    try {
      const url = await routedWebhook?.(channel);
      if (url) return url;
    } catch (error) {
      logger?.warn('routed Slack webhook unavailable, using the default webhook', {
        slackChannel: channel,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return options.webhookUrl();
  };
  return {
    name: 'slack',
    async send(alert, deadline) {
      const channel = alert.route?.slackChannel;
      try {
        return await post(renderSlack(alert), deadline, channel && routedWebhook ? urlFor(channel) : undefined);
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
