import { describe, expect, it } from 'vitest';
import { buildHealthReport } from '../../../../shared/domain/report/build-report.js';
import { esc } from '../../../../shared/domain/report/html/escape.js';
import { sparkline } from '../../../../shared/domain/report/html/sparkline.js';
import { statusBadge } from '../../../../shared/domain/report/html/status.js';
import { renderReport } from '../../../../shared/domain/report/render.js';
import { renderHtml } from '../../../../shared/domain/report/render-html.js';
import type { ClusterStatus, HealthReport } from '../../../../shared/domain/report/types.js';
import { cluster, minutesAgo, NOW, POLICY, service } from '../../../fixtures/report/fleet.js';
import { HOSTILE_NAME, pageReport } from '../../../fixtures/report/page-report.js';

const report = pageReport();
const html = renderHtml(report);

/** The markup between an element that contains `marker` and the end of that tile/section. */
function tileOf(name: string): string {
  const start = html.indexOf(`>${name}</a>`);
  return html.slice(start, html.indexOf('</li>', start));
}

describe('Function: renderHtml', () => {
  it('is one self-contained page: no script, no external resource, only in-page links', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/<[^>]*\ssrc=/i);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual([
      '#cluster-1',
      '#cluster-2',
      '#cluster-3',
      '#cluster-4',
    ]);
    // The policy forbids loading anything, so even markup that slipped through could not fetch or run.
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
  });

  it('escapes hostile names everywhere they appear', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('\u202E');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(html).toContain(`<span class="name">${esc(HOSTILE_NAME, 120)}</span>`);
    // Every tag in the page is one the renderer writes.
    const tags = new Set([...html.matchAll(/<([a-z][a-z0-9]*)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(
      [
        'a',
        'article',
        'body',
        'circle',
        'div',
        'footer',
        'h1',
        'h2',
        'h3',
        'head',
        'header',
        'html',
        'li',
        'line',
        'main',
        'meta',
        'ol',
        'p',
        'path',
        'rect',
        'section',
        'span',
        'strong',
        'style',
        'svg',
        'table',
        'tbody',
        'td',
        'th',
        'thead',
        'time',
        'title',
        'tr',
        'ul',
      ].sort(),
    );
  });

  it.each([
    { cluster: 'prod', status: 'CRITICAL', says: ['1 of 4 services healthy', '1 instance lost', '1 open incident'] },
    { cluster: 'staging', status: 'DEGRADED', says: ['1 of 2 services healthy', '1 task failure'] },
    { cluster: 'tools', status: 'HEALTHY', says: ['1 of 1 service healthy'] },
    { cluster: 'locked', status: 'UNKNOWN', says: ['Could not read this cluster: AccessDeniedException'] },
  ])('gives $cluster a tile that says $status in words, with its shape', ({ cluster, status, says }) => {
    const tile = tileOf(cluster);
    expect(tile).toContain(`s-${status.toLowerCase()}`);
    expect(tile).toContain(`<span>${status}</span>`);
    expect(tile).toContain('<svg class="icon"');
    for (const text of says) expect(tile).toContain(text);
  });

  it('lists the ranked problems in the report order', () => {
    const list = html.slice(
      html.indexOf('<ol class="problems">'),
      html.indexOf('</ol>', html.indexOf('class="problems"')),
    );
    const items = list.split('<li>').slice(1);
    expect(items).toHaveLength(report.topProblems.length);
    expect(items[0]).toContain('<span>CRITICAL</span>');
    expect(items[0]).toContain('prod / api');
    expect(items[0]).toContain(esc(report.topProblems[0]!.text));
  });

  it('draws a sparkline per service with failures, one bar per bucket, described in words', () => {
    const api = html.slice(html.indexOf('<span class="name">api</span></div></td>'));
    const svg = api.slice(api.indexOf('<svg class="spark"'), api.indexOf('</svg>', api.indexOf('<svg class="spark"')));
    expect(svg.match(/<rect /g)).toHaveLength(12);
    expect(svg).toContain('aria-label="11 task failures in 12 buckets of 5 min; most 4 from 11:55 UTC"');
    // web is healthy with no failures: no row of its own, counted instead.
    expect(html).not.toContain('<span class="name">web</span>');
    expect(html).toContain('1 other service healthy, no task failures.');
  });

  it('lists the standalone task families that failed, each with its sparkline, and none when none failed', () => {
    // Prepare
    const withJobs = buildHealthReport(
      {
        clusters: [cluster({ services: [service()] })],
        metrics: {
          taskFailures: [
            { cluster: 'prod', service: 'family:<b>nightly</b>', category: 'oom', count: 3, buckets: [1, 0, 2] },
          ],
          lostInstances: [],
          deploymentFailures: [],
          buckets: { start: minutesAgo(15), ms: 300_000, count: 3 },
        },
      },
      { now: NOW, windowMs: 3_600_000, incidents: [], policy: POLICY },
    );

    // Act
    const page = renderHtml(withJobs);

    // Assess
    const jobs = page.slice(page.indexOf('>Task family</th>'));
    expect(jobs).toContain(`<span class="name">${esc('<b>nightly</b>', 120)}</span>`);
    expect(jobs).toContain('3 OOM kills');
    expect(jobs).toContain('aria-label="3 task failures in 3 buckets of 5 min');
    expect(html).not.toContain('>Task family</th>');
  });

  it('shows the open incident with its timeline in time order', () => {
    const incident = html.slice(html.indexOf('<article class="incident'), html.indexOf('</article>'));
    expect(incident).toContain('prod / api');
    expect(incident).toContain('11 failures, latest OOM kill, since');
    const times = [...incident.matchAll(/<li><time datetime="([^"]+)">[^<]+<\/time>: ([^<]+)<\/li>/g)];
    expect(times.map((m) => m[2])).toEqual([
      'Opened: oom, critical',
      'Task failure',
      'Task failure',
      'Task failure',
      'Task failure',
      'Task failure',
      'Escalated to critical',
      'Last alert sent (escalated)',
      'Task failure',
    ]);
    const at = times.map((m) => Date.parse(m[1]!));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(incident).toContain('replacement over budget: 3 of 3 in 1 h');
  });

  it('says where incidents come from when the report has none', () => {
    const quiet: HealthReport = {
      ...report,
      clusters: report.clusters.map((c) => ({
        ...c,
        openIncidents: [],
        services: c.services.map((s) => ({ ...s, openIncidents: [] })),
      })),
    };
    expect(renderHtml(quiet)).toContain('No open incidents in this report. Incidents come from the state table');
  });

  it('lists the disconnected and draining instances and the lost count', () => {
    const section = html.slice(html.indexOf('<h2>Instances'), html.indexOf('<h2>Services'));
    expect(section).toContain('gone-1');
    expect(section).toContain('<strong>agent disconnected</strong> since <time datetime="2026-08-20T11:46:00.000Z">');
    expect(section).toContain('drain-1');
    expect(section).toContain('draining');
    expect(section).toContain('<span class="name">prod</span>: 1 instance lost');
  });

  it('is what renderReport returns for the html format', () => {
    expect(renderReport(report, 'html')).toBe(html);
  });
});

