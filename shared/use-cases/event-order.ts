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
  // Each key read once, into flat arrays; a batch that already arrives in order (the usual one) is only copied.
  const count = inputs.length;
  const times = new Float64Array(count);
  const versions = new Float64Array(count);
  let ordered = true;
  for (let i = 0; i < count; i++) {
    const value = inputs[i]!.value;
    times[i] = eventTimeOf(value) ?? fallbackMs;
    versions[i] = versionOf(value);
    if (ordered && i > 0)
      ordered = times[i - 1]! < times[i]! || (times[i - 1] === times[i] && versions[i - 1]! <= versions[i]!);
  }
  if (ordered) return [...inputs];
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => times[a]! - times[b]! || versions[a]! - versions[b]! || a - b);
  return order.map((i) => inputs[i]!);
}
