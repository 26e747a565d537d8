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
  // A batch that already arrives in order (the usual one: replay hands them so) is checked with each key read once
  // and only copied; keys go into arrays only for a batch to sort (two arrays per batch were most of its cost).
  const count = inputs.length;
  let time = 0;
  let version = 0;
  let i = 0;
  for (; i < count; i++) {
    const value = inputs[i]!.value;
    const t = eventTimeOf(value) ?? fallbackMs;
    const v = versionOf(value);
    if (i > 0 && !(time < t || (time === t && version <= v))) break;
    time = t;
    version = v;
  }
  if (i === count) return [...inputs];
  const times = new Float64Array(count);
  const versions = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const value = inputs[k]!.value;
    times[k] = eventTimeOf(value) ?? fallbackMs;
    versions[k] = versionOf(value);
  }
  const order = Array.from({ length: count }, (_, k) => k);
  order.sort((a, b) => times[a]! - times[b]! || versions[a]! - versions[b]! || a - b);
  return order.map((k) => inputs[k]!);
}
