// Child of bench/replay.ts, bundled like the functions: replays the JSONL file argv[2] (argv[3] events) read as
// `ecs-lookout replay` reads it, and stops at the first effect or store call after argv[4] ms (reporting how far
// it got).
import { boundHeapGrowth } from '../../shared/cli/heap-growth.js';
import { streamEventRuns } from '../../shared/cli/read-events.js';
import type { StateStore } from '../../shared/ports/state-store.js';
import { parseConfig } from '../../shared/runtime/config.js';
import { replayDeps } from '../../shared/runtime/replay-deps.js';
import { replayEvents } from '../../shared/use-cases/replay.js';
import { reportToParent } from './child-process.js';

const KIB = 1024;
// The budget's clock is read once every this many checks: the product reads no clock per store call, and a
// replay makes millions of them (a clock read each was a few per cent of the run). It still stops within a few
// milliseconds of the budget.
const CHECKS_PER_CLOCK = 1024;
// As the CLI's entry (bin.mjs) sets up every command's process.
boundHeapGrowth();
const path = process.argv[2] ?? '';
const count = Number(process.argv[3]);
const budgetMs = Number(process.argv[4]);
const loadedRss = process.resourceUsage().maxRSS * KIB;
const stop = Symbol('time budget spent');
const started = performance.now();
let checks = 0;
const check = () => {
  if (++checks % CHECKS_PER_CLOCK === 0 && performance.now() - started > budgetMs) throw stop;
};
// As `ecs-lookout replay` runs it: no payloads or metric points kept for inspection.
const replay = replayDeps(parseConfig(process.env), undefined, { retain: false });
// The budget is checked on every store call too (a replay can loop without an effect: sweep after sweep), by
// each method wrapped once (a Proxy made a closure per call).
const store = Object.fromEntries(
  Object.entries(replay.store).map(([name, method]) => [
    name,
    (...args: unknown[]) => {
      check();
      return (method as (...a: unknown[]) => unknown).apply(replay.store, args);
    },
  ]),
) as unknown as StateStore;
const deps = { ...replay, store };
// Each replayed event is decided once under its own label (`path#line`); sweeps and follow-ups carry other labels.
const label = `${path}#`;
let handled = 0;
let stopped = false;
let events = 0;
try {
  // The events are streamed from the file as replay takes them (the command's reader): never all in memory.
  const summary = await replayEvents(deps, streamEventRuns([path], { stdin: process.stdin }), (effect) => {
    if (effect.effect === 'decision' && effect.input.startsWith(label)) handled++;
    check();
  });
  events = summary.events;
} catch (error) {
  if (error !== stop) throw error;
  stopped = true;
}
const seconds = (performance.now() - started) / 1000;
reportToParent({
  events: count,
  handled: stopped ? handled : events,
  stopped,
  seconds,
  loadedRss,
  peakRss: process.resourceUsage().maxRSS * KIB,
  heapUsed: process.memoryUsage().heapUsed,
  liveHeap: liveHeap(),
});

// What the replay still holds once garbage is gone (the bench starts this child with --expose-gc).
function liveHeap(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  return process.memoryUsage().heapUsed;
}
