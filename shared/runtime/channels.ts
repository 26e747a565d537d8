import { createBotTokenSource } from '../adapters/secrets/bot-token.js';
import { createWebhookUrlSource } from '../adapters/secrets/webhook-url.js';
import { createSlackAppChannel } from '../adapters/slack/slack-app-channel.js';
import { createSlackChannel } from '../adapters/slack/slack-channel.js';
import { createSnsChannel } from '../adapters/sns/sns-channel.js';
import { createDynamoSlackThreads, createMemorySlackThreads } from '../adapters/state/slack-threads.js';
import type { AlertChannel } from '../ports/alert-channel.js';
import { dynamoClient } from './clients/dynamodb.js';
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

/** The Slack app-mode channel (bot token + channel ID, LOOKOUT_SLACK_BOT_TOKEN_PARAM / _SECRET, LOOKOUT_SLACK_CHANNEL), or undefined. */
function slackAppChannel(): AlertChannel | undefined {
  const cfg = getConfig();
  if (!cfg.slackChannel || (!cfg.slackBotTokenParam && !cfg.slackBotTokenSecret)) return undefined;
  const token = createBotTokenSource({
    ssmParam: cfg.slackBotTokenParam,
    secretId: cfg.slackBotTokenSecret,
    ssmClient: cfg.slackBotTokenParam ? ssmClient() : undefined,
    secretsClient: cfg.slackBotTokenSecret ? secretsManagerClient() : undefined,
  });
  const threads = cfg.stateTable
    ? createDynamoSlackThreads({ client: dynamoClient(), table: cfg.stateTable })
    : createMemorySlackThreads();
  const broadcastEscalations = cfg.slackBroadcastEscalations;
  return createSlackAppChannel({ token, channel: cfg.slackChannel, threads, broadcastEscalations, logger });
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
