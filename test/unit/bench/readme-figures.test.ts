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

/** A temporary docs page and results.json (`null`: no results file). */
function workspace(readme: string, results: unknown = RESULTS) {
  const dir = mkdtempSync(join(tmpdir(), 'readme-figures-'));
  const paths = { readme: join(dir, 'README.md'), results: join(dir, 'results.json') };
  writeFileSync(paths.readme, readme);
  if (results !== null) writeFileSync(paths.results, JSON.stringify(results));
  const run = () => {
    try {
      execFileSync(process.execPath, [SCRIPT, '--page', paths.readme, '--results', paths.results], { stdio: 'pipe' });
      return { code: 0, stderr: '' };
    } catch (error) {
      const failed = error as { status: number; stderr: Buffer };
      return { code: failed.status, stderr: failed.stderr.toString() };
    }
  };
  return { paths, run, readme: () => readFileSync(paths.readme, 'utf8') };
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
