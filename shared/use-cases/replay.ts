import { nextSweepDueMs } from '../domain/incidents/sweep.js';
import type { Incident } from '../domain/incidents/types.js';
import type { Effect } from './effects.js';
import { type EventInput, eventTimeOf } from './event-order.js';
import { handleBatch } from './handle-batch.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { createQuietDue } from './quiet-due.js';
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
/** Replay hands the pipeline batches as SQS does in Lambda: at most this many events … */
export const REPLAY_BATCH_SIZE = 100;
/** … within this window after the first (the event source mapping's batching window). */
export const REPLAY_BATCH_WINDOW_MS = 10_000;
/**
 * Sweeps run on the minute of virtual time, as the deployed grace-sweep is scheduled (rate(1 minute)): a grace
 * period or quiet time that ends at 09:26:13 is acted on at 09:27:00, and a failure at 09:26:40 still finds its
 * incident open, as it would live.
 */
export const REPLAY_SWEEP_EVERY_MS = 60_000;

/** An event held in the reorder window: its time and arrival order break ties. */
interface Held {
  input: ReplayInput;
  time: number;
  order: number;
}

const before = (a: Held, b: Held) => a.time < b.time || (a.time === b.time && a.order < b.order);

// The heap moves the item along its path and writes it once where it stops (no swaps: a destructuring swap
// allocated an array per step, once per event).
function pushHeld(heap: Held[], item: Held): void {
  let i = heap.push(item) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const above = heap[parent]!;
    if (!before(item, above)) break;
    heap[i] = above;
    i = parent;
  }
  heap[i] = item;
}

function popHeld(heap: Held[]): Held {
  const top = heap[0]!;
  const last = heap.pop()!;
  const size = heap.length;
  if (size === 0) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    const child = r < size && before(heap[r]!, heap[l]!) ? r : l;
    const least = heap[child]!;
    if (!before(least, last)) break;
    heap[i] = least;
    i = child;
  }
  heap[i] = last;
  return top;
}

/**
 * The next sweep time: the first scheduled sweep (REPLAY_SWEEP_EVERY_MS) at or after the time something falls
 * due (nextSweepDueMs; the open incidents' part kept by `quietDue`).
 */
async function dueAt(deps: PipelineDeps, quietDue: (open: readonly Incident[]) => number): Promise<number | undefined> {
  const pending = await deps.store.listDueDisconnects('9999-12-31T23:59:59.999Z');
  const open = await deps.store.listOpenIncidents();
  const hooks = await deps.store.listDueHooks('9999-12-31T23:59:59.999Z');
  const due = Math.min(nextSweepDueMs(pending, [], deps.config.incidents, hooks), quietDue(open));
  return Number.isFinite(due) ? Math.ceil(due / REPLAY_SWEEP_EVERY_MS) * REPLAY_SWEEP_EVERY_MS : undefined;
}

/**
 * A batch decides all its events before it delivers: for reading, each alert is put right after the decision
 * that caused it (same incident and transition); everything else keeps its order.
 */
export function inDecisionOrder(effects: readonly Effect[]): readonly Effect[] {
  const alerts = effects.filter((e) => e.effect === 'alert');
  if (alerts.length === 0) return effects;
  const placed = new Set<Effect>();
  const ordered: Effect[] = [];
  for (const effect of effects) {
    if (effect.effect === 'alert') continue;
    ordered.push(effect);
    if (effect.effect !== 'decision' || !effect.transition || !effect.incident) continue;
    for (const alert of alerts) {
      if (placed.has(alert) || alert.incident !== effect.incident || alert.transition !== effect.transition) continue;
      ordered.push(alert);
      placed.add(alert);
    }
  }
  return [...ordered, ...alerts.filter((alert) => !placed.has(alert))];
}

// An event is an object, never an array: an array in the stream is a run of events.
const isRun = (item: ReplayInput | readonly ReplayInput[]): item is readonly ReplayInput[] => Array.isArray(item);

/** Replay options: the reorder window holds events so ones that arrive out of order are handled in time order. */
export interface ReplayOptions {
  reorderWindowMs: number;
}

