import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleLikeTheFunctions, tempDir } from './support/bundles.js';
import { CHILD_ENV, runChild } from './support/child-process.js';
import { mixedStream } from './support/events.js';
import { median, round } from './support/stats.js';
import type { BenchFigure, BenchSuite } from './types.js';

const SIZES = [10_000, 50_000, 100_000];
// Fresh processes per size: one run moved by ±20% from run to run on this kind of shared 2-core machine.
const REPEATS = 5;
const MIB = 1024 * 1024;
const GOAL_PER_SECOND = 20_000;
// Each size gets at most this long: a replay that grows faster than linearly reports how far it got.
const BUDGET_MS = 90_000;
const CHILD = fileURLToPath(new URL('./support/replay-child.ts', import.meta.url));

interface ChildResult {
  events: number;
  /** Events replayed before the budget ran out (all of them when not stopped). */
  handled: number;
  stopped: boolean;
  seconds: number;
  loadedRss: number;
  peakRss: number;
  heapUsed: number;
  /** Heap used after a full collection at the end: the state the replay keeps. */
  liveHeap?: number;
}

const label = (n: number) => `${n / 1000}k`;

/**
 * One size's runs as one: each figure the median of its runs (throughput as events per second); the run of
 * the median throughput tells how far it got.
 */
function medianRun(runs: ChildResult[]): ChildResult {
  const rate = (run: ChildResult) => run.handled / run.seconds;
  const mid = [...runs].sort((a, b) => rate(a) - rate(b))[Math.floor(runs.length / 2)] as ChildResult;
  const live = runs.map((run) => run.liveHeap).filter((heap): heap is number => heap !== undefined);
  return {
    ...mid,
    peakRss: median(runs.map((run) => run.peakRss)),
    loadedRss: median(runs.map((run) => run.loadedRss)),
    heapUsed: median(runs.map((run) => run.heapUsed)),
    ...(live.length === runs.length ? { liveHeap: median(live) } : {}),
  };
}

/**
 * `replay` (reorder window, sweeps on virtual time, in-memory adapters) on the first 10k, 50k and 100k events
 * of one generated stream, each in a fresh process: events per second and peak RSS, against the 10k run.
 */
const suite: BenchSuite = async () => {
  const dir = tempDir();
  const lines = mixedStream(Math.max(...SIZES)).map((event) => JSON.stringify(event));
  // One file per size, the first events of the same stream: the child replays a whole file, as the command does.
  const inputs = SIZES.map((size) => {
    const input = join(dir, `stream-${size}.jsonl`);
    writeFileSync(input, `${lines.slice(0, size).join('\n')}\n`);
    return input;
  });
  const child = join(dir, 'replay-child.mjs');
  await bundleLikeTheFunctions({ file: CHILD }, child);
  const env = { ...CHILD_ENV, LOOKOUT_STATE_TABLE: '', LOOKOUT_REPLACE_FAMILIES: 'render-job,invoice-export' };
  // Rounds of every size in turn, so a slow spell of this shared machine hits the sizes alike.
  const rounds: ChildResult[][] = SIZES.map(() => []);
  for (let r = 0; r < REPEATS; r++) {
    for (const [i, size] of SIZES.entries()) {
      rounds[i]?.push(
        runChild<ChildResult>(
          ['--expose-gc', child, inputs[i] ?? '', String(size), String(BUDGET_MS)],
          BUDGET_MS + 120_000,
          env,
        ),
      );
    }
  }
  const runs = rounds.map(medianRun);
  const spreads = rounds.map((sizeRuns) =>
    sizeRuns
      .map((run) => Math.round(run.handled / run.seconds))
      .sort((a, b) => a - b)
      .join(', '),
  );
  const first = runs[0];
  const figures: BenchFigure[] = [];
  for (const [index, run] of runs.entries()) {
    const perSecond = run.handled / run.seconds;
    const firstRate = first ? first.handled / first.seconds : perSecond;
    const progress = run.stopped
      ? `stopped after ${round(run.seconds, 1)} s with ${run.handled} of ${run.events} events replayed`
      : `all ${run.events} events in ${round(run.seconds, 1)} s`;
    figures.push(
      {
        id: `replay.throughput.${label(run.events)}`,
        label: `replay, ${label(run.events)} events`,
        value: Math.round(perSecond),
        unit: 'events/s',
        baseline: {
          label: `replay of the first ${label(first?.events ?? 0)}, same stream`,
          value: Math.round(firstRate),
          unit: 'events/s',
        },
        ratio: round(perSecond / firstRate, 2),
        note:
          `goal ≥ ${GOAL_PER_SECOND} events/s on 100k; ratio 1 = linear in events; ${progress}; ` +
          `runs ${spreads[index]} events/s; mixed stream ` +
          '(fixtures and demo as templates, new task ids, 40 services, 20 hosts, 4 events/s of event time, ' +
          `~10% redelivered); the median of ${REPEATS} fresh bundled processes per size (sizes in turn), in-memory state, capture channels, ` +
          `at most ${BUDGET_MS / 1000} s each`,
      },
      {
        id: `replay.peak-rss.${label(run.events)}`,
        label: `replay, ${label(run.events)} events: peak RSS`,
        value: round(run.peakRss / MIB, 1),
        unit: 'MiB',
        baseline: { label: 'same process before the replay', value: round(run.loadedRss / MIB, 1), unit: 'MiB' },
        ratio: round(run.peakRss / run.loadedRss, 2),
        note:
          `${progress}; maxRSS from process.resourceUsage(); the events are streamed from the file by the command's ` +
          'reader as the replay takes them (the baseline is the process before it starts); as `ecs-lookout replay` runs it, metric totals ' +
          'only and no alert payloads are kept, but the state stays for the whole replay (every incident, resolved ' +
          'ones too, and every claim: replay has no expiry clock) and so do the dedup caches (10k-20k keys each); ' +
          `heap used at the end ${round(run.heapUsed / MIB, 1)} MiB`,
      },
    );
    if (run.liveHeap !== undefined && first?.liveHeap !== undefined) {
      figures.push({
        id: `replay.live-heap.${label(run.events)}`,
        label: `replay, ${label(run.events)} events: live heap at the end`,
        value: round(run.liveHeap / MIB, 1),
        unit: 'MiB',
        baseline: { label: `the ${label(first.events)} run's`, value: round(first.liveHeap / MIB, 1), unit: 'MiB' },
        ratio: round(run.liveHeap / first.liveHeap, 2),
        note:
          'heap used after a full garbage collection once the replay is done: what it keeps (all incidents and ' +
          'claims, the dedup caches up to their caps), where peak RSS also holds garbage V8 had not yet collected ' +
          'and the heap it grew to for it; informational, the goal stays on peak RSS',
      });
    }
  }
  return figures;
};

export default suite;
