import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/readme-figures.mjs', import.meta.url));

const RESULTS = {
  generatedAt: '2026-11-29T07:30:00.000Z',
  machine: { node: 'v20.20.2', cpus: 2, memoryGiB: 8 },
  figures: [
    {
      id: 'pipeline.throughput',
      label: 'handleEvent | in-memory',
      value: 12345.6,
      unit: 'events/s',
      baseline: { label: 'classify alone', value: 50000, unit: 'events/s' },
      ratio: 0.2469,
    },
    { id: 'aws-calls.total', label: 'AWS API calls', value: 16380, unit: 'calls' },
  ],
};

// The front page (README) and its goals block.
const FRONT = '# Project\n\n<!-- goals:start -->\nold goals\n<!-- goals:end -->\n\nLinks.\n';

/** A temporary docs page, front page and results.json (`null`: no results file). */
function workspace(readme: string, results: unknown = RESULTS, front = FRONT) {
  const dir = mkdtempSync(join(tmpdir(), 'readme-figures-'));
  const paths = { readme: join(dir, 'README.md'), results: join(dir, 'results.json'), front: join(dir, 'FRONT.md') };
  writeFileSync(paths.readme, readme);
  writeFileSync(paths.front, front);
  if (results !== null) writeFileSync(paths.results, JSON.stringify(results));
  const run = () => {
    try {
      const args = ['--page', paths.readme, '--summary', paths.front, '--results', paths.results];
      execFileSync(process.execPath, [SCRIPT, ...args], { stdio: 'pipe' });
      return { code: 0, stderr: '' };
    } catch (error) {
      const failed = error as { status: number; stderr: Buffer };
      return { code: failed.status, stderr: failed.stderr.toString() };
    }
  };
  return {
    paths,
    run,
    readme: () => readFileSync(paths.readme, 'utf8'),
    front: () => readFileSync(paths.front, 'utf8'),
  };
}