describe('Function: statusBadge', () => {
  it.each<ClusterStatus>(['HEALTHY', 'DEGRADED', 'CRITICAL', 'UNKNOWN'])(
    'writes %s as a word beside a shape',
    (status) => {
      expect(statusBadge(status)).toMatch(
        new RegExp(
          `^<span class="badge s-${status.toLowerCase()}"><svg [^>]*aria-hidden="true"[^>]*>.+</svg><span>${status}</span></span>$`,
        ),
      );
    },
  );

  it('gives every status its own shape', () => {
    const shapes = (['HEALTHY', 'DEGRADED', 'CRITICAL', 'UNKNOWN'] as const).map((s) =>
      statusBadge(s)
        .split('<span>')[0]!
        .replace(/s-[a-z]+/, ''),
    );
    expect(new Set(shapes).size).toBe(4);
  });
});

describe('Function: sparkline', () => {
  it.each([
    { name: 'no series, no failures', series: undefined, total: 0, has: 'aria-label="no task failures in the window"' },
    { name: 'no series but failures', series: undefined, total: 3, has: 'no series' },
    {
      name: 'all zero',
      series: { start: '2026-08-20T11:00:00.000Z', bucketMs: 300_000, counts: [0, 0] },
      total: 0,
      has: 'aria-label="no task failures in the window"',
    },
    {
      name: 'one peak',
      series: { start: '2026-08-20T11:00:00.000Z', bucketMs: 3_600_000, counts: [0, 1, 5] },
      total: 6,
      has: 'most 5 from 13:00 UTC',
    },
  ])('$name', ({ series, total, has }) => {
    expect(sparkline(series, total)).toContain(has);
  });

  it('scales the tallest bar to the height and keeps a failure visible', () => {
    const svg = sparkline({ start: '2026-08-20T11:00:00.000Z', bucketMs: 300_000, counts: [1, 100, 0] }, 101);
    const heights = [...svg.matchAll(/height="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(heights).toEqual([3, 22, 1]);
  });
});
