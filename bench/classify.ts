import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify } from '../shared/domain/classify/classify.js';
import { parseEcsEvent } from '../shared/domain/events/parse.js';
import type { BenchFigure, BenchSuite } from './types.js';

const FIXTURES_DIR = fileURLToPath(new URL('../test/fixtures/events', import.meta.url));
const EVENT_COUNT = 50_000;
const ROUNDS = 5;

/** The valid fixtures as compact JSON strings, repeated up to EVENT_COUNT. */
function eventStrings(): string[] {
  const valid = readdirSync(FIXTURES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.stringify(JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8'))))
    .filter((text) => parseEcsEvent(JSON.parse(text)).kind !== 'invalid');
  return Array.from({ length: EVENT_COUNT }, (_, index) => valid[index % valid.length] ?? '');
}

/** Events per second of `work` over all strings; the returned count keeps the work observable. */
function rate(strings: string[], work: (text: string) => number): { perSecond: number; checksum: number } {
  let checksum = 0;
  const started = performance.now();
  for (const text of strings) checksum += work(text);
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: strings.length / seconds, checksum };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const jsonOnly = (text: string) => (JSON.parse(text) === null ? 0 : 1);
const fullPath = (text: string) => (classify(parseEcsEvent(JSON.parse(text))).alert ? 1 : 0);

/** parse + classify throughput against plain JSON.parse of the same event strings, same run. */
const suite: BenchSuite = async () => {
  const strings = eventStrings();
  rate(strings.slice(0, 5_000), fullPath);
  rate(strings.slice(0, 5_000), jsonOnly);
  const baseline: number[] = [];
  const measured: number[] = [];
  // Alternate the two so machine noise hits both alike; the median of the rounds is reported.
  for (let round = 0; round < ROUNDS; round += 1) {
    baseline.push(rate(strings, jsonOnly).perSecond);
    measured.push(rate(strings, fullPath).perSecond);
  }
  const value = median(measured);
  const base = median(baseline);
  const figure: BenchFigure = {
    id: 'classify.throughput',
    label: 'JSON.parse + parseEcsEvent + classify',
    value: Math.round(value),
    unit: 'events/s',
    baseline: { label: 'JSON.parse only, same event strings', value: Math.round(base), unit: 'events/s' },
    ratio: Number((value / base).toFixed(3)),
    note: `${strings.length} events (valid fixtures repeated), median of ${ROUNDS} alternating rounds; ratio < 1 means slower than JSON.parse alone`,
  };
  return [figure];
};

export default suite;
