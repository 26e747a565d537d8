import { toMs } from '../domain/incidents/time.js';

/** One event to handle and the label its effects carry (`file#index` in replay, the SQS message id live). */
export interface EventInput {
  input: string;
  value: unknown;
}

/** The event's `time` as epoch ms, or undefined when it has none (or an unreadable one). */
export function eventTimeOf(value: unknown): number | undefined {
  const time = (value as { time?: unknown } | null)?.time;
  const ms = typeof time === 'string' ? toMs(time) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function versionOf(value: unknown): number {
  const v = (value as { detail?: { version?: unknown } } | null)?.detail?.version;
  return typeof v === 'number' ? v : 0;
}

/**
 * Puts events in the order ECS produced them: event time, then the resource's version (a task's STOPPING
 * and STOPPED can share a second), then arrival. Events without a time keep their place at `fallbackMs`.
 * The one ordering rule of the live batch path and of `replay`, so the two agree by construction.
 */
export function sortByEventTime<T extends EventInput>(inputs: readonly T[], fallbackMs = 0): T[] {
  return inputs
    .map((item, order) => ({
      item,
      order,
      time: eventTimeOf(item.value) ?? fallbackMs,
      version: versionOf(item.value),
    }))
    .sort((a, b) => a.time - b.time || a.version - b.version || a.order - b.order)
    .map((entry) => entry.item);
}
