import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { azOutage, SPOT_FAMILIES } from './support/az-outage.js';
import { bundleLikeTheFunctions, tempDir } from './support/bundles.js';
import { CHILD_ENV, runChild } from './support/child-process.js';
import { median, round } from './support/stats.js';
import type { BenchSuite } from './types.js';

const RUNS = 3;
const MIB = 1024 * 1024;
const CHILD = fileURLToPath(new URL('./support/memory-child.ts', import.meta.url));

interface ChildResult {
  loadedRss: number;
  peakRss: number;
  heapUsed: number;
  events: number;
  effects: number;
}

/** Peak RSS of a fresh process that handles the AZ-outage burst, against the same process once loaded. */
const suite: BenchSuite = async () => {
  const dir = tempDir();
  const input = join(dir, 'burst.json');
  writeFileSync(input, JSON.stringify(azOutage().events));
  const child = join(dir, 'memory-child.mjs');
  await bundleLikeTheFunctions({ file: CHILD }, child);
  const env = { ...CHILD_ENV, LOOKOUT_REPLACE_FAMILIES: SPOT_FAMILIES.byConfig.join(',') };
  const runs = Array.from({ length: RUNS }, () => runChild<ChildResult>([child, input], 120_000, env));
  const peak = median(runs.map((r) => r.peakRss));
  const loaded = median(runs.map((r) => r.loadedRss));
  const heap = median(runs.map((r) => r.heapUsed));
  return [
    {
      id: 'memory.peak-rss',
      label: 'Peak RSS handling the AZ-outage burst',
      value: round(peak / MIB, 1),
      unit: 'MiB',
      baseline: { label: 'same process after loading the modules', value: round(loaded / MIB, 1), unit: 'MiB' },
      ratio: round(peak / loaded, 2),
      note:
        `${runs[0]?.events ?? 0} deliveries (read from a JSON file) through handleEvent with in-memory state and ` +
        `capture channels, all held in the process: an upper bound for a Lambda, whose state is in DynamoDB; ` +
        `child bundled like the functions; maxRSS from process.resourceUsage(), median of ${RUNS} children; ` +
        `heap used at the end ${round(heap / MIB, 1)} MiB`,
    },
  ];
};

export default suite;