describe('scripts/readme-figures.mjs', () => {
  const original = '# Title\n\nBefore.\n\n<!-- bench:start -->\nold table\n<!-- bench:end -->\n\nAfter.\n';

  it('replaces only the block between the markers with the table and the machine line', () => {
    const ws = workspace(original);
    expect(ws.run().code).toBe(0);
    const text = ws.readme();
    expect(text.startsWith('# Title\n\nBefore.\n\n<!-- bench:start -->\n| figure | value |')).toBe(true);
    expect(text.endsWith('<!-- bench:end -->\n\nAfter.\n')).toBe(true);
    expect(text).not.toContain('old table');
    expect(text).toContain(
      '| handleEvent \\| in-memory | 12,346 events/s | 50,000 events/s (classify alone) | 0.247× |',
    );
    expect(text).toContain('| AWS API calls | 16,380 calls |  |  |');
    expect(text).toContain('with Node v20.20.2 on 2 CPUs and 8 GiB of RAM');
  });

  it('finds its markers in docs/benchmarks.md, the page it writes by default', () => {
    const page = readFileSync(fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url)), 'utf8');
    expect(page).toMatch(
      /<!-- bench:start -->\n(\| goal \| measured \|[\s\S]*)?\| figure \| value \|[\s\S]*\n<!-- bench:end -->/,
    );
  });

  it('puts the goals with their verdicts above the figures when the results judged them', () => {
    const goals = [
      {
        label: 'All AWS calls per delivery',
        id: 'aws-calls.total',
        op: '<=',
        measured: 0.2009,
        bound: 0.2,
        met: false,
      },
      { label: 'Lost alerts', id: 'concurrency.lost-alerts', op: '=', measured: 0, bound: 0, met: true },
      { label: 'Not run', id: 'replay.throughput.100k', op: '>=', bound: 20000, met: false },
    ];
    const ws = workspace(original, { ...RESULTS, goals });
    expect(ws.run().code).toBe(0);
    const text = ws.readme();
    expect(text).toContain('<!-- bench:start -->\n| goal | measured | bound | met |');
    expect(text).toContain('| All AWS calls per delivery | 0.201 | <= 0.2 | **no** |');
    expect(text).toContain('| Lost alerts | 0 | = 0 | yes |');
    expect(text).toContain('| Not run | not measured | >= 20,000 | **no** |');
    expect(text.indexOf('| goal |')).toBeLessThan(text.indexOf('| figure |'));
  });

  it('puts the goals in the front page, each kind of per-function goal folded into one row', () => {
    const coldStart = (fn: string, kind: string, measured: number, met: boolean) => ({
      label: `${fn}: cold bundle vs its clients alone`.replace(
        'cold bundle',
        kind === 'bytes' ? 'cold bundle' : 'first call',
      ),
      id: `cold-start.${fn}.${kind}`,
      op: '<=',
      measured,
      bound: kind === 'bytes' ? 1.15 : 1.2,
      met,
    });
    const goals = [
      { label: 'Lost alerts', id: 'concurrency.lost-alerts', op: '=', measured: 0, bound: 0, met: true },
      coldStart('task-state-change', 'bytes', 1.61, false),
      coldStart('task-state-change', 'first-invocation', 1.43, false),
      coldStart('grace-sweep', 'bytes', 1.59, false),
      coldStart('grace-sweep', 'first-invocation', 1.17, true),
    ];
    const ws = workspace(original, { ...RESULTS, goals });
    expect(ws.run().code).toBe(0);
    const front = ws.front();
    expect(front).toContain('2 of 5 goals met in the latest `npm run bench` (2026-11-29)');
    expect(front).toContain('| Lost alerts | 0 | = 0 | yes |');
    expect(front).toContain('| cold bundle vs its clients alone (2 functions) | 1.59–1.61 | <= 1.15 | **0 of 2** |');
    expect(front).toContain('| first call vs its clients alone (2 functions) | 1.17–1.43 | <= 1.2 | **1 of 2** |');
    expect(front.startsWith('# Project\n\n<!-- goals:start -->\n')).toBe(true);
    expect(front.endsWith('<!-- goals:end -->\n\nLinks.\n')).toBe(true);
    expect(front).not.toContain('old goals');
  });

  it('leaves the front page alone when the results judged no goal', () => {
    const ws = workspace(original);
    expect(ws.run().code).toBe(0);
    expect(ws.front()).toBe(FRONT);
  });

  it('exits 1 and changes neither page when the front page has no goals block', () => {
    const ws = workspace(
      original,
      { ...RESULTS, goals: [{ label: 'x', id: 'x', op: '=', measured: 0, bound: 0, met: true }] },
      '# Project\n',
    );
    const outcome = ws.run();
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/no <!-- goals:start -->/);
    expect(ws.readme()).toBe(original);
    expect(ws.front()).toBe('# Project\n');
  });

  it('finds its goals block in README.md, the front page it writes by default', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    expect(readme).toMatch(/<!-- goals:start -->\n[\s\S]*\| goal \| measured \|[\s\S]*\n<!-- goals:end -->/);
  });

  it('still takes the old --readme flag as the page to write', () => {
    const ws = workspace(original);
    execFileSync(process.execPath, [SCRIPT, '--readme', ws.paths.readme, '--results', ws.paths.results], {
      stdio: 'pipe',
    });
    expect(ws.readme()).toContain('| AWS API calls | 16,380 calls |  |  |');
  });

  it('gives the same README when run twice', () => {
    const ws = workspace(original);
    ws.run();
    const once = ws.readme();
    ws.run();
    expect(ws.readme()).toBe(once);
  });

  it.each([
    ['the README has no markers', '# Title\n', RESULTS, /no <!-- bench:start -->/],
    ['the results file is missing', original, null, /run `npm run bench` first/],
    ['the results have no figures', original, { machine: {} }, /no "figures" array/],
  ])('exits 1 and leaves the README alone when %s', (_, readme, results, message) => {
    const ws = workspace(readme, results);
    const outcome = ws.run();
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(message);
    expect(ws.readme()).toBe(readme);
  });
});
