import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAlert } from '../../../../shared/domain/alerts/build.js';
import { renderSlack } from '../../../../shared/domain/alerts/slack.js';
import { SLACK_LIMITS } from '../../../../shared/domain/alerts/slack-text.js';
import type { Alert } from '../../../../shared/domain/alerts/types.js';
import { makeAlert, makeIncident } from './incident-factory.js';
import { expectSafeSlack, sectionText, textsOf } from './slack-assertions.js';

const HOSTILE = [
  '<!channel>',
  '<!here|here>',
  '<@U012AB3CD>',
  '<#C024BE7LR>',
  '<https://evil.example|click here>',
  '<!subteam^S123|@oncall>',
  'a & b &amp; c &lt;',
  '```',
  '`inline`',
  '\u0000\u0007\u001b[31mred\u001b[0m\u202Eevil',
  '\uD83D',
  '*bold* _it_ ~strike~',
  'café ☕ 日本語 🔥',
];

function hostileAlert(extra: { logLines?: string[] } = {}): Alert {
  const text = HOSTILE.join(' ');
  const incident = makeIncident('app-exit', {
    cluster: `prod ${text}`,
    subject: { kind: 'service', name: `api ${text}` },
    notes: [`note ${text}`],
    facts: { container: `web ${text}`, reason: `boom ${text}`, service: `api ${text}` },
  });
  return buildAlert({ incident, transition: 'opened', logLines: extra.logLines ?? HOSTILE });
}

describe('Function: renderSlack with hostile input', () => {
  it('escapes every piece of event text: no pings, no links, no entity tricks', () => {
    const payload = renderSlack(hostileAlert());
    expectSafeSlack(payload);
    const all = JSON.stringify(payload);
    for (const token of ['<!channel>', '<!here', '<@U', '<#C', '<https://evil', '<!subteam'])
      expect(all).not.toContain(token);
    expect(sectionText(payload, 'Cause')).toContain('&lt;!channel&gt;');
    expect(sectionText(payload, 'Cause')).toContain('a &amp; b &amp;amp; c &amp;lt;');
  });

  it('keeps URLs from a stopped reason inert: escaped markup, and no mrkdwn object that would auto-link', () => {
    const reason = 'Essential container exited: see https://evil.example/x or <https://evil|click>';
    const incident = makeIncident('app-exit', { facts: { container: 'web', stoppedReason: reason, reason } });
    const payload = renderSlack(buildAlert({ incident, transition: 'opened', logLines: [reason] }));
    expectSafeSlack(payload);
    expect(JSON.stringify(payload)).not.toContain('<https://evil');
    expect(sectionText(payload, 'Cause')).toContain('https://evil.example/x or &lt;https://evil|click&gt;');
    const carrying = textsOf(payload).filter((text) => text.text.includes('evil'));
    expect(carrying.length).toBeGreaterThan(1);
    for (const text of textsOf(payload)) {
      if (text.type === 'mrkdwn') expect(text.verbatim, text.text).toBe(true);
    }
  });

  it('keeps log lines inside one code block whatever they contain', () => {
    const logs = sectionText(renderSlack(hostileAlert()), 'Last log lines') ?? '';
    const inside = logs.split('```')[1] ?? '';
    expect(logs.split('```')).toHaveLength(3);
    expect(inside).toContain('ˋˋˋ');
    expect(inside).toContain('café ☕ 日本語 🔥');
  });

  it('strips control characters, ANSI codes, bidi overrides and lone surrogates', () => {
    const all = textsOf(renderSlack(hostileAlert()))
      .map((text) => text.text)
      .join('\n');
    expect(all).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F\u202E]|\[31m/);
    expect(all).toContain('\uFFFD');
  });

  it('cuts a 1 MB reason with a visible marker', () => {
    const alert = makeAlert('deployment-failed');
    alert.cause = `Deployment failed: ${'<x> '.repeat(262_144)}`;
    const payload = renderSlack(alert);
    expectSafeSlack(payload);
    expect(sectionText(payload, 'Cause')?.endsWith('… (truncated)')).toBe(true);
    expect(payload.text.endsWith('… (truncated)')).toBe(true);
  });

  it('keeps the newest of 10,000 log lines and says how many were left out', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i} ${'x'.repeat(80)}`);
    const payload = renderSlack(makeAlert('oom', 'opened', { logLines: lines }));
    expectSafeSlack(payload);
    const logs = sectionText(payload, 'Last log lines') ?? '';
    expect(logs).toContain(`line 9999 `);
    expect(logs).not.toContain('line 0 ');
    expect(logs).toMatch(/… \(\d+ earlier lines not shown\)/);
  });

  it('cuts one enormous log line to a bounded length', () => {
    const logs = sectionText(
      renderSlack(makeAlert('oom', 'opened', { logLines: ['y'.repeat(100_000)] })),
      'Last log lines',
    );
    expect(logs?.length).toBeLessThan(600);
  });

  it('drops log lines before details, and keeps the cause, when the total budget runs out', () => {
    const alert = makeAlert('oom', 'opened', { logLines: Array.from({ length: 500 }, () => 'z'.repeat(300)) });
    alert.cause = 'c'.repeat(2990);
    alert.details = Array.from({ length: 100 }, (_, i) => `detail ${i} ${'d'.repeat(200)}`);
    const long = 'n'.repeat(250);
    alert.incident = {
      ...alert.incident,
      cluster: long,
      key: 'k'.repeat(600),
      subject: { kind: 'service', name: long },
    };
    alert.incident.lastFacts = { ...alert.incident.lastFacts, container: long };
    const payload = renderSlack(alert);
    expectSafeSlack(payload);
    expect(sectionText(payload, 'Cause')).toContain('c'.repeat(2990));
    expect(sectionText(payload, 'Details')).toBeDefined();
    const total = textsOf(payload).reduce((sum, text) => sum + text.text.length, 0);
    expect(total).toBeLessThanOrEqual(SLACK_LIMITS.totalBlockText);
  });

  it('stays within limits when names are enormous', () => {
    const huge = '<n>'.repeat(100_000);
    const incident = makeIncident('oom', {
      key: huge,
      cluster: huge,
      subject: { kind: 'service', name: huge },
      facts: { cluster: huge, service: huge, container: huge },
    });
    expectSafeSlack(renderSlack(buildAlert({ incident, transition: 'opened', logLines: [huge] })));
  });

  it('holds its guarantees for arbitrary text (property)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom(...HOSTILE));
    fc.assert(
      fc.property(
        text,
        text,
        fc.array(text, { maxLength: 30 }),
        fc.array(text, { maxLength: 5 }),
        (name, reason, logs, notes) => {
          const incident = makeIncident('app-exit', {
            subject: { kind: 'service', name },
            notes,
            facts: { container: name, reason, service: name },
          });
          expectSafeSlack(renderSlack(buildAlert({ incident, transition: 'opened', logLines: logs })));
        },
      ),
      { numRuns: 200 },
    );
  });
});
