import { describe, expect, it } from 'vitest';
import type { Alert, ChannelName } from '../../../shared/domain/alerts/types.js';
import { boundedExcerpt } from '../../../shared/domain/incidents/log-excerpt.js';
import type { AlertChannel, DeliveryResult } from '../../../shared/ports/alert-channel.js';
import type { LogExcerpts } from '../../../shared/ports/log-excerpts.js';
import { handleEvent } from '../../../shared/use-cases/handle-event.js';
import { runSweep } from '../../../shared/use-cases/sweep.js';
import { demoEvents, testDeps, variant } from '../../helpers/pipeline.js';

const demo = demoEvents();
// Demo line 4: orders-api task, essential container "api" exited 1.
const crash = demo[3] as Record<string, unknown>;
const crashAt = Date.parse(String(crash.time));
const minute = (m: number) => new Date(crashAt + m * 60_000).toISOString();

/** A channel that answers as the real adapter does for an HTTP status (`ok` when the status is 200), per call. */
function scriptedChannel(name: ChannelName, status: (call: number, alert: Alert) => number) {
  const sent: Alert[] = [];
  const tried: string[] = [];
  let calls = 0;
  const channel: AlertChannel = {
    name,
    async send(alert): Promise<DeliveryResult> {
      tried.push(alert.transition);
      const code = status(calls++, alert);
      if (code === 200) {
        sent.push(alert);
        return { channel: name, ok: true, attempts: 1 };
      }
      if (code === 404) return { channel: name, ok: false, attempts: 1, error: 'HTTP 404 no_service', permanent: true };
      return { channel: name, ok: false, attempts: 6, error: `HTTP ${code} internal_error; deadline reached` };
    },
  };
  return { channel, sent, tried, calls: () => calls };
}

/** The crash at minute 0, then a sweep every minute until `until` (minutes). */
async function crashThenSweeps(slackStatus: (call: number, alert: Alert) => number, until: number) {
  const slack = scriptedChannel('slack', slackStatus);
  const sns = scriptedChannel('sns', () => 200);
  const { deps, metrics } = testDeps({}, { channels: [slack.channel, sns.channel] });
  await handleEvent(deps, crash, 'crash');
  for (let m = 1; m <= until; m++) await runSweep(deps, minute(m));
  return { deps, metrics, slack, sns };
}

