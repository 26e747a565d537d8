import { createWebhookUrlSource } from '../adapters/secrets/webhook-url.js';
import { createSlackChannel } from '../adapters/slack/slack-channel.js';
import { createSnsChannel } from '../adapters/sns/sns-channel.js';
import type { AlertChannel } from '../ports/alert-channel.js';
import { secretsManagerClient } from './clients/secrets-manager.js';
import { snsClient } from './clients/sns.js';
import { ssmClient } from './clients/ssm.js';
import { getConfig } from './lambda-config.js';
import { logger } from './logger.js';

let webhookUrl: (() => Promise<string>) | undefined;

/** The Slack webhook URL source (SSM SecureString or Secrets Manager, cached), or undefined when not configured. */
export function getWebhookUrl(): (() => Promise<string>) | undefined {
  const cfg = getConfig();
  if (!cfg.slackWebhookParam && !cfg.slackWebhookSecret) return undefined;
  webhookUrl ??= createWebhookUrlSource({
    ssmParam: cfg.slackWebhookParam,
    secretId: cfg.slackWebhookSecret,
    ssmClient: cfg.slackWebhookParam ? ssmClient() : undefined,
    secretsClient: cfg.slackWebhookSecret ? secretsManagerClient() : undefined,
  });
  return webhookUrl;
}

/**
 * The Slack app-mode channel (bot token + channel ID, LOOKOUT_SLACK_BOT_TOKEN_PARAM / _SECRET, LOOKOUT_SLACK_CHANNEL),
 * or undefined. Its code (Web API calls, thread store, root/reply rendering) loads on the first alert
 * (chunks/), so webhook deployments never compile it at cold start.
 */
function slackAppChannel(): AlertChannel | undefined {
  const cfg = getConfig();
  if (!cfg.slackChannel || (!cfg.slackBotTokenParam && !cfg.slackBotTokenSecret)) return undefined;
  let loaded: Promise<AlertChannel> | undefined;
  return {
    name: 'slack',
    async send(alert, deadline) {
      loaded ??= import('./slack-app.js').then((module) => module.slackAppChannel());
      return (await loaded).send(alert, deadline);
    },
  };
}

let channels: AlertChannel[] | undefined;

/** Alert channels: LOOKOUT_TOPIC_ARN, then Slack in app mode when a channel is set, else by incoming webhook. */
export function getChannels(): AlertChannel[] {
  if (channels) return channels;
  const cfg = getConfig();
  channels = [];
  if (cfg.topicArn) channels.push(createSnsChannel({ client: snsClient(), topicArn: cfg.topicArn, logger }));
  const slackUrl = getWebhookUrl();
  const app = slackAppChannel();
  if (app) channels.push(app);
  else if (slackUrl) channels.push(createSlackChannel({ webhookUrl: slackUrl, logger }));
  if (channels.length === 0)
    logger.warn('no alert channel configured (LOOKOUT_TOPIC_ARN, LOOKOUT_SLACK_WEBHOOK_PARAM)');
  return channels;
}
