import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../shared/cli/main.js';
import { fakeIo } from './fake-io.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
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
    expect(out.at(-1)).toEqual({
      summary: { events: 26, duplicates: 2, invalid: 0, incidents: 3, alerts: 12, remediations: 3 },
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
    expect(run.stdout).toMatch(/escalated .*crash loop/);
    expect(run.stdout).toMatch(/Incidents opened: 3/);
    expect(run.stdout).toMatch(/one-message-per-event forwarder would have sent 25 messages/);
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