describe('Function: deliverAlerts, a channel that keeps failing', () => {
  it.each([
    // revoked webhook (404 no_service): one attempt per transition, given up at once
    { name: 'revoked webhook', status: 404, attempts: [1, 1], abandoned: 2 },
    // Slack answering 500 for hours: attempts at 0, 2, 6 and 14 min, then 'resolved' (quiet, at 30 min)
    // supersedes 'opened'; 'resolved' gets 6 attempts over about 46 min and is given up
    { name: 'Slack down for hours', status: 500, attempts: [4, 6], abandoned: 1 },
  ])('$name → attempts $attempts (opened, resolved); SNS got each once', async (row) => {
    const { deps, metrics, slack, sns } = await crashThenSweeps(() => row.status, 180);
    const perTransition = (t: string) => slack.tried.filter((tried) => tried === t).length;
    expect([perTransition('opened'), perTransition('resolved')]).toEqual(row.attempts);
    expect(sns.sent.map((a) => a.transition)).toEqual(['opened', 'resolved']);
    expect(metrics.total('AlertsAbandoned', { Channel: 'slack' })).toBe(row.abandoned);
    expect(metrics.total('AlertsAbandoned', { Channel: 'sns' })).toBe(0);
    expect(await deps.store.listPendingOutboxes()).toEqual([]);
  });

  it('delivers late after a short outage, with backoff, and only once', async () => {
    // Slack fails the first 3 calls (the event's and two sweep retries), then recovers.
    const { slack } = await crashThenSweeps((call) => (call < 3 ? 500 : 200), 20);
    expect(slack.sent.map((a) => a.transition)).toEqual(['opened']);
    expect(slack.calls()).toBe(4);
  });

  it('never sends a superseded transition late: after recovery only the current one goes out', async () => {
    const slack = scriptedChannel('slack', (_call, alert) => (alert.transition === 'opened' ? 500 : 200));
    const sns = scriptedChannel('sns', () => 200);
    const { deps } = testDeps({}, { channels: [slack.channel, sns.channel] });
    await handleEvent(deps, crash, 'crash');
    // Two more crashes within the window: the incident escalates while 'opened' still waits for Slack.
    await handleEvent(deps, variant(crash, 2, minute(1)), 'crash 2');
    await handleEvent(deps, variant(crash, 3, minute(1.5)), 'crash 3');
    for (let m = 2; m <= 20; m++) await runSweep(deps, minute(m));
    expect(slack.sent.map((a) => a.transition)).toEqual(['escalated']);
    expect(sns.sent.map((a) => a.transition)).toEqual(['opened', 'escalated']);
  });

  it('does not push the incident expiry forward at each failed attempt', async () => {
    const slack = scriptedChannel('slack', () => 500);
    const sns = scriptedChannel('sns', () => 200);
    const { deps } = testDeps({}, { channels: [slack.channel, sns.channel] });
    const expiries: number[] = [];
    const put = deps.store.putIncident.bind(deps.store);
    deps.store.putIncident = async (incident, rev, expiresAt) => {
      expiries.push(expiresAt);
      return put(incident, rev, expiresAt);
    };
    await handleEvent(deps, crash, 'crash');
    for (let m = 1; m <= 25; m++) await runSweep(deps, minute(m));
    expect(expiries.length).toBeGreaterThan(4);
    expect(new Set(expiries).size).toBe(1);
  });
});

describe('Function: deliverAlerts, log excerpts kept with the incident', () => {
  it('re-sends from the sweep with the excerpt read once by the event, never reading logs in the sweep', async () => {
    const reads: string[] = [];
    const logs: LogExcerpts = {
      async lastLines(input) {
        reads.push(input.taskArn);
        return {
          lines: ['Error: connect ECONNREFUSED 10.0.0.5:5432', 'exiting'],
          consoleUrl: 'https://logs.example/x',
        };
      },
    };
    // Slack fails the event's attempt, then takes the sweep's re-send.
    const slack = scriptedChannel('slack', (call) => (call === 0 ? 500 : 200));
    const sns = scriptedChannel('sns', () => 200);
    const { deps } = testDeps({}, { channels: [slack.channel, sns.channel], logs });
    await handleEvent(deps, crash, 'crash');
    for (let m = 1; m <= 5; m++) await runSweep(deps, minute(m));
    expect(reads).toHaveLength(1);
    expect(slack.sent.map((a) => a.logLines)).toEqual([['Error: connect ECONNREFUSED 10.0.0.5:5432', 'exiting']]);
    expect(sns.sent[0]?.logLines).toEqual(slack.sent[0]?.logLines);
  });
});

describe('Function: boundedExcerpt', () => {
  it.each([
    // a short excerpt is kept as is
    { lines: ['a', 'b'], kept: 2, longest: 1 },
    // the last 20 lines only
    { lines: Array.from({ length: 30 }, (_, i) => `line ${i}`), kept: 20, longest: 7 },
    // each line clipped to 500 characters, 4,000 in all (the last lines win)
    { lines: Array.from({ length: 12 }, () => 'x'.repeat(900)), kept: 8, longest: 500 },
  ])('$lines.length lines → $kept kept', ({ lines, kept, longest }) => {
    const excerpt = boundedExcerpt('arn:task/1', lines);
    expect(excerpt.lines).toHaveLength(kept);
    expect(Math.max(...excerpt.lines.map((l) => l.length))).toBe(longest);
    expect(excerpt.lines.join('').length).toBeLessThanOrEqual(4_000);
    expect(excerpt.lines.at(-1)?.slice(0, 4)).toBe(lines.at(-1)?.slice(0, 4));
  });
});
