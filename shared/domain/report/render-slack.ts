import { pageLink } from './page-link.js';
import { headline, instancesText, problemStatus, unhealthyServices, whereText } from './render-common.js';
import { cleanText, plural } from './text.js';
import type { ClusterReport, ClusterStatus, HealthReport } from './types.js';

/** A mrkdwn text object; always verbatim, so a bare URL in a service event message is not turned into a link. */
export type MrkdwnText = { type: 'mrkdwn'; text: string; verbatim: true };

/** A Block Kit block of the kinds the report uses. */
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'section'; text: MrkdwnText }
  | { type: 'context'; elements: MrkdwnText[] }
  | { type: 'divider' };

/** An incoming-webhook payload: fallback text plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

// Slack: ≤ 50 blocks, ≤ 3,000 chars per section, header ≤ 150; ~13k chars of block text fails with
// msg_blocks_too_long (bolt-js#2509), so the whole message stays under a safer budget.
const MAX_BLOCKS = 50;
const SECTION_MAX = 3_000;
const TEXT_BUDGET = 11_000;
const SERVICES_PER_CLUSTER = 8;

const EMOJI: Record<ClusterStatus, string> = {
  CRITICAL: ':red_circle:',
  DEGRADED: ':large_orange_circle:',
  UNKNOWN: ':white_circle:',
  HEALTHY: ':large_green_circle:',
};

/** Escapes the three characters Slack mrkdwn treats as markup (`&`, `<`, `>`), after cleaning controls. */
export function escapeSlack(text: string, max = 500): string {
  return cleanText(text, max).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Appends lines while they fit in `max` characters; says how many did not. */
function fitLines(lines: string[], max: number, more: (left: number) => string): string {
  let text = '';
  for (let i = 0; i < lines.length; i += 1) {
    const next = text ? `${text}\n${lines[i]}` : lines[i]!;
    const tail = i + 1 < lines.length ? `\n${more(lines.length - i - 1)}` : '';
    if (next.length + tail.length > max) return `${text}\n${more(lines.length - i)}`.trim();
    text = next;
  }
  return text;
}

function clusterText(cluster: ClusterReport): string {
  const lines = [`${EMOJI[cluster.status]} *${escapeSlack(cluster.name, 120)}*: ${cluster.status}`];
  if (cluster.error !== undefined) return `${lines[0]}\nCould not read: ${escapeSlack(cluster.error, 300)}`;
  lines.push(escapeSlack(instancesText(cluster)));
  for (const reason of cluster.reasons) lines.push(`• ${escapeSlack(reason.text)}`);
  const unhealthy = unhealthyServices(cluster);
  for (const service of unhealthy.slice(0, SERVICES_PER_CLUSTER)) {
    const why = service.reasons.filter((reason) => reason.impact !== 'info')[0]?.text ?? '';
    lines.push(`${EMOJI[service.status]} *${escapeSlack(service.name, 120)}*: ${escapeSlack(why, 300)}`);
  }
  if (unhealthy.length > SERVICES_PER_CLUSTER) lines.push(`…and ${unhealthy.length - SERVICES_PER_CLUSTER} more`);
  lines.push(`${cluster.services.length - unhealthy.length} of ${plural(cluster.services.length, 'service')} healthy`);
  return fitLines(lines, SECTION_MAX, (left) => `…${left} more lines`);
}

const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text, verbatim: true });
const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): SlackBlock => ({ type: 'context', elements: [mrkdwn(text)] });

/** Renders the report as Slack Block Kit: most important first, within Slack's block and text limits. */
export function renderSlack(report: HealthReport): SlackMessage {
  const title = `ECS health: ${report.status}`;
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `${EMOJI[report.status]} ${title}`, emoji: true } },
    context(escapeSlack(`${headline(report)} · last ${report.window.label} · ${report.generatedAt}`, 2_000)),
  ];
  const link = pageLink(report);
  // Slack reads &amp; back as & inside a link; the URL has no <, > or | (pageLink checks). A text object holds
  // at most 3,000 characters: a longer link (a long session token) is left to the e-mail digest.
  if (link && link.url.length <= 2_800)
    blocks.push(context(`<${link.url.replace(/&/g, '&amp;')}|Open the health page> (link valid until ${link.until})`));
  const problems = report.topProblems.map(
    (p) => `${p.rank}. ${EMOJI[problemStatus(p)]} *${escapeSlack(whereText(p), 250)}*: ${escapeSlack(p.text, 300)}`,
  );
  blocks.push(
    section(
      problems.length
        ? fitLines(['*Top problems*', ...problems], SECTION_MAX, (n) => `…${n} more`)
        : 'No problems found.',
    ),
  );
  let used = blocks.reduce((sum, block) => sum + JSON.stringify(block).length, 0);
  const clusters = report.clusters.filter((cluster) => cluster.status !== 'HEALTHY');
  const tail: string[] = [];
  let shown = 0;
  for (const cluster of clusters) {
    const block = section(clusterText(cluster));
    const size = JSON.stringify(block).length;
    // Keep two blocks for the healthy list and the notes.
    if (blocks.length + 1 > MAX_BLOCKS - 2 || used + size > TEXT_BUDGET) break;
    if (shown === 0) blocks.push({ type: 'divider' });
    blocks.push(block);
    used += size;
    shown += 1;
  }
  if (shown < clusters.length)
    tail.push(
      `…and ${plural(clusters.length - shown, 'more cluster', 'more clusters')} with problems (see the JSON report)`,
    );
  const healthy = report.clusters
    .filter((cluster) => cluster.status === 'HEALTHY')
    .map((c) => escapeSlack(c.name, 120));
  if (healthy.length > 0) tail.push(`${EMOJI.HEALTHY} Healthy: ${healthy.join(', ')}`);
  if (tail.length > 0) blocks.push(context(fitLines(tail, 2_000, (n) => `…${n} more`)));
  if (report.notes.length > 0)
    blocks.push(
      context(
        fitLines(
          report.notes.map((n) => escapeSlack(n)),
          2_000,
          (n) => `…${n} more notes`,
        ),
      ),
    );
  const fallback = `${title}: ${report.topProblems.length} problem${report.topProblems.length === 1 ? '' : 's'}`;
  return { text: fallback, blocks };
}
