// Child of bench/replay.ts, bundled like the functions: replays the first argv[3] events of the JSONL file
// argv[2], and stops at the first effect or store call after argv[4] ms (reporting how far it got).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseConfig } from '../../shared/runtime/config.js';
import { replayDeps } from '../../shared/runtime/replay-deps.js';
import { replayEvents } from '../../shared/use-cases/replay.js';
import { reportToParent } from './child-process.js';

const KIB = 1024;
const count = Number(process.argv[3]);
const budgetMs = Number(process.argv[4]);
const loadedRss = process.resourceUsage().maxRSS * KIB;
let read = 0;
// The events are streamed from the file as replay takes them: the input is never all in memory.
async function* inputs() {
  const lines = createInterface({ input: createReadStream(process.argv[2] ?? '', 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (read >= count) break;
    if (line === '') continue;
    yield { input: `replay#${read}`, value: JSON.parse(line) as unknown };
    read++;
  }
  lines.close();
}
const stop = Symbol('time budget spent');
const started = performance.now();
const spent = () => performance.now() - started > budgetMs;
// As `ecs-lookout replay` runs it: no payloads or metric points kept for inspection.
const replay = replayDeps(parseConfig(process.env), undefined, { retain: false });
// The budget is checked on every store call too: a replay can loop without an effect (sweep after sweep).
const store = new Proxy(replay.store, {
  get(target, key, receiver) {
    const value = Reflect.get(target, key, receiver);
    if (typeof value !== 'function') return value;
    return (...args: unknown[]) => {
      if (spent()) throw stop;
      return value.apply(target, args);
    };
  },
});
const deps = { ...replay, store };
// Each replayed event is decided once under its own label; sweeps and follow-ups carry other labels.
let handled = 0;
let stopped = false;
try {
  await replayEvents(deps, inputs(), (effect) => {
    if (effect.effect === 'decision' && effect.input.startsWith('replay#')) handled++;
    if (spent()) throw stop;
  });
} catch (error) {
  if (error !== stop) throw error;
  stopped = true;
}
const seconds = (performance.now() - started) / 1000;
reportToParent({
  events: count,
  handled: stopped ? handled : read,
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
