import { createHash } from 'node:crypto';
import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import { renderSns } from '../../domain/alerts/sns.js';
import type { Alert } from '../../domain/alerts/types.js';
import type { AlertChannel, DeliveryResult } from '../../ports/alert-channel.js';

/** The part of a logger the channel uses (Powertools Logger fits). */
export interface SnsChannelLogger {
  warn(message: string, extra: Record<string, unknown>): void;
}

/** Options of the SNS channel. Retries are the client's (configured by the caller); this adds the deadline. */
export interface SnsChannelOptions {
  client: SNSClient;
  topicArn: string;
  logger?: SnsChannelLogger;
  now?: () => number;
}

const MIN_ATTEMPT_MS = 200;
// Errors no retry changes: the topic is gone, the role may not publish, or the topic refuses the message.
const PERMANENT_ERRORS = new Set(['NotFoundException', 'AuthorizationErrorException', 'InvalidParameterException']);

/** FIFO topics need a group and a dedup id; the alert id makes a redelivered alert a no-op within 5 min. */
function fifoFields(alert: Alert): Pick<PublishCommandInput, 'MessageGroupId' | 'MessageDeduplicationId'> {
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');
  return { MessageGroupId: hash(alert.incident.key).slice(0, 64), MessageDeduplicationId: hash(alert.id) };
}

function attemptsOf(value: unknown): number | undefined {
  const attempts = (value as { $metadata?: { attempts?: unknown } } | undefined)?.$metadata?.attempts;
  return typeof attempts === 'number' ? attempts : undefined;
}

/** Publishes alerts to an SNS topic (rendered by renderSns), aborting at the deadline. Never throws. */
export function createSnsChannel(options: SnsChannelOptions): AlertChannel {
  const now = options.now ?? Date.now;
  const fifo = options.topicArn.endsWith('.fifo');

  async function deliver(alert: Alert, deadline: number): Promise<DeliveryResult> {
    const remaining = deadline - now();
    if (remaining < MIN_ATTEMPT_MS) {
      return { channel: 'sns', ok: false, attempts: 0, error: 'deadline reached before the first attempt' };
    }
    const payload = renderSns(alert);
    const input: PublishCommandInput = { TopicArn: options.topicArn, ...payload, ...(fifo ? fifoFields(alert) : {}) };
    try {
      const output = await options.client.send(new PublishCommand(input), {
        abortSignal: AbortSignal.timeout(remaining),
      });
      return { channel: 'sns', ok: true, attempts: attemptsOf(output) ?? 1 };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const text = timedOut
        ? `no answer from SNS before the deadline (${remaining} ms)`
        : `${name}: ${message.slice(0, 300)}`;
      options.logger?.warn('sns publish failed', { error: text, topicArn: options.topicArn });
      const permanent = PERMANENT_ERRORS.has(name) ? { permanent: true } : {};
      return { channel: 'sns', ok: false, attempts: attemptsOf(error) ?? 1, error: text, ...permanent };
    }
  }

  return {
    name: 'sns',
    async send(alert, deadline) {
      try {
        return await deliver(alert, deadline);
      } catch (error) {
        // Rendering is total by design; this keeps a bug from crashing the pipeline.
        return {
          channel: 'sns',
          ok: false,
          attempts: 0,
          error: `sns channel error: ${error instanceof Error ? error.name : 'unknown'}`,
        };
      }
    },
  };
}
