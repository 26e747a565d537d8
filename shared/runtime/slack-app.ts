import { createBotTokenSource } from '../adapters/secrets/bot-token.js';
import { createSlackAppChannel } from '../adapters/slack/slack-app-channel.js';
import { createDynamoSlackThreads, createMemorySlackThreads } from '../adapters/state/slack-threads.js';
import type { AlertChannel } from '../ports/alert-channel.js';
import { dynamoClient } from './clients/dynamodb.js';
import { secretsManagerClient } from './clients/secrets-manager.js';
import { ssmClient } from './clients/ssm.js';
import { getConfig } from './lambda-config.js';
import { logger } from './logger.js';

/** The Slack app-mode channel of the configuration and its bot token source (SSM or Secrets Manager, cached). */
export function slackApp(): { channel: AlertChannel; token: () => Promise<string> } {
  const cfg = getConfig();
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
  const channel = createSlackAppChannel({
    token,
    channel: cfg.slackChannel ?? '',
    threads,
    broadcastEscalations,
    logger,
  });
  return { channel, token };
}
