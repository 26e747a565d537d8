import { TRANSITION_LABELS } from './labels.js';
import { renderSlack, type SlackBlock, slackEmoji } from './slack.js';
import { escapeSlack, escapeWithin, SLACK_LIMITS } from './slack-text.js';
import { formatUtc, oneLine } from './text.js';
import type { Alert } from './types.js';

/** An incident's root message in app mode: the fallback text and its blocks inside a coloured attachment. */
export interface SlackRootMessage {
  text: string;
  attachments: [{ color: string; blocks: SlackBlock[]; fallback: string }];
  unfurl_links: false;
  unfurl_media: false;
}

/** One transition told in the incident's thread. */
export interface SlackThreadReply {
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

/** Bar colour of the root message: by severity while open, green once resolved. */
export const ROOT_COLOURS = {
  resolved: '#2eb886',
  critical: '#d40e0d',
  warning: '#e8a317',
  info: '#1d9bd1',
  none: '#9e9e9e',
} as const;

/** The root colour for an alert's incident state. */
export function rootColour(alert: Alert): string {
  return alert.transition === 'resolved' ? ROOT_COLOURS.resolved : ROOT_COLOURS[alert.severity];
}

/**
 * The incident's root message as it stands after `alert`: the same blocks as a webhook message (title,
 * fields, cause, details, links), in an attachment whose bar is the severity's colour and turns green on
 * resolve, and a context line saying what changed last. chat.postMessage sends it once, chat.update rewrites it.
 */
export function renderSlackRoot(alert: Alert): SlackRootMessage {
  const payload = renderSlack(alert);
  const when = formatUtc(alert.incident.lastAlertAt, alert.incident.lastAlertAt);
  const change = `Last change: ${TRANSITION_LABELS[alert.transition].toLowerCase()} at ${when}`;
  const context: SlackBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(change) }] };
  const blocks = [...payload.blocks.slice(0, SLACK_LIMITS.blocks - 1), context];
  return {
    text: payload.text,
    attachments: [{ color: rootColour(alert), blocks, fallback: payload.text }],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/**
 * A transition as a reply in the incident's thread: what happened, when, and the first detail line (the
 * escalation reason, the repeat's age, what resolved it). The story stays in the thread; the root carries the state.
 */
export function renderSlackReply(alert: Alert): SlackThreadReply {
  const { incident } = alert;
  const at = alert.transition === 'resolved' ? (incident.resolvedAt ?? incident.lastAlertAt) : incident.lastAlertAt;
  const when = formatUtc(at, incident.openedAt);
  const head = `${slackEmoji(alert)} *${TRANSITION_LABELS[alert.transition]}* · ${alert.severity} · ${escapeSlack(when)}`;
  const line = alert.details[0] ?? alert.cause;
  const body = escapeWithin(oneLine(line.slice(0, 2000)), 1000);
  const text = `${head}\n${body}`;
  const fallback = escapeWithin(
    `${TRANSITION_LABELS[alert.transition]}: ${oneLine(alert.title.slice(0, 500))}`,
    SLACK_LIMITS.header * 2,
  );
  return {
    text: fallback,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }],
    unfurl_links: false,
    unfurl_media: false,
  };
}
