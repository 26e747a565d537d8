import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../shared/cli/main.js';
import { fakeIo } from './fake-io.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DEMO = join(ROOT, 'test/fixtures/demo/bad-deploy-day.jsonl');

/** A file in a fresh temporary directory. */
function writeTemp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lookout-replay-')), name);
  writeFileSync(path, text);
  return path;
}
const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('Command: replay', () => {
  it('prints one JSON line per effect with the documented fields, then the summary', async () => {
    // Prepare
    const io = fakeIo();

    // Act
    const code = await main(['replay', '--json', '--demo'], io);

    // Assess
    expect(code).toBe(0);
    const out = lines(io.out());
    const kinds = new Set(out.map((line) => line.effect ?? 'summary'));
    expect([...kinds].sort()).toEqual(['alert', 'decision', 'metric', 'remediation', 'summary']);
    expect(out.find((l) => l.effect === 'decision')).toEqual({
      effect: 'decision',
      input: expect.stringMatching(/bad-deploy-day\.jsonl#0$/),
      category: 'deployment-started',
      reason: 'ignored',
      incident: null,
      detail: expect.any(String),
    });
    expect(Object.keys(out.find((l) => l.effect === 'alert') ?? {}).sort()).toEqual(
      ['category', 'channel', 'effect', 'incident', 'severity', 'title', 'transition'].sort(),
    );
    expect(Object.keys(out.find((l) => l.effect === 'remediation') ?? {}).sort()).toEqual(
      ['action', 'clientToken', 'effect', 'mode', 'outcome', 'reason', 'target'].sort(),
    );
    const remediations = out.filter((l) => l.effect === 'remediation');
    expect(out.at(-1)).toEqual({
      summary: {
        events: 26,
        duplicates: 2,
        invalid: 0,
        incidents: out.filter((l) => l.effect === 'decision' && l.reason === 'first').length,
        alerts: out.filter((l) => l.effect === 'alert').length,
        remediations: remediations.filter((l) => l.outcome === 'would-start').length,
        alreadyHandled: remediations.filter((l) => l.outcome === 'already-done').length,
        notTaken: 0,
        sent: false,
      },
    });
  });

  it('takes remediation settings from the same LOOKOUT_* variables as the Lambdas', async () => {
    const io = fakeIo({ env: { LOOKOUT_REMEDIATION_MODE: 'off' } });
    await main(['replay', '--json', '--demo'], io);
    expect(lines(io.out()).filter((l) => l.effect === 'remediation')).toEqual([]);
  });

  it.each([
    [['replay'], /give at least one PATH/],
    [['replay', '/nonexistent/events.json'], /nonexistent/],
    [['replay', '--bogus', 'x'], /Unknown option/],
  ])('exits 2 with a one-line message for %j', async (args, message) => {
    const io = fakeIo();
    expect(await main(args, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  it('replays JSON Lines as it reads them and stops at a line that is not JSON, as jq does', async () => {
    // Prepare: the demo (09:00 to 09:55), then a broken line
    const demo = readFileSync(DEMO, 'utf8').trimEnd();
    const file = writeTemp('cut.jsonl', `${demo}\n{"time": oops}\n`);
    const io = fakeIo();

    // Act
    const code = await main(['replay', '--json', file], io);

    // Assess: exit 2 naming the line; the events read before it more than the 5-minute window earlier were
    // replayed and printed; the ones still held and the summary were not
    expect(code).toBe(2);
    expect(io.err().trim()).toBe(`ecs-lookout replay: ${file} line 27, column 10: invalid JSON (unexpected "o")`);
    const inputs = lines(io.out()).map((line) => line.input);
    expect(inputs).toContain(`${file}#0`);
    expect(inputs).toContain(`${file}#19`);
    expect(inputs).not.toContain(`${file}#25`);
    expect(io.out()).not.toContain('"summary"');
  });

  it('exits 2 naming the variable when the configuration is unusable', async () => {
    const io = fakeIo({ env: { LOOKOUT_DISCONNECT_GRACE: 'soon' } });
    expect(await main(['replay', '--demo'], io)).toBe(2);
    expect(io.err()).toMatch(/LOOKOUT_DISCONNECT_GRACE/);
  });

  it('runs as `npm start` does, from the real entry point, and prints the timeline and summary', () => {
    const run = spawnSync(process.execPath, ['shared/cli/bin.mjs', 'replay', '--demo'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith('── 2026-11-27 ──\n09:00:00  deployment-started')).toBe(true);
    expect(run.stdout).toMatch(
      /\nAlerts it would send: \d+ \(\d+ incident transitions to Slack and SNS; nothing was sent\)\n/,
    );
    // The Spot job's redelivered stop finds its replacement already claimed: a no-op, not a remediation.
    expect(run.stdout).toMatch(/\nRemediations it would perform: 2 \(1 already handled: not counted\)\n/);
    expect(run.stdout).toMatch(/one-message-per-event forwarder would have sent 25 messages per channel/);
    expect(run.stdout).not.toMatch(/delivered/i);
    // Nothing on stderr: the entry's V8 setting (boundHeapGrowth) is one this Node knows, or V8 would say so there.
    expect(run.stderr).toBe('');
  });

  it('shows the date whenever it changes and lists invalid events apart, not at a made-up time', async () => {
    // Prepare: a failure before midnight, its repeat after, and two events that are not valid ECS events
    const [first] = readFileSync(DEMO, 'utf8')
      .split('\n')
      .slice(3, 4)
      .map((line) => JSON.parse(line));
    const late = { ...first, id: 'late', time: '2026-11-27T23:59:00Z' };
    const early = {
      ...first,
      id: 'early',
      time: '2026-11-28T00:01:00Z',
      detail: { ...first.detail, taskArn: `${first.detail.taskArn}2` },
    };
    const file = writeTemp(
      'two-days.jsonl',
      [late, early, { id: 'no-envelope' }].map((e) => JSON.stringify(e)).join('\n'),
    );
    const io = fakeIo();

    // Act
    const code = await main(['replay', file], io);

    // Assess
    expect(code).toBe(0);
    const out = io.out();
    expect(out.indexOf('── 2026-11-27 ──\n23:59:00  app-exit')).toBeGreaterThanOrEqual(0);
    expect(out.indexOf('── 2026-11-28 ──\n00:01:00  app-exit')).toBeGreaterThan(out.indexOf('23:59:00'));
    expect(out).toContain(`\n1 invalid event (not replayed):\n  ${file}#2: source: required field is missing\n`);
    expect(out).not.toMatch(/^\d\d:\d\d:\d\d\s+invalid/m);
    expect(out).toContain('Events: 3 (0 duplicate or stale, 1 invalid)');
  });

  it('keeps control characters from the input off the terminal', async () => {
    // Prepare: a cluster name carrying an escape sequence that would clear the screen, and a bell
    const [first] = readFileSync(DEMO, 'utf8')
      .split('\n')
      .slice(3, 4)
      .map((line) => JSON.parse(line));
    const hostile = JSON.parse(
      JSON.stringify(first).replaceAll(':cluster/prod', ':cluster/prod\\u001b[2J\\u0007\\u009b31m'),
    );
    const file = writeTemp('hostile.json', JSON.stringify(hostile));
    const io = fakeIo();

    // Act
    await main(['replay', file], io);

    // Assess
    expect(io.out()).toContain('prod[2J31m/orders-api');
    expect(io.out() + io.err()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('Command: preview', () => {
  it('prints the Slack payload of each alerting event, escaped, and nothing for normal churn', async () => {
    const io = fakeIo();
    const code = await main(['preview', '--channel', 'slack', 'test/fixtures/demo/bad-deploy-day.jsonl'], io);
    expect(code).toBe(0);
    const headers = io
      .out()
      .split('\n')
      .filter((l) => l.startsWith('--- '));
    expect(headers.every((h) => h.startsWith('--- slack'))).toBe(true);
    expect(headers.some((h) => h.includes('#3 · opened'))).toBe(true);
    expect(headers.some((h) => h.includes('#2 '))).toBe(false);
  });

  it('prints the SNS Publish input with Subject and MessageAttributes', async () => {
    const io = fakeIo();
    await main(['preview', '--channel', 'sns', 'test/fixtures/demo/bad-deploy-day.jsonl'], io);
    const first = io.out().split('\n--- ')[0]!.split('\n').slice(1).join('\n');
    const payload = JSON.parse(first) as { Subject: string; MessageAttributes: Record<string, unknown> };
    expect(payload.Subject.length).toBeLessThanOrEqual(100);
    expect(Object.keys(payload.MessageAttributes)).toEqual(expect.arrayContaining(['severity', 'transition']));
  });

  it('rejects an unknown channel with exit 2', async () => {
    const io = fakeIo();
    expect(await main(['preview', '--channel', 'email', 'x.json'], io)).toBe(2);
  });
});
