import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { ReportDelivery } from '../../ports/report-delivery.js';
import { createWebhookUrlSource } from '../secrets/webhook-url.js';
import { createSlackReportDelivery } from './slack-report-delivery.js';
import { createSnsReportDelivery } from './sns-report-delivery.js';

/** Where reports go (the same settings as alerts) and lazy clients to get there. */
export interface ReportDeliveriesOptions {
  topicArn?: string;
  slackWebhookParam?: string;
  slackWebhookSecret?: string;
  sns: () => SNSClient;
  ssm: () => SSMClient;
  secretsManager: () => SecretsManagerClient;
}

/** SNS when a topic is configured, Slack when a webhook parameter or secret is; possibly none. */
export function createReportDeliveries(options: ReportDeliveriesOptions): ReportDelivery[] {
  const deliveries: ReportDelivery[] = [];
  if (options.topicArn) deliveries.push(createSnsReportDelivery({ client: options.sns(), topicArn: options.topicArn }));
  if (options.slackWebhookParam || options.slackWebhookSecret) {
    const webhookUrl = createWebhookUrlSource({
      ssmParam: options.slackWebhookParam,
      secretId: options.slackWebhookSecret,
      ssmClient: options.slackWebhookParam ? options.ssm() : undefined,
      secretsClient: options.slackWebhookSecret ? options.secretsManager() : undefined,
    });
    deliveries.push(createSlackReportDelivery({ webhookUrl }));
  }
  return deliveries;
}