/**
 * Feeds events through the full pipeline on a virtual clock that follows each event's `time`: grace
 * periods and quiet-resolution sweeps run as virtual time passes, on the minute as deployed, and at the end. Events are handled in
 * the given order, except that (as ECS delivers out of order) an event is held until the stream is
 * `reorderWindowMs` past it, and held events are handled in event-time order; so a stream and the same
 * stream duplicated and shuffled within the window give the same incidents, alerts and remediations.
 * `inputs` may be streamed (an async iterable): only the events held in the window stay in memory. A stream may
 * hand them over in runs (arrays, as a reader gets them a chunk at a time): one promise per run, not per event.
 */
export async function replayEvents(
  deps: PipelineDeps,
  inputs: Iterable<ReplayInput> | AsyncIterable<ReplayInput | readonly ReplayInput[]>,
  onEffect: (effect: Effect) => void,
  options: ReplayOptions = { reorderWindowMs: 5 * 60_000 },
): Promise<ReplaySummary> {
  const summary: ReplaySummary = { events: 0, duplicates: 0, invalid: 0, incidents: 0, alerts: 0, remediations: 0 };
  const emit = (effects: readonly Effect[]) => {
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
  // The next sweep time, cached and read again only after a batch that changed an incident or a pending
  // disconnect (a failure counted into an open incident can move its quiet time either way: the window follows
  // the mean gap between failures). Events that touch neither (normal stops, transitions, duplicates) keep it.
  // Reading it before every event walked every open incident each time: replay grew quadratically.
  let due: number | undefined;
  let dueKnown = false;
  const quietDue = createQuietDue(deps.config.incidents);
  const nextDue = async () => {
    if (!dueKnown) {
      due = await dueAt(deps, quietDue);
      dueKnown = true;
    }
    return due;
  };
  // True when nothing is due by `limitMs` any more; false when it stopped with work still due.
  const sweepUntil = async (limitMs: number, maxSweeps: number): Promise<boolean> => {
    for (let i = 0; i < maxSweeps; i++) {
      const at = await nextDue();
      if (at === undefined || at > limitMs) return true;
      emit(await runSweep(deps, new Date(at).toISOString()));
      dueKnown = false;
      // A sweep that leaves something due at or before its own time would be run again for ever.
      const after = await nextDue();
      if (after !== undefined && after <= at) {
        deps.log.warn('replay: the sweep left work due at its own time; moving on', { at: new Date(at).toISOString() });
        return false;
      }
    }
    return false;
  };
  const changesDue = (effects: Effect[]) =>
    effects.some(
      (e) =>
        e.effect === 'decision' &&
        (e.incident !== undefined || e.transition !== undefined || e.reason === 'grace-pending') &&
        e.reason !== 'duplicate' &&
        e.reason !== 'stale',
    );
  // Held events, in two parts: those that arrived in order (not before the last one so held: most of them), a
  // queue in event-time order, read from `inOrderHead`; and the late ones, earliest first (a binary heap on event
  // time, then arrival). The earliest held event is the first of either. Sifting every event through one heap of
  // the ~1,200 the window holds cost ~20 comparisons of scattered objects per event.
  const inOrder: (Held | undefined)[] = [];
  let inOrderHead = 0;
  const late: Held[] = [];
  const hold = (item: Held) => {
    const last = inOrder[inOrder.length - 1];
    if (last === undefined || !before(item, last)) inOrder.push(item);
    else pushHeld(late, item);
  };
  const earliestHeld = (): Held | undefined => {
    const queued = inOrder[inOrderHead];
    const heaped = late[0];
    if (queued === undefined || heaped === undefined) return queued ?? heaped;
    return before(heaped, queued) ? heaped : queued;
  };
  const takeHeld = (item: Held) => {
    if (item === late[0]) {
      popHeld(late);
      return;
    }
    // The slot lets go of the event at once (the replay must not keep what it handled); the queue moves down
    // once half of it is taken.
    inOrder[inOrderHead++] = undefined;
    if (inOrderHead === inOrder.length) {
      inOrder.length = 0;
      inOrderHead = 0;
    } else if (inOrderHead >= 1024 && inOrderHead * 2 >= inOrder.length) {
      // splice moves the rest down at once; copyWithin on a JS array goes element by element (~10x slower).
      inOrder.splice(0, inOrderHead);
      inOrderHead = 0;
    }
  };
  // Events out of the reorder window, in event-time order, waiting for their batch to close.
  let ready: Held[] = [];
  let arrived = 0;
  let clock = Number.NEGATIVE_INFINITY;
  // The open batch as last looked at: its first event and the time it closes (its window's end or the next
  // sweep). Until an event beyond that time or a hundredth event joins it, or the clock reaches that time,
  // looking again would find the same open batch: most arriving events only move one event out of the window.
  let open: { first: Held; closesAt: number } | undefined;
  const stillOpen = (upTo: number) =>
    open !== undefined &&
    ready[0] === open.first &&
    ready.length < REPLAY_BATCH_SIZE &&
    ready[ready.length - 1]!.time <= open.closesAt &&
    upTo < open.closesAt;
  // Nothing to hand over by `upTo`: no event waits, or the open batch stays open.
  const idle = (upTo: number) => ready.length === 0 || stillOpen(upTo);
  // Moves the events out of the window by `upTo` to `ready`, in event-time order.
  // A late event (a redelivery hours old) goes to its place among them (a search, not a sort of all of them).
  const admit = (upTo: number) => {
    for (let next = earliestHeld(); next !== undefined && next.time <= upTo; next = earliestHeld()) {
      takeHeld(next);
      if (ready.length === 0 || !before(next, ready[ready.length - 1]!)) {
        ready.push(next);
        continue;
      }
      let low = 0;
      let high = ready.length - 1;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (before(next, ready[mid]!)) high = mid;
        else low = mid + 1;
      }
      ready.splice(low, 0, next);
    }
  };
  // Batches as SQS closes them: 100 events, or the 10 s window after the first one has passed (nothing
  // later can join), or the next sweep time (sweeps still run between the events they fall between).
  // Handing the pipeline one event at a time, as each left the reorder window, cost a batch's fixed work per event.
  const release = async (upTo: number) => {
    admit(upTo);
    if (idle(upTo)) return;
    open = undefined;
    let start = 0;
    while (start < ready.length) {
      const first = ready[start]!.time;
      // Most batches find the next sweep time known and later than their first event: no sweep and no promise.
      const settled = (dueKnown && !(due! <= first)) || (await sweepUntil(first, Number.MAX_SAFE_INTEGER));
      const limit = Math.min(
        first + REPLAY_BATCH_WINDOW_MS,
        (dueKnown ? due : await nextDue()) ?? Number.POSITIVE_INFINITY,
      );
      let end = start + 1;
      while (end < ready.length && end - start < REPLAY_BATCH_SIZE && ready[end]!.time <= limit) end++;
      const closed = end - start >= REPLAY_BATCH_SIZE || end < ready.length || upTo >= limit;
      if (!closed) {
        // A sweep that left work due runs again on the next release, as before.
        if (settled) open = { first: ready[start]!, closesAt: limit };
        break;
      }
      const batch: ReplayInput[] = [];
      for (; start < end; start++) batch.push(ready[start]!.input);
      summary.events += batch.length;
      const result = await handleBatch(deps, batch);
      emit(inDecisionOrder(result.effects));
      if (result.error) throw result.error;
      if (changesDue(result.effects)) dueKnown = false;
    }
    // A slice, not copyWithin: on a JS array copyWithin takes the generic path, several times slower for ~14 events.
    if (start > 0) ready = ready.slice(start);
  };
  // Takes one arrival into the window; the time to release up to when a batch may close, else undefined. Most
  // arrivals only move an event out of the window and leave the open batch as it was: no promise for them.
  const arrive = (input: ReplayInput): number | undefined => {
    const time = eventTimeOf(input.value) ?? (Number.isFinite(clock) ? clock : 0);
    clock = Math.max(clock, time);
    hold({ input, time, order: arrived++ });
    const upTo = clock - options.reorderWindowMs;
    admit(upTo);
    return idle(upTo) ? undefined : upTo;
  };
  for await (const item of inputs) {
    if (!isRun(item)) {
      const upTo = arrive(item);
      if (upTo !== undefined) await release(upTo);
      continue;
    }
    for (const input of item) {
      const upTo = arrive(input);
      if (upTo !== undefined) await release(upTo);
    }
  }
  await release(Number.POSITIVE_INFINITY);
  dueKnown = false;
  await sweepUntil(Number.MAX_SAFE_INTEGER, MAX_TRAILING_SWEEPS);
  return summary;
}
