// Child of bench/memory.ts, bundled like the functions: peak RSS once loaded, then after the burst (argv[2], JSON).
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../shared/runtime/config.js';
import { replayDeps } from '../../shared/runtime/replay-deps.js';
import { handleEvent } from '../../shared/use-cases/handle-event.js';
import { reportToParent } from './child-process.js';

const KIB = 1024;
const loadedRss = process.resourceUsage().maxRSS * KIB;
const events: unknown[] = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8'));
const deps = replayDeps(parseConfig(process.env));
let effects = 0;
for (const [index, raw] of events.entries()) effects += (await handleEvent(deps, raw, `burst#${index}`)).length;
reportToParent({
  loadedRss,
  peakRss: process.resourceUsage().maxRSS * KIB,
  heapUsed: process.memoryUsage().heapUsed,
  events: events.length,
  effects,
});
