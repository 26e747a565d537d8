import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { renderMarkdown } from '../../domain/report/render-markdown.js';
import type { HealthReport } from '../../domain/report/types.js';
import type { DeliveryResult } from '../../ports/alert-channel.js';
import type { ReportDelivery } from '../../ports/report-delivery.js';

/** Options of the SNS report delivery; the client's own retry strategy retries (the runtime's: 4 attempts). */
export interface SnsReportDeliveryOptions {
  client: Pick<SNSClient, 'send'>;
  topicArn: string;
  now?: () => number;
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

function attemptsOf(value: unknown): number {
  const attempts = (value as { $metadata?: { attempts?: unknown } } | undefined)?.$metadata?.attempts;
  return typeof attempts === 'number' ? attempts : 1;
}

/**
 * Publishes the report as Markdown text to an SNS topic (email-friendly), with the status as an attribute. The SDK
 * client retries throttling, 5xx and network errors itself; the call is aborted at the deadline.
 */
export function createSnsReportDelivery(options: SnsReportDeliveryOptions): ReportDelivery {
  const now = options.now ?? Date.now;
  return {
    name: 'sns',
    async deliver(report: HealthReport, deadline: number): Promise<DeliveryResult> {
      const remaining = deadline - now();
      if (remaining <= 0) return { channel: 'sns', ok: false, attempts: 0, error: 'deadline reached' };
      const command = new PublishCommand({
        TopicArn: options.topicArn,
        Subject: reportSubject(report),
        Message: clipBytes(renderMarkdown(report), MAX_MESSAGE_BYTES),
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'health-report' },
          status: { DataType: 'String', StringValue: report.status },
        },
      });
      try {
        const output = await options.client.send(command, { abortSignal: AbortSignal.timeout(remaining) });
        return { channel: 'sns', ok: true, attempts: attemptsOf(output) };
      } catch (error) {
        const e = error as { name?: string; message?: string };
        const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
        const text = timedOut
          ? `no answer from SNS before the deadline (${remaining} ms)`
          : `${e.name ?? 'Error'}: ${(e.message ?? '').slice(0, 200)}`;
        return { channel: 'sns', ok: false, attempts: attemptsOf(error), error: text };
      }
    },
  };
}
