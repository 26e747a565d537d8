import { describe, expect, it } from 'vitest';
import { buildHealthReport } from '../../../../shared/domain/report/build-report.js';
import { renderMarkdown } from '../../../../shared/domain/report/render-markdown.js';
import { renderSlack } from '../../../../shared/domain/report/render-slack.js';
import type { HealthReport } from '../../../../shared/domain/report/types.js';
import { cluster, NOW, POLICY } from '../../../fixtures/report/fleet.js';

const SIGNED =
  'https://pages.s3.eu-west-1.amazonaws.com/reports/2026-08-20/x.html?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIA%2F20260820%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Signature=ab12';

function withPage(url: string | undefined): HealthReport {
  const report = buildHealthReport(
    { clusters: [cluster()] },
    { now: NOW, windowMs: 86_400_000, incidents: [], policy: POLICY },
  );
  return url === undefined ? report : { ...report, page: { url, expiresAt: '2026-08-20T20:00:00.000Z' } };
}

describe('Health page link in the digest', () => {
  it('puts the link unescaped in the Markdown (SNS e-mail) as an autolink with its expiry', () => {
    expect(renderMarkdown(withPage(SIGNED))).toContain(
      `Health page (link valid until 2026-08-20 20:00 UTC): <${SIGNED}>`,
    );
  });

  it('links it in Slack with & written as &amp;, right under the headline', () => {
    const blocks = renderSlack(withPage(SIGNED)).blocks;
    expect(blocks[2]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          verbatim: true,
          text: `<${SIGNED.replace(/&/g, '&amp;')}|Open the health page> (link valid until 2026-08-20 20:00 UTC)`,
        },
      ],
    });
  });

  it.each([
    { name: 'no page', url: undefined },
    { name: 'not https', url: 'http://pages.example/x.html' },
    { name: 'markup in the URL', url: 'https://x.example/a>b|<!channel>' },
    { name: 'whitespace', url: 'https://x.example/a b' },
  ])('shows no link for $name', ({ url }) => {
    expect(renderMarkdown(withPage(url))).not.toContain('Health page');
    expect(JSON.stringify(renderSlack(withPage(url)))).not.toContain('Open the health page');
  });

  it('leaves a link too long for a Slack text object to the e-mail', () => {
    const long = `${SIGNED}&X-Amz-Security-Token=${'A'.repeat(3_000)}`;
    expect(JSON.stringify(renderSlack(withPage(long)))).not.toContain('Open the health page');
    expect(renderMarkdown(withPage(long))).toContain(long);
  });
});
