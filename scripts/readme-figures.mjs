#!/usr/bin/env node
/**
 * Rewrites the block between `<!-- bench:start -->` and `<!-- bench:end -->` in docs/benchmarks.md with the
 * figures of bench/results.json (written by `npm run bench`): the goals with their verdicts, a markdown table of
 * the figures and the machine they were measured on. The README's `<!-- goals:start -->` block gets the goals
 * alone, each function's cold-start goals folded into one row per kind. Usage: node scripts/readme-figures.mjs
 * [--page PATH] [--summary PATH] [--results PATH] (`--readme` is the old name of `--page`). Exits 1, changing
 * nothing, when the results are missing or unreadable or a page has no markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const SUMMARY_START = '<!-- goals:start -->';
const SUMMARY_END = '<!-- goals:end -->';

/** Numbers as the bench table prints them: thousands separated from 1,000, else 3 significant digits. */
export function formatNumber(value) {
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

// Labels come from our own suites, but a `|` or a newline would still break the table.
const cell = (text) =>
  String(text)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

/** The goals table (each goal, the figure's number, its bound, met or not), when the results judged goals. */
export function renderGoals(goals) {
  if (!Array.isArray(goals) || goals.length === 0) return [];
  const shown = (n) => (typeof n === 'number' ? formatNumber(n) : 'not measured');
  return [
    '| goal | measured | bound | met |',
    '| --- | ---: | ---: | :---: |',
    ...goals.map(
      (g) =>
        `| ${cell(g.label)} | ${shown(g.measured)} | ${cell(g.op)} ${shown(g.bound)} | ${g.met ? 'yes' : '**no**'} |`,
    ),
    '',
  ];
}

// `cold-start.<function>.<kind>`: one goal per function and kind, folded into one README row per kind.
const PER_FUNCTION = /^cold-start\.([\w-]+)\.([\w-]+)$/;

/** The README's goals: per-function cold-start goals folded (range measured, how many met), the rest as is. */
export function renderGoalSummary(goals, date) {
  if (!Array.isArray(goals) || goals.length === 0) return undefined;
  const shown = (n) => (typeof n === 'number' ? formatNumber(n) : 'not measured');
  const rows = [];
  const folded = new Map();
  for (const goal of goals) {
    const match = PER_FUNCTION.exec(goal.id);
    if (!match) {
      rows.push({
        label: goal.label,
        measured: shown(goal.measured),
        bound: `${goal.op} ${shown(goal.bound)}`,
        met: goal.met ? 'yes' : '**no**',
      });
      continue;
    }
    const kind = match[2];
    let row = folded.get(kind);
    if (!row) {
      row = { goals: [], label: goal.label.replace(/^[^:]+:\s*/, ''), op: goal.op };
      folded.set(kind, row);
      rows.push(row);
    }
    row.goals.push(goal);
  }
  const lines = rows.map((row) => {
    if (!row.goals) return `| ${cell(row.label)} | ${row.measured} | ${cell(row.bound)} | ${row.met} |`;
    const values = row.goals.map((g) => g.measured).filter((v) => typeof v === 'number');
    const range =
      values.length === 0
        ? 'not measured'
        : `${formatNumber(Math.min(...values))}–${formatNumber(Math.max(...values))}`;
    const bounds = [...new Set(row.goals.map((g) => shown(g.bound)))].join(', ');
    const met = row.goals.filter((g) => g.met).length;
    const verdict = met === row.goals.length ? 'yes' : `**${met} of ${row.goals.length}**`;
    return `| ${cell(row.label)} (${row.goals.length} functions) | ${range} | ${cell(row.op)} ${bounds} | ${verdict} |`;
  });
  const metCount = goals.filter((g) => g.met).length;
  return [
    `${metCount} of ${goals.length} goals met in the latest \`npm run bench\`${date ? ` (${date})` : ''}; every figure, its baseline and how it is measured: [docs/benchmarks.md](docs/benchmarks.md).`,
    '',
    '| goal | measured | bound | met |',
    '| --- | ---: | ---: | :---: |',
    ...lines,
  ].join('\n');
}

/** The markdown that goes between the markers, from the parsed results.json. */
export function renderFigures(results) {
  const rows = results.figures.map((f) => [
    cell(f.label),
    `${formatNumber(f.value)} ${cell(f.unit)}`,
    f.baseline ? `${formatNumber(f.baseline.value)} ${cell(f.baseline.unit)} (${cell(f.baseline.label)})` : '',
    f.ratio === undefined || f.ratio === null ? '' : `${formatNumber(f.ratio)}×`,
  ]);
  const { node, cpus, memoryGiB } = results.machine ?? {};
  const date = String(results.generatedAt ?? '').slice(0, 10);
  return [
    ...renderGoals(results.goals),
    '| figure | value | baseline (same run) | ratio |',
    '| --- | ---: | --- | ---: |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    `Measured ${date ? `on ${date} ` : ''}with Node ${node ?? '?'} on ${cpus ?? '?'} CPUs and ${memoryGiB ?? '?'} GiB of RAM ` +
      '(`npm run bench`). Each ratio compares with a baseline measured in the same run; absolute values depend on the machine.',
  ].join('\n');
}

/** Page text with the block between the markers replaced; undefined when the markers are missing. */
export function replaceBlock(page, block, [open, close] = [START, END]) {
  const start = page.indexOf(open);
  const end = page.indexOf(close, start + open.length);
  if (start < 0 || end < 0) return undefined;
  return `${page.slice(0, start + open.length)}\n${block}\n${page.slice(end)}`;
}

function main() {
  const { values } = parseArgs({
    options: {
      page: { type: 'string' },
      readme: { type: 'string' },
      summary: { type: 'string', default: resolve(root, 'README.md') },
      results: { type: 'string', default: resolve(root, 'bench/results.json') },
    },
  });
  let results;
  try {
    results = JSON.parse(readFileSync(values.results, 'utf8'));
    if (!Array.isArray(results.figures)) throw new Error('no "figures" array');
  } catch (error) {
    console.error(`readme-figures: cannot use ${values.results} (${error.message}); run \`npm run bench\` first`);
    return 1;
  }
  const pagePath = values.page ?? values.readme ?? resolve(root, 'docs/benchmarks.md');
  const page = readFileSync(pagePath, 'utf8');
  const updated = replaceBlock(page, renderFigures(results));
  if (updated === undefined) {
    console.error(`readme-figures: ${pagePath} has no ${START} … ${END} block; add the markers where the table goes`);
    return 1;
  }
  const summary = renderGoalSummary(results.goals, String(results.generatedAt ?? '').slice(0, 10));
  let front;
  if (summary !== undefined) {
    const text = readFileSync(values.summary, 'utf8');
    front = replaceBlock(text, summary, [SUMMARY_START, SUMMARY_END]);
    if (front === undefined) {
      console.error(`readme-figures: ${values.summary} has no ${SUMMARY_START} … ${SUMMARY_END} block for the goals`);
      return 1;
    }
    if (front !== text) writeFileSync(values.summary, front);
  }
  if (updated !== page) writeFileSync(pagePath, updated);
  console.log(
    `readme-figures: ${results.figures.length} figures written to ${pagePath}` +
      (summary === undefined ? '' : `, the goals to ${values.summary}`),
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
