import { describe, expect, it } from 'vitest';
import { buildHealthReport } from '../../../../shared/domain/report/build-report.js';
import { renderReport } from '../../../../shared/domain/report/render.js';
import { renderHtml } from '../../../../shared/domain/report/render-html.js';
import { escapeMarkdown, renderMarkdown } from '../../../../shared/domain/report/render-markdown.js';
import { escapeSlack, renderSlack } from '../../../../shared/domain/report/render-slack.js';
import { renderTable } from '../../../../shared/domain/report/render-table.js';
import type { ClusterSnapshot } from '../../../../shared/domain/report/snapshot.js';
import { cluster, instance, minutesAgo, NOW, POLICY, service } from '../../../fixtures/report/fleet.js';

const HOSTILE = 'evil<@U123>&<!channel>*bold*|pipe\u0007';
const stuck = (name: string) =>
  service({
    name,
    running: 0,
    events: [
      { at: minutesAgo(37), message: 'started' },
      { at: minutesAgo(90), message: 'has reached a steady state' },
    ],
  });
const report = (clusters: ClusterSnapshot[]) =>
  buildHealthReport({ clusters }, { now: NOW, windowMs: 3_600_000, incidents: [], policy: POLICY });

const sample = report([
  cluster({
    services: [stuck('api'), service({ name: 'web' })],
    instances: [instance(), instance({ arn: 'arn:x/d', status: 'DRAINING' })],
  }),
  cluster({ name: 'locked', error: 'AccessDeniedException: no' }),
  cluster({ name: 'calm' }),
]);

describe('Function: escapeSlack / escapeMarkdown', () => {
  it.each([
    { input: 'a & b', slack: 'a &amp; b', markdown: 'a &amp; b' },
    { input: '<!channel>', slack: '&lt;!channel&gt;', markdown: '&lt;!channel&gt;' },
    { input: '*x*|_y_', slack: '*x*|_y_', markdown: '\\*x\\*\\|\\_y\\_' },
    { input: 'line\nbreak\u0000', slack: 'line break', markdown: 'line break' },
  ])('$input', ({ input, slack, markdown }) => {
    expect(escapeSlack(input)).toBe(slack);
    expect(escapeMarkdown(input)).toBe(markdown);
  });
});

describe('Function: renderSlack', () => {
  it('puts the status first, then the ranked problems, then clusters with problems', () => {
    const message = renderSlack(sample);
    expect(message.text).toBe('ECS health: CRITICAL: 2 problems');
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':red_circle: ECS health: CRITICAL', emoji: true },
    });
    const texts = message.blocks.map((b) => ('text' in b ? b.text.text : 'elements' in b ? b.elements[0]?.text : ''));
    expect(texts[2]).toContain('1. :red_circle: *prod / api*: running 0 of 2 for 37 min');
    expect(texts.join('\n')).toContain('*locked*: UNKNOWN');
    expect(texts.at(-1)).toContain('Healthy: calm');
  });

  it('escapes every untrusted text', () => {
    const hostile = report([cluster({ name: HOSTILE, services: [stuck(HOSTILE)] })]);
    const json = JSON.stringify(renderSlack(hostile));
    expect(json).not.toContain('<@U123>');
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('evil&lt;@U123&gt;&amp;&lt;!channel&gt;');
    expect(json).not.toContain('\\u0007');
  });

  it('sends every mrkdwn text verbatim, so a bare URL from a service event stays plain text', () => {
    const message = renderSlack(report([cluster({ name: 'prod', services: [stuck('see https://evil.example/x')] })]));
    const texts = message.blocks.flatMap((b) => ('text' in b ? [b.text] : 'elements' in b ? b.elements : []));
    const mrkdwn = texts.filter((t) => t.type === 'mrkdwn');
    expect(mrkdwn.length).toBeGreaterThan(0);
    for (const text of mrkdwn) expect(text).toMatchObject({ verbatim: true });
    expect(JSON.stringify(message)).not.toContain('<https://evil.example');
  });

  it('stays within 50 blocks, 3,000 chars per section and the total text budget on a big fleet', () => {
    const big = report(
      Array.from({ length: 200 }, (_, c) =>
        cluster({
          name: `cluster-${c}`,
          services: Array.from({ length: 30 }, (_, s) => stuck(`svc-${s}-${'x'.repeat(60)}`)),
        }),
      ),
    );
    const message = renderSlack(big);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) {
      if (block.type === 'section') expect(block.text.text.length).toBeLessThanOrEqual(3000);
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(150);
    }
    expect(JSON.stringify(message.blocks).length).toBeLessThan(13_000);
    expect(JSON.stringify(message)).toContain('more clusters with problems');
  });
});

