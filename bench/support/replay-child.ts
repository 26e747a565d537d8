// Child of bench/replay.ts, bundled like the functions: replays the first argv[3] events of the JSONL file argv[2].
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../shared/runtime/config.js';
import { replayDeps } from '../../shared/runtime/replay-deps.js';
import { replayEvents } from '../../shared/use-cases/replay.js';
import { reportToParent } from './child-process.js';

const KIB = 1024;
const count = Number(process.argv[3]);
const lines = readFileSync(process.argv[2] ?? '', 'utf8').split('\n', count);
const inputs = lines.map((line, index) => ({ input: `replay#${index}`, value: JSON.parse(line) as unknown }));
const loadedRss = process.resourceUsage().maxRSS * KIB;
const deps = replayDeps(parseConfig(process.env));
let effects = 0;
const started = performance.now();
const summary = await replayEvents(deps, inputs, () => {
  effects++;
});
const seconds = (performance.now() - started) / 1000;
reportToParent({
  events: inputs.length,
  seconds,
  loadedRss,
  peakRss: process.resourceUsage().maxRSS * KIB,
  heapUsed: process.memoryUsage().heapUsed,
  effects,
  summary,
});
