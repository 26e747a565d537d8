import { CATEGORY_LABELS, instanceLabel, TRANSITION_LABELS } from './labels.js';
import { isConsoleUrl } from './links.js';
import { alertDocument, JSON_BEGIN, JSON_END } from './sns-json.js';
import { clip, formatUtc, oneLine, stripControl, toAscii } from './text.js';
import type { Alert, AlertLinks } from './types.js';

/** One SNS message attribute (all of ours are strings). */
export interface SnsAttribute {
  DataType: 'String';
  StringValue: string;
}

/** Publish input for one alert, minus the topic. */
export interface SnsPayload {
  Subject: string;
  Message: string;
  MessageAttributes: Record<string, SnsAttribute>;
}

/** SNS limits: Subject < 100 ASCII chars; 256 KiB per publish, attributes included, so the message keeps a margin. */
export const SNS_LIMITS = { subject: 99, messageBytes: 240 * 1024, attributeValue: 256 } as const;

const SUBJECT_LABELS = { service: 'Service', family: 'Task family', instance: 'Instance', daemon: 'Daemon' } as const;
const LINK_LABELS: [keyof AlertLinks, string][] = [
  ['service', 'Service'],
  ['task', 'Task'],
  ['instance', 'Container instance'],
  ['logs', 'Logs'],
  ['cluster', 'Cluster'],
];

function subjectTag(alert: Alert): string {
  return alert.transition === 'resolved' ? '[RESOLVED]' : `[${alert.severity.toUpperCase()}]`;
}

/** The title after the tag: the tag already says resolved, so the title's own "Resolved: " is not repeated. */
function taggedTitle(alert: Alert, title: string): string {
  const bare = alert.transition === 'resolved' ? title.replace(/^Resolved: /, '') : title;
  return `${subjectTag(alert)} ${bare}`;
}

function attributes(alert: Alert): Record<string, SnsAttribute> {
  const { incident } = alert;
  const service = incident.lastFacts.service ?? (incident.subject.kind === 'service' ? incident.subject.name : '');
  const values: Record<string, string> = {
    severity: alert.severity,
    category: alert.category,
    cluster: incident.cluster || (incident.lastFacts.cluster ?? ''),
    service,
    account: incident.account,
    region: incident.region,
    transition: alert.transition,
    // Subscribers filter on the owning team (routing by tags or LOOKOUT_ROUTES).
    team: alert.route?.team ?? '',
  };
  const result: Record<string, SnsAttribute> = {};
  for (const [name, raw] of Object.entries(values)) {
    const value = clip(oneLine((raw ?? '').slice(0, 1000)), SNS_LIMITS.attributeValue, '...');
    if (value) result[name] = { DataType: 'String', StringValue: value };
  }
  return result;
}

/** Untrusted text indented under a heading; every line indented, so none can pose as a JSON marker. */
function indented(lines: string[], prefix = '  '): string[] {
  return lines.flatMap((line) => stripControl(line).split('\n')).map((line) => `${prefix}${line}`);
}

function textPart(alert: Alert, text: Pick<Alert, 'title' | 'cause' | 'details'>, logLines: string[]): string[] {
  const { incident } = alert;
  const facts = incident.lastFacts;
  const where = [
    ['Cluster', incident.cluster || facts.cluster],
    [
      SUBJECT_LABELS[incident.subject.kind],
      incident.subject.kind === 'instance' ? (instanceLabel(incident) ?? incident.subject.name) : incident.subject.name,
    ],
    ['Container', facts.container],
    ['Account', incident.account],
    ['Region', incident.region],
  ].filter(([, value]) => value) as [string, string][];
  const linkEntries = LINK_LABELS.filter(([key]) => isConsoleUrl(alert.links[key] ?? '')).map(([key, label]) => [
    label,
    alert.links[key],
  ]);
  return [
    taggedTitle(alert, oneLine(text.title)),
    '',
    ...indented([
      `${TRANSITION_LABELS[alert.transition]} - ${alert.severity} - ${CATEGORY_LABELS[alert.category]} (${alert.category})`,
    ]),
    ...indented(where.map(([label, value]) => `${label}: ${clip(oneLine(value.slice(0, 1000)), 300)}`)),
    '',
    'Cause',
    ...indented([text.cause]),
    ...(text.details.length > 0 ? ['', 'Details', ...indented(text.details.map((line) => `- ${line}`))] : []),
    ...(linkEntries.length > 0 ? ['', 'Links', ...indented(linkEntries.map(([name, url]) => `${name}: ${url}`))] : []),
    ...(logLines.length > 0 ? ['', 'Last log lines', ...indented(logLines, '  | ')] : []),
    '',
    `Incident ${clip(oneLine(incident.key.slice(0, 2000)), 1000)}, ${formatUtc(incident.lastAlertAt)}`,
  ];
}

function compose(alert: Alert, text: Pick<Alert, 'title' | 'cause' | 'details'>, logLines: string[]): string {
  const json = JSON.stringify(alertDocument(alert, text, logLines), null, 2);
  return [...textPart(alert, text, logLines), '', JSON_BEGIN, json, JSON_END, ''].join('\n');
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Cleaned log lines, newest kept; each kept line appears at least once, so older ones beyond the budget can't fit. */
function newestThatFit(lines: string[]): string[] {
  const kept: string[] = [];
  let bytes = 0;
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = clip(stripControl((lines[i] ?? '').slice(0, 4000)), 2000);
    bytes += byteLength(line);
    if (bytes > SNS_LIMITS.messageBytes) break;
    kept.unshift(line);
  }
  return kept;
}

/**
 * Renders an alert for SNS: an ASCII Subject, a readable text Message ending with a delimited JSON
 * block for machines, and filterable attributes. Over the size budget, the oldest log lines go first.
 */
export function renderSns(alert: Alert): SnsPayload {
  const text = {
    title: clip(oneLine(alert.title.slice(0, 1000)), 500),
    cause: clip(stripControl(alert.cause.slice(0, 8000)), 4000),
    details: alert.details.slice(0, 50).map((line) => clip(oneLine(line.slice(0, 2000)), 1000)),
  };
  const logs = newestThatFit(alert.logLines ?? []);
  const dropped = (alert.logLines?.length ?? 0) - logs.length;
  let keep = logs.length;
  if (byteLength(compose(alert, text, logs)) > SNS_LIMITS.messageBytes) {
    // Largest tail of log lines that fits; the size grows with the number of lines kept.
    let low = 0;
    let high = logs.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (byteLength(compose(alert, text, logs.slice(logs.length - mid))) <= SNS_LIMITS.messageBytes) low = mid;
      else high = mid - 1;
    }
    keep = low;
  }
  const omitted = dropped + logs.length - keep;
  const kept = omitted === 0 ? logs : [`… (${omitted} earlier lines dropped)`, ...logs.slice(logs.length - keep)];
  return {
    Subject: clip(toAscii(taggedTitle(alert, clip(alert.title, 500))), SNS_LIMITS.subject, '...'),
    Message: compose(alert, text, kept),
    MessageAttributes: attributes(alert),
  };
}
