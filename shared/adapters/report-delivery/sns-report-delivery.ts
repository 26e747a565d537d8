import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { renderMarkdown } from '../../domain/report/render-markdown.js';
import type { HealthReport } from '../../domain/report/types.js';
import type { DeliveryResult } from '../../ports/alert-channel.js';
import type { ReportDelivery } from '../../ports/report-delivery.js';
import { type AttemptOutcome, type RetryOptions, withRetries } from './retry.js';

/** Options of the SNS report delivery. */
export interface SnsReportDeliveryOptions {
  client: Pick<SNSClient, 'send'>;
  topicArn: string;
  retry?: Partial<RetryOptions>;
}

// SNS: a message is at most 256 KB (bytes) and a subject under 100 characters without line breaks.
const MAX_MESSAGE_BYTES = 250 * 1024;
const NOTE = '\n\n… (cut to fit SNS; the JSON report has everything)\n';

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character. */
export function clipBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(NOTE);
  const cut = Buffer.from(text)
    .subarray(0, budget)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return cut + NOTE;
}

/** `ECS health: DEGRADED, 3 problems (last 24h)`. */
export function reportSubject(report: HealthReport): string {
  const n = report.topProblems.length;
  return `ECS health: ${report.status}, ${n} problem${n === 1 ? '' : 's'} (last ${report.window.label})`.slice(0, 99);
}

/** Publishes the report as Markdown text to an SNS topic (email-friendly), with the status as an attribute. */
export function createSnsReportDelivery(options: SnsReportDeliveryOptions): ReportDelivery {
  return {
    name: 'sns',
    async deliver(report: HealthReport, deadline: number): Promise<DeliveryResult> {
      const command = new PublishCommand({
        TopicArn: options.topicArn,
        Subject: reportSubject(report),
        Message: clipBytes(renderMarkdown(report), MAX_MESSAGE_BYTES),
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'health-report' },
          status: { DataType: 'String', StringValue: report.status },
        },
      });
      const attempt = async (): Promise<AttemptOutcome> => {
        try {
          await options.client.send(command);
          return { ok: true };
        } catch (error) {
          const e = error as {
            name?: string;
            message?: string;
            $retryable?: unknown;
            $metadata?: { httpStatusCode?: number };
          };
          const status = e.$metadata?.httpStatusCode ?? 0;
          const retryable = Boolean(e.$retryable) || status >= 500 || /throttl/i.test(e.name ?? '');
          return { ok: false, error: `${e.name ?? 'Error'}: ${(e.message ?? '').slice(0, 200)}`, retryable };
        }
      };
      const result = await withRetries(attempt, deadline, { maxAttempts: 3, baseDelayMs: 500, ...options.retry });
      return { channel: 'sns', ...result };
    },
  };
}
