import { resourceIdFromArn } from '../arn.js';
import { CATEGORY_LABELS, instanceLabel, TRANSITION_LABELS } from './labels.js';
import { escapeSlack, escapeSlackCode, escapeWithin, fitLines, SLACK_LIMITS, slackLink } from './slack-text.js';
import { formatUtc, oneLine } from './text.js';
import type { Alert, AlertLinks } from './types.js';

/** A mrkdwn or plain text object. */
export interface SlackText {
  type: 'mrkdwn' | 'plain_text';
  text: string;
  emoji?: boolean;
  /** mrkdwn only: true turns off Slack's auto-linking of bare URLs, channel names and mentions. */
  verbatim?: boolean;
}

/** The Block Kit blocks ecs-lookout sends (a subset of Slack's KnownBlock). */
export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] };

/** An incoming-webhook message: fallback text (notifications, screen readers) plus blocks. */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

const FIELD_VALUE_MAX = 200;
const LOG_LINE_MAX = 500;
const FALLBACK_MAX = 3000;
const LINK_LABELS: [keyof AlertLinks, string][] = [
  ['service', 'Service'],
  ['task', 'Task'],
  ['instance', 'Container instance'],
  ['logs', 'Logs'],
  ['cluster', 'Cluster'],
];

/** Severity emoji; resolved alerts are always ✅. */
export function slackEmoji(alert: Alert): string {
  if (alert.transition === 'resolved') return '✅';
  return { critical: '🔴', warning: '🟠', info: '🔵', none: '⚪' }[alert.severity];
}

// Every mrkdwn object carries event text, so none is auto-parsed: a bare URL in a reason stays plain text.
// Our own links are explicit <url|label> markup, which verbatim text still renders.
function mrkdwn(text: string): SlackText {
  return { type: 'mrkdwn', text, verbatim: true };
}

function field(label: string, value: string | undefined): SlackText | undefined {
  if (!value) return undefined;
  return mrkdwn(`*${label}*\n${escapeWithin(oneLine(value.slice(0, FIELD_VALUE_MAX * 2)), FIELD_VALUE_MAX)}`);
}

const SUBJECT_NAMES = { service: 'Service', family: 'Task family', daemon: 'Daemon' } as const;

function fields(alert: Alert): SlackText[] {
  const { incident } = alert;
  const facts = incident.lastFacts;
  const subject: [string, string] =
    incident.subject.kind === 'instance'
      ? ['Instance', instanceLabel(incident) ?? resourceIdFromArn(incident.subject.name)]
      : [SUBJECT_NAMES[incident.subject.kind], incident.subject.name];
  const candidates = [
    field('Cluster', incident.cluster || facts.cluster),
    field(...subject),
    field('Container', facts.container),
    field('Category', `${CATEGORY_LABELS[alert.category]} (${alert.category})`),
    field('Transition', `${TRANSITION_LABELS[alert.transition]} · ${alert.severity}`),
    field('Account / region', `${incident.account} · ${incident.region}`),
  ];
  return candidates.filter((item): item is SlackText => item !== undefined).slice(0, SLACK_LIMITS.fields);
}

function linksLine(links: AlertLinks): string | undefined {
  const parts: string[] = [];
  let length = 0;
  for (const [key, label] of LINK_LABELS) {
    const url = links[key];
    const link = url ? slackLink(url, label) : undefined;
    if (!link || length + link.length + 5 > SLACK_LIMITS.section) continue;
    parts.push(link);
    length += link.length + 5;
  }
  return parts.length > 0 ? parts.join('  ·  ') : undefined;
}

function blockTextLength(block: SlackBlock): number {
  if (block.type === 'context') return block.elements.reduce((sum, element) => sum + element.text.length, 0);
  if (block.type === 'header') return block.text.text.length;
  return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((sum, item) => sum + item.text.length, 0);
}

function section(text: string): SlackBlock {
  return { type: 'section', text: mrkdwn(text) };
}

/**
 * Renders an alert as Slack Block Kit. All event text is escaped and every mrkdwn object is verbatim
 * (no auto-linked bare URLs); only console links built by ecs-lookout are links. Limits: see SLACK_LIMITS. Over the total budget, log lines go first, then details.
 */
export function renderSlack(alert: Alert): SlackPayload {
  const emoji = slackEmoji(alert);
  const title = oneLine(alert.title.slice(0, 1000));
  const header = escapeWithin(`${emoji} ${title}`, SLACK_LIMITS.header);
  const cause = `*Cause*\n${escapeWithin(alert.cause, SLACK_LIMITS.section - 8)}`;
  const { incident } = alert;
  const when = formatUtc(incident.lastAlertAt);
  const key = escapeWithin(oneLine(incident.key.slice(0, 1000)), 500, escapeSlackCode);
  const opened = formatUtc(incident.openedAt, incident.lastAlertAt);
  const context = `Incident \`${key}\` · ${escapeSlack(when)} · opened ${escapeWithin(opened, 100)}`;
  const links = linksLine(alert.links);

  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: header, emoji: true } },
    { type: 'section', fields: fields(alert) },
    section(cause),
  ];
  const tail: SlackBlock[] = [];
  if (links) tail.push(section(links));
  tail.push({ type: 'context', elements: [mrkdwn(context)] });

  let budget = SLACK_LIMITS.totalBlockText - [...blocks, ...tail].reduce((sum, b) => sum + blockTextLength(b), 0);
  const optional = (label: string, lines: string[] | undefined, keep: 'first' | 'last', code: boolean): void => {
    const room = Math.min(SLACK_LIMITS.section, budget);
    if (!lines || lines.length === 0 || room < 200) return;
    const frame = code ? `*${label}*\n\`\`\`\n\n\`\`\`` : `*${label}*\n`;
    const fitted = fitLines(lines, room - frame.length, {
      lineMax: code ? LOG_LINE_MAX : 1000,
      keep,
      escape: code ? escapeSlackCode : (line) => `• ${escapeSlack(oneLine(line))}`,
    });
    const body = fitted.join('\n');
    const text = code ? `*${label}*\n\`\`\`\n${body}\n\`\`\`` : `*${label}*\n${body}`;
    blocks.push(section(text));
    budget -= text.length;
  };
  optional('Details', alert.details, 'first', false);
  optional('Last log lines', alert.logLines, 'last', true);
  blocks.push(...tail);

  const fallback = escapeWithin(`${emoji} ${title}: ${oneLine(alert.cause.slice(0, FALLBACK_MAX * 2))}`, FALLBACK_MAX);
  return { text: fallback, blocks: blocks.slice(0, SLACK_LIMITS.blocks), unfurl_links: false, unfurl_media: false };
}
