import type { Context, EventBridgeEvent, SQSBatchItemFailure, SQSEvent } from 'aws-lambda';
import type { InvocationSummary } from './invocation-summary.js';
import { summarise } from './invocation-summary.js';
import { getPipeline, type PipelineExtras } from './pipeline.js';
import { wrapHandler } from './wrap-handler.js';

export { type InvocationSummary, summarise } from './invocation-summary.js';

/** An SQS batch's result: the summary, plus the messages SQS must deliver again (ReportBatchItemFailures). */
export interface BatchSummary extends InvocationSummary {
  batchItemFailures: SQSBatchItemFailure[];
}

/** True for an SQS event source mapping's batch (every record from SQS). */
function isSqsBatch(event: unknown): event is SQSEvent {
  const records = (event as { Records?: unknown } | null)?.Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((r) => (r as { eventSource?: unknown })?.eventSource === 'aws:sqs')
  );
}

// A body that isn't JSON is handed on as text: the parser reports it invalid (logged, counted, not retried).
function bodyValue(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/**
 * The handler of every event function. From SQS (the deployed path): the batch is handled in event-time
 * order and only the messages whose handling failed are reported back for redelivery. Invoked with one
 * EventBridge event directly (`osls invoke`, tests): an alert that reached no channel throws. Invalid
 * events return normally either way (logged and counted, never retried). `extras`: the ECS actions and log
 * reader the function uses (see PipelineExtras), so its bundle holds only its own SDK clients.
 */
export function createEventHandler(extras: PipelineExtras = {}) {
  return wrapHandler(
    async (
      event: SQSEvent | EventBridgeEvent<string, unknown>,
      context: Context,
    ): Promise<InvocationSummary | BatchSummary> => {
      const pipeline = getPipeline(context, extras);
      if (isSqsBatch(event)) {
        const inputs = event.Records.map((record) => ({ input: record.messageId, value: bodyValue(record.body) }));
        const result = await pipeline.handleBatch(inputs);
        return {
          ...summarise(result.effects),
          batchItemFailures: result.failed.map((itemIdentifier) => ({ itemIdentifier })),
        };
      }
      return summarise(await pipeline.handle(event, String((event as { id?: unknown })?.id ?? 'event')));
    },
  );
}
