import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { command } from '../../../shared/cli/commands/classify.js';
import { EVENT_FIXTURES_DIR, eventFixture } from '../domain/event-fixtures.js';
import { fakeIo } from './fake-io.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const fixture = (name: string) => join(EVENT_FIXTURES_DIR, `${name}.json`);
const parseLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('Command: classify', () => {
  it('prints one JSON line per event, in input order, with the documented fields', async () => {
    // Prepare
    const io = fakeIo();

    // Act
    const code = await command.run(
      ['--json', fixture('oom--fargate-exit-137'), fixture('invalid--exit-code-string')],
      io,
    );

    // Assess
    expect(code).toBe(0);
    const [oom, invalid] = parseLines(io.out());
    expect(oom).toEqual({
      input: fixture('oom--fargate-exit-137'),
      detailType: 'ECS Task State Change',
      category: 'oom',
      severity: 'critical',
      alert: true,
      remediation: 'scheduler-replaces',
      summary: expect.stringContaining('Container "web" of service orders-api'),
    });
    expect(invalid).toMatchObject({
      category: 'invalid',
      alert: false,
      error: 'detail.containers[1].exitCode: expected number, got string',
    });
    expect(io.err()).toBe('');
  });

  it('prints an aligned table with a count of alerting and invalid events by default', async () => {
    // Prepare
    const io = fakeIo();

    // Act
    const code = await command.run(
      [fixture('normal-stop--scale-in-exit-137'), fixture('health-check--elb-target-group')],
      io,
    );

    // Assess
    expect(code).toBe(0);
    const [header, first, second, , footer] = io.out().split('\n');
    expect(header).toMatch(/^INPUT\s+CATEGORY\s+SEVERITY\s+ALERT\s+SUMMARY$/);
    expect(first).toMatch(/normal-stop\s+none\s+no\s+A task of service orders-api/);
    expect(second).toMatch(/health-check\s+warning\s+yes\s+/);
    expect(header?.indexOf('CATEGORY')).toBe(first?.indexOf('normal-stop '));
    expect(footer).toBe('2 events: 1 alerting, 0 invalid.');
  });

  it('replaces control characters of untrusted text in the table', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'lookout-classify-'));
    const path = join(dir, 'ansi.json');
    const event = eventFixture('normal-stop--user-stop-task');
    (event.detail as Record<string, unknown>).stoppedReason = 'bye \u001b[2J\u001b[31mred';
    writeFileSync(path, JSON.stringify(event));
    const io = fakeIo();

    // Act
    await command.run([path], io);

    // Assess
    expect(io.out()).not.toContain('\u001b');
    expect(io.out()).toContain('bye ?[2J?[31mred');
  });

  it('reads events from stdin with -', async () => {
    const io = fakeIo({ stdin: '{"source":"aws.ec2","detail-type":"x","detail":{}}\n' });
    expect(await command.run(['--json', '-'], io)).toBe(0);
    expect(parseLines(io.out())).toEqual([expect.objectContaining({ input: 'stdin', category: 'unsupported' })]);
  });

  it('applies LOOKOUT_SEVERITY_OVERRIDES', async () => {
    const io = fakeIo({ env: { LOOKOUT_SEVERITY_OVERRIDES: 'normal-stop=warning' } });
    await command.run(['--json', fixture('normal-stop--user-stop-task')], io);
    expect(parseLines(io.out())[0]).toMatchObject({ severity: 'warning', alert: true });
  });

  it.each([
    // args, env, stderr
    [[], {}, 'give at least one PATH'],
    [['--verbose', 'x'], {}, "Unknown option '--verbose'"],
    [['/nonexistent/events.json'], {}, 'cannot read /nonexistent/events.json'],
    [['x'], { LOOKOUT_SEVERITY_OVERRIDES: 'oom=loud' }, 'LOOKOUT_SEVERITY_OVERRIDES: unknown severity "loud"'],
    [['-'], {}, 'stdin: empty input, expected JSON or JSON Lines events'],
    [[join(ROOT, 'shared/cli/commands')], {}, 'commands: no *.json or *.jsonl files in this directory'],
    [['--json', '--json', '-'], {}, '--json was given more than once'],
  ])('exits 2 for %j', async (args, env, message) => {
    const io = fakeIo({ env, stdin: '' });
    expect(await command.run(args, io)).toBe(2);
    expect(io.err()).toContain(message);
    expect(io.out()).toBe('');
  });

  it('works through the real entry point over the whole fixture folder', () => {
    // Act
    const result = spawnSync(process.execPath, ['shared/cli/bin.mjs', 'classify', '--json', 'test/fixtures/events'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOOKOUT_SEVERITY_OVERRIDES: '' },
    });

    // Assess
    expect(result.status).toBe(0);
    const lines = parseLines(result.stdout);
    const files = readdirSync(EVENT_FIXTURES_DIR).filter((name) => name.endsWith('.json'));
    expect(lines).toHaveLength(files.length);
    for (const line of lines) {
      const name = String(line.input).split('/').at(-1) ?? '';
      expect(line.category).toBe(name.split('--')[0]);
    }
  });
});
