import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../shared/cli/main.js';
import { LIBRARY_DIR } from '../../../shared/simulator/scenario.js';
import { fakeIo } from './fake-io.js';

const run = async (args: string[], env: Record<string, string> = {}) => {
  const io = fakeIo({ env });
  const code = await main(['simulate', ...args], io);
  return { code, out: io.out(), err: io.err() };
};

const SCENARIO = 'sweep-crash-after-confirm';

describe('CLI: simulate', () => {
  it('prints one JSON line per scenario and the total, and exits by the total', async () => {
    const { code, out } = await run(['--json', SCENARIO]);
    const lines = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));

    expect(lines.map((line) => line.scenario)).toEqual([SCENARIO, 'total']);
    for (const line of lines) {
      expect(line).toEqual(
        expect.objectContaining({
          recall: expect.any(Number),
          precision: expect.any(Number),
          falseResolves: expect.any(Number),
          missedResolves: expect.any(Number),
          timeToPageSeconds: expect.objectContaining({ median: expect.anything(), max: expect.anything() }),
          messagesPerProblem: expect.objectContaining({ slack: expect.any(Number), sns: expect.any(Number) }),
          wrongRemediations: expect.objectContaining({ duplicates: expect.any(Number) }),
        }),
      );
    }
    expect(code).toBe(lines[1].passed ? 0 : 1);
  }, 60_000);

  it('runs a scenario file and names the settings the environment changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
    const file = join(dir, 'mine.json');
    writeFileSync(file, readFileSync(join(LIBRARY_DIR, `${SCENARIO}.json`)));

    const { out } = await run([file], { LOOKOUT_REPEAT_INTERVAL: '2h' });

    expect(out).toContain(SCENARIO);
    expect(out).toContain("Settings from your environment (over the scenarios' own): LOOKOUT_REPEAT_INTERVAL=2h");
  }, 60_000);

  it.each<[string, string[], Record<string, string>, string]>([
    ['an unknown library name', ['no-such-scenario'], {}, 'no library scenario "no-such-scenario"'],
    ['an unreadable file', ['/nonexistent/x.json'], {}, '/nonexistent/x.json: cannot read'],
    ['a bad LOOKOUT_* value', [SCENARIO], { LOOKOUT_RESOLVE_AFTER: 'soon' }, 'LOOKOUT_RESOLVE_AFTER'],
    ['an unknown option', ['--fast'], {}, 'Unknown option'],
  ])('exits 2 on %s', async (_name, args, env, message) => {
    const { code, err } = await run(args, env);

    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('exits 2 naming the file and field of an invalid scenario', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ name: 'bad', description: '', seed: 1, duration: 'soon' }));

    const { code, err } = await run([file]);

    expect(code).toBe(2);
    expect(err).toContain(`${file}: duration: expected an offset`);
  });
});
