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

let channels: AlertChannel[] | undefined;

/** Alert channels configured by LOOKOUT_TOPIC_ARN and LOOKOUT_SLACK_WEBHOOK_PARAM / _SECRET. */
export function getChannels(): AlertChannel[] {
  if (channels) return channels;
  const cfg = getConfig();
  channels = [];
  if (cfg.topicArn) channels.push(createSnsChannel({ client: snsClient(), topicArn: cfg.topicArn, logger }));
  const slackUrl = getWebhookUrl();
  if (slackUrl) channels.push(createSlackChannel({ webhookUrl: slackUrl, logger }));
  if (channels.length === 0)
    logger.warn('no alert channel configured (LOOKOUT_TOPIC_ARN, LOOKOUT_SLACK_WEBHOOK_PARAM)');
  return channels;
}
