// `npm run bench`: runs every benchmark suite, prints one table, writes bench/results.json.
// Figures, not pass/fail: each is measured as a ratio to a baseline taken in the same run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { judgeGoals } from './goals.js';
import type { BenchFigure, BenchSuite } from './types.js';

const SUITES: Record<string, () => Promise<{ default: BenchSuite }>> = {
  classify: () => import('./classify.js'),
  pipeline: () => import('./pipeline.js'),
  'aws-calls': () => import('./aws-calls.js'),
  'cold-start': () => import('./cold-start.js'),
  'report-scale': () => import('./report-scale.js'),
  memory: () => import('./memory.js'),
  concurrency: () => import('./concurrency.js'),
  'alert-latency': () => import('./alert-latency.js'),
  replay: () => import('./replay.js'),
};

function fmt(value: number): string {
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

const only = process.argv.slice(2);
const figures: BenchFigure[] = [];
let failed = false;
for (const [name, load] of Object.entries(SUITES)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  // One failing suite must not lose the others' figures (results.json keeps its previous ones).
  try {
    const suite = (await load()).default;
    figures.push(...(await suite()));
  } catch (error) {
    failed = true;
    process.exitCode = 1;
    process.stderr.write(`bench: ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

const rows = figures.map((f) => [
  f.label,
  `${fmt(f.value)} ${f.unit}`,
  f.baseline ? `${fmt(f.baseline.value)} ${f.baseline.unit} (${f.baseline.label})` : '',
  f.ratio === undefined ? '' : `${fmt(f.ratio)}×`,
]);
const header = ['figure', 'value', 'baseline (same run)', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));

const machine = { node: process.version, cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) };
const resultsUrl = new URL('./results.json', import.meta.url);
// A partial run (`npm run bench -- pipeline`), or one where a suite failed, updates its own figures and keeps the others.
const previous: BenchFigure[] =
  (only.length > 0 || failed) && existsSync(resultsUrl) ? JSON.parse(readFileSync(resultsUrl, 'utf8')).figures : [];
const fresh = new Set(figures.map((f) => f.id));
const merged = [...previous.filter((f) => !fresh.has(f.id)), ...figures];
// Each goal beside the figure it holds (judged on the merged figures: a partial run keeps the others').
const goals = judgeGoals(merged);
console.log('\n| goal | measured | bound | met |');
console.log('| --- | --- | --- | --- |');
for (const g of goals) {
  const shown = (n: number | undefined) => (n === undefined ? 'not measured' : fmt(n));
  console.log(`| ${g.label} | ${shown(g.measured)} | ${g.op} ${shown(g.bound)} | ${g.met ? 'yes' : 'NO'} |`);
}
writeFileSync(
  resultsUrl,
  `${JSON.stringify({ generatedAt: new Date().toISOString(), machine, figures: merged, goals }, null, 2)}\n`,
);
console.log('\nwritten: bench/results.json');
