import type { Effect } from './effects.js';
import { type EventInput, sortByEventTime } from './event-order.js';
import { handleEvent } from './handle-event.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** What one batch did: every effect in order, and the inputs to deliver again (their handling failed). */
export interface BatchResult {
  effects: Effect[];
  /** `input` labels of the events that failed (for SQS: the batch item failures to redeliver). */
  failed: string[];
  /** The first failure's error, for the log. */
  error?: Error;
}

function resourceOf(value: unknown): string | undefined {
  const resources = (value as { resources?: unknown } | null)?.resources;
  return Array.isArray(resources) && typeof resources[0] === 'string' ? resources[0] : undefined;
}

/**
 * Handles a batch of raw EventBridge events the way ECS produced them: sorted by event time (then
 * version), each through the full pipeline. One event failing does not stop the others; but the later
 * events of the same resource are not handled and fail with it, so a redelivery replays them in order.
 */
export async function handleBatch(deps: PipelineDeps, inputs: readonly EventInput[]): Promise<BatchResult> {
  const result: BatchResult = { effects: [], failed: [] };
  const blocked = new Set<string>();
  for (const item of sortByEventTime(inputs, deps.clock().getTime())) {
    const resource = resourceOf(item.value);
    if (resource && blocked.has(resource)) {
      result.failed.push(item.input);
      continue;
    }
    try {
      result.effects.push(...(await handleEvent(deps, item.value, item.input)));
    } catch (error) {
      result.failed.push(item.input);
      result.error ??= error as Error;
      if (resource) blocked.add(resource);
      deps.log.error('event failed; it will be delivered again', {
        input: item.input,
        error: (error as Error).message,
      });
    }
  }
  return result;
}
