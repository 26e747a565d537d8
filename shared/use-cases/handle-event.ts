import type { Verdict } from '../domain/classify/types.js';
import { type BatchItem, batchItemOf, type EventOrigin } from './batch/batch-item.js';
import type { Effect } from './effects.js';
import { handleItems } from './handle-batch.js';
import type { PipelineDeps } from './pipeline-deps.js';

export type { EventOrigin } from './batch/batch-item.js';

async function one(deps: PipelineDeps, item: BatchItem): Promise<Effect[]> {
  const result = await handleItems(deps, [item]);
  if (result.error) throw result.error;
  return result.effects;
}

/** Parses, classifies and handles one raw EventBridge event (a batch of one); returns every effect, in order. */
export function handleEvent(deps: PipelineDeps, raw: unknown, input: string): Promise<Effect[]> {
  return one(deps, batchItemOf(deps, raw, input));
}

/**
 * Handles one classified finding as a batch of one: decide on fresh state, write, remediate once, deliver
 * to every channel. Throws when it must be retried (nothing written, no channel reached, a retryable
 * remediation failure); the retry re-sends what wasn't delivered.
 */
export function handleVerdict(deps: PipelineDeps, verdict: Verdict, origin: EventOrigin): Promise<Effect[]> {
  return one(deps, { verdict, origin });
}
