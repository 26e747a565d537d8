import { createRoutedWebhooks } from '../adapters/secrets/routed-webhooks.js';
import { createWebhookUrlSource } from '../adapters/secrets/webhook-url.js';
import { createSlackChannel } from '../adapters/slack/slack-channel.js';
import { createSnsChannel } from '../adapters/sns/sns-channel.js';
import type { AlertChannel } from '../ports/alert-channel.js';
import { lazy } from './clients/lazy.js';
import { secretsManagerClient } from './clients/secrets-manager.js';
import { snsClient } from './clients/sns.js';
import { ssmClient } from './clients/ssm.js';
import { getConfig } from './lambda-config.js';
import { logger } from './logger.js';

let webhookUrl: (() => Promise<string>) | undefined;

/**
 * The Slack webhook URL source (SSM SecureString or Secrets Manager, cached), or undefined when not configured.
 * Its SDK client is built on the first read: an invocation that sends nothing to Slack never constructs it.
 */
export function getWebhookUrl(): (() => Promise<string>) | undefined {
  const cfg = getConfig();
  if (!cfg.slackWebhookParam && !cfg.slackWebhookSecret) return undefined;
  if (webhookUrl) return webhookUrl;
  const source = lazy(() =>
    createWebhookUrlSource({
      ssmParam: cfg.slackWebhookParam,
      secretId: cfg.slackWebhookSecret,
      ssmClient: cfg.slackWebhookParam ? ssmClient() : undefined,
      secretsClient: cfg.slackWebhookSecret ? secretsManagerClient() : undefined,
    }),
  );
  webhookUrl = () => source()();
  return webhookUrl;
}

/** The SNS channel of LOOKOUT_TOPIC_ARN, its client constructed on the first alert. */
function snsChannel(topicArn: string): AlertChannel {
  const channel = lazy(() => createSnsChannel({ client: snsClient(), topicArn, logger }));
  return { name: 'sns', send: (alert, deadline) => channel().send(alert, deadline) };
}

let slackAppLoad: ReturnType<typeof loadSlackApp> | undefined;

// The app-mode code (Web API calls, thread store, root/reply rendering) loads on first use (chunks/), so
// webhook deployments never compile it at cold start.
function loadSlackApp() {
  return import('./slack-app.js').then((module) => module.slackApp());
}

/** True when Slack runs in app mode: a channel ID and a bot token (LOOKOUT_SLACK_CHANNEL, LOOKOUT_SLACK_BOT_TOKEN_*). */
function appMode(): boolean {
  const cfg = getConfig();
  return Boolean(cfg.slackChannel && (cfg.slackBotTokenParam || cfg.slackBotTokenSecret));
}

/** The Slack app-mode channel, its code loaded on the first alert (or the first prefetch). */
function slackAppChannel(): AlertChannel {
  return {
    name: 'slack',
    async send(alert, deadline) {
      slackAppLoad ??= loadSlackApp();
      return (await slackAppLoad).channel.send(alert, deadline);
    },
  };
}

/**
 * Starts reading the Slack secret (the webhook URL, or the bot token in app mode) without waiting for it, so
 * an invocation that alerts finds it read alongside its state reads instead of fetching it after the commit.
 * The source caches the value for 5 minutes and shares a read in flight; a failed read is not cached, so
 * the channel's own read tries again and reports it. Without Slack, does nothing.
 */
export function prefetchSlackSecret(): void {
  if (appMode()) {
    slackAppLoad ??= loadSlackApp();
    slackAppLoad.then(({ token }) => token()).catch(() => undefined);
    return;
  }
  getWebhookUrl()?.().catch(() => undefined);
}

// Webhook mode: the default webhook, and each routed channel's own under `path` when one is set.
function webhookChannel(defaultUrl: (() => Promise<string>) | undefined, path: string | undefined): AlertChannel {
  const webhookUrl = defaultUrl ?? (() => Promise.reject(new Error('no default Slack webhook configured')));
  if (!path) return createSlackChannel({ webhookUrl, logger });
  const routed = lazy(() => createRoutedWebhooks({ path, ssmClient: ssmClient() }));
  return createSlackChannel({ webhookUrl, routedWebhook: (channel) => routed()(channel), logger });
}

let channels: AlertChannel[] | undefined;

/** Alert channels: LOOKOUT_TOPIC_ARN, then Slack in app mode when a channel is set, else by incoming webhook. */
export function getChannels(): AlertChannel[] {
  if (channels) return channels;
  const cfg = getConfig();
  channels = [];
  if (cfg.topicArn) channels.push(snsChannel(cfg.topicArn));
  const slackUrl = getWebhookUrl();
  if (appMode()) channels.push(slackAppChannel());
  else if (slackUrl || cfg.slackWebhooksPath) channels.push(webhookChannel(slackUrl, cfg.slackWebhooksPath));
  if (channels.length === 0)
    logger.warn('no alert channel configured (LOOKOUT_TOPIC_ARN, LOOKOUT_SLACK_WEBHOOK_PARAM)');
  return channels;
}
