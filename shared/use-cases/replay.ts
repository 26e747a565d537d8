import { nextSweepDue } from '../domain/incidents/sweep.js';
import type { Effect } from './effects.js';
import { type EventInput, eventTimeOf, sortByEventTime } from './event-order.js';
import { handleBatch } from './handle-batch.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { runSweep } from './sweep.js';

/** One event to replay and the label its effects carry (`file#index`). */
export type ReplayInput = EventInput;

/** Totals printed at the end of a replay. */
export interface ReplaySummary {
  events: number;
  duplicates: number;
  invalid: number;
  incidents: number;
  alerts: number;
  remediations: number;
}

// A stream that never goes quiet must still end: at most this many sweeps after the last event.
const MAX_TRAILING_SWEEPS = 1000;

async function dueAt(deps: PipelineDeps): Promise<number | undefined> {
  const pending = await deps.store.listDueDisconnects('9999-12-31T23:59:59.999Z');
  const open = await deps.store.listOpenIncidents();
  const due = nextSweepDue(pending, open, deps.config.incidents);
  return due === undefined ? undefined : Date.parse(due);
}

/** Replay options: the reorder window holds events so ones that arrive out of order are handled in time order. */
export interface ReplayOptions {
  reorderWindowMs: number;
}

/**
 * Feeds events through the full pipeline on a virtual clock that follows each event's `time`: grace
 * periods and quiet-resolution sweeps run as virtual time passes, and at the end. Events are handled in
 * the given order, except that (as ECS delivers out of order) an event is held until the stream is
 * `reorderWindowMs` past it, and held events are handled in event-time order; so a stream and the same
 * stream duplicated and shuffled within the window give the same incidents, alerts and remediations.
 */
export async function replayEvents(
  deps: PipelineDeps,
  inputs: ReplayInput[],
  onEffect: (effect: Effect) => void,
  options: ReplayOptions = { reorderWindowMs: 5 * 60_000 },
): Promise<ReplaySummary> {
  const summary: ReplaySummary = { events: 0, duplicates: 0, invalid: 0, incidents: 0, alerts: 0, remediations: 0 };
  const emit = (effects: Effect[]) => {
    for (const effect of effects) {
      if (effect.effect === 'decision') {
        if (effect.reason === 'duplicate' || effect.reason === 'stale') summary.duplicates++;
        if (effect.category === 'invalid') summary.invalid++;
        if (effect.transition === 'opened') summary.incidents++;
      }
      if (effect.effect === 'alert' && effect.ok) summary.alerts++;
      if (effect.effect === 'remediation') summary.remediations++;
      onEffect(effect);
    }
  };
  const sweepUntil = async (limitMs: number, maxSweeps: number) => {
    for (let i = 0; i < maxSweeps; i++) {
      const due = await dueAt(deps);
      if (due === undefined || due > limitMs) return;
      emit(await runSweep(deps, new Date(due).toISOString()));
    }
  };
  let held: Array<{ input: ReplayInput; time: number }> = [];
  let clock = Number.NEGATIVE_INFINITY;
  const release = async (upTo: number) => {
    const ready = held.filter((h) => h.time <= upTo).map((h) => h.input);
    held = held.filter((h) => h.time > upTo);
    for (const input of sortByEventTime(ready)) {
      await sweepUntil(eventTimeOf(input.value) ?? clock, Number.MAX_SAFE_INTEGER);
      summary.events++;
      // The live batch step, one event at a time so the sweeps due between events run in between.
      const batch = await handleBatch(deps, [input]);
      emit(batch.effects);
      if (batch.error) throw batch.error;
    }
  };
  for (const input of inputs) {
    const time = eventTimeOf(input.value) ?? (Number.isFinite(clock) ? clock : 0);
    clock = Math.max(clock, time);
    held.push({ input, time });
    await release(clock - options.reorderWindowMs);
  }
  await release(Number.POSITIVE_INFINITY);
  await sweepUntil(Number.MAX_SAFE_INTEGER, MAX_TRAILING_SWEEPS);
  return summary;
}
