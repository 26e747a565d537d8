import type { SNSClient } from '@aws-sdk/client-sns';
import type { ReportDelivery } from '../../ports/report-delivery.js';
import { createSlackReportDelivery } from './slack-report-delivery.js';
import { createSnsReportDelivery } from './sns-report-delivery.js';

/** Where reports go (the same settings as alerts) and what gets them there. */
export interface ReportDeliveriesOptions {
  topicArn?: string;
  sns: () => SNSClient;
  /** The cached Slack webhook URL source, when a webhook parameter or secret is configured. */
  webhookUrl?: () => Promise<string>;
}

/** SNS when a topic is configured, Slack when a webhook is; possibly none. */
export function createReportDeliveries(options: ReportDeliveriesOptions): ReportDelivery[] {
  const deliveries: ReportDelivery[] = [];
  if (options.topicArn) deliveries.push(createSnsReportDelivery({ client: options.sns(), topicArn: options.topicArn }));
  if (options.webhookUrl) deliveries.push(createSlackReportDelivery({ webhookUrl: options.webhookUrl }));
  return deliveries;
}