describe('Function: renderMarkdown', () => {
  it('writes the status, the ranked problems and a table of unhealthy services', () => {
    const text = renderMarkdown(sample);
    expect(text.startsWith('# ECS health: CRITICAL\n')).toBe(true);
    expect(text).toContain('1. **CRITICAL** prod / api: running 0 of 2 for 37 min');
    expect(text).toContain('| api | CRITICAL | 0/2 | COMPLETED | - | running 0 of 2 for 37 min |');
    expect(text).toContain('### locked: UNKNOWN');
    expect(text).toContain('Could not read this cluster: AccessDeniedException: no');
    expect(text).not.toContain('| web |');
  });

  it('escapes hostile names so they cannot break the table or inject HTML', () => {
    const text = renderMarkdown(report([cluster({ services: [stuck(HOSTILE)] })]));
    expect(text).toContain('evil&lt;@U123&gt;&amp;&lt;!channel&gt;\\*bold\\*\\|pipe');
  });
});

describe('Function: renderTable', () => {
  it('prints aligned cluster rows, problems and unhealthy services', () => {
    const lines = renderTable(sample).split('\n');
    expect(lines[0]).toBe(`ECS health: CRITICAL  (last 1h, ${NOW})`);
    expect(lines).toContain('CLUSTER  STATUS    SERVICES  UNHEALTHY  INSTANCES  DISCONN.  DRAINING  STANDALONE');
    expect(lines).toContain('prod     CRITICAL  2         1          2          0         1         0');
    expect(lines).toContain('  1.  CRITICAL  prod / api  running 0 of 2 for 37 min');
    expect(lines).toContain('locked: UNKNOWN, could not read: AccessDeniedException: no');
  });
});

describe('Function: renderReport', () => {
  it.each(['json', 'markdown', 'slack', 'table'] as const)('%s', (format) => {
    const output = renderReport(sample, format);
    if (format === 'json') expect(output).toBe(sample);
    else if (format === 'slack') expect(output).toHaveProperty('blocks');
    else expect(typeof output).toBe('string');
  });
});

describe('one vocabulary and correct plurals in every text renderer', () => {
  const single = report([cluster({ services: [service({ name: 'web' })], instances: [instance()] })]);
  const unreadable = report([
    cluster({ name: 'locked', error: 'AccessDeniedException: no' }),
    cluster({ name: 'calm' }),
  ]);

  it.each([
    ['table', (r: typeof single) => renderTable(r)],
    ['markdown', (r: typeof single) => renderMarkdown(r)],
    ['slack', (r: typeof single) => JSON.stringify(renderSlack(r))],
  ])('%s: "1 service · 1 instance · 0 task failures", never "1 services"', (_, render) => {
    const text = render(single);
    expect(text).toContain('1 cluster (1 HEALTHY) · 1 service · 1 instance · 0 task failures in');
    expect(text).not.toMatch(/\b1 (clusters|services|instances|task failures)\b/);
  });

  it.each([
    ['table', () => renderTable(unreadable), /1\.\s+UNKNOWN\s+locked\s+could not read/],
    ['markdown', () => renderMarkdown(unreadable), /1\. \*\*UNKNOWN\*\* locked: could not read/],
    ['slack', () => JSON.stringify(renderSlack(unreadable)), /1\. :white_circle: \*locked\*: could not read/],
    [
      'html',
      () => renderHtml(unreadable),
      /<li><span class="badge s-unknown">.*?<span>UNKNOWN<\/span><\/span> <span class="name">locked/,
    ],
  ])('%s: an unreadable cluster is UNKNOWN in its ranked problem too, never DEGRADED', (_, render, expected) => {
    const text = render();
    expect(text).toMatch(expected);
    expect(text).not.toMatch(/DEGRADED\**:?\s+\**locked/);
  });
});
