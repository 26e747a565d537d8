import type { Facts } from '../classify/types.js';
import { isConsoleUrl } from './links.js';
import { clip, stripControl } from './text.js';
import type { Alert } from './types.js';

/** First line of the machine-readable block in an SNS message. */
export const JSON_BEGIN = '-----BEGIN ECS-LOOKOUT ALERT JSON-----';
/** Last line of the machine-readable block in an SNS message. */
export const JSON_END = '-----END ECS-LOOKOUT ALERT JSON-----';
/** Version tag of the JSON document; bumped on incompatible changes. */
export const ALERT_JSON_SCHEMA = 'ecs-lookout.alert.v1';

const MAX_FACT = 1024;

function bounded(value: string): string {
  return clip(stripControl(value.slice(0, MAX_FACT * 2)), MAX_FACT);
}

function clippedFacts(facts: Facts): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) result[key] = typeof value === 'string' ? bounded(value) : value;
  return result;
}

/** The JSON document for machines: the alert without the bulky incident internals. */
export function alertDocument(alert: Alert, text: Pick<Alert, 'title' | 'cause' | 'details'>, logLines: string[]) {
  const { incident } = alert;
  return {
    schema: ALERT_JSON_SCHEMA,
    id: clip(alert.id, 2 * MAX_FACT),
    transition: alert.transition,
    severity: alert.severity,
    category: alert.category,
    title: text.title,
    cause: text.cause,
    details: text.details,
    links: Object.fromEntries(Object.entries(alert.links).filter(([, url]) => isConsoleUrl(url ?? ''))),
    incident: {
      key: bounded(incident.key),
      group: incident.group,
      status: incident.status,
      account: incident.account,
      region: incident.region,
      cluster: bounded(incident.cluster),
      subject: { kind: incident.subject.kind, name: bounded(incident.subject.name) },
      openedAt: incident.openedAt,
      lastEventAt: incident.lastEventAt,
      lastAlertAt: incident.lastAlertAt,
      ...(incident.resolvedAt ? { resolvedAt: incident.resolvedAt } : {}),
      totalFailures: incident.totalFailures,
      countsByCategory: incident.countsByCategory,
      absorbed: incident.absorbed,
    },
    facts: clippedFacts(incident.lastFacts),
    logLines,
  };
}

/**
 * The JSON document inside an SNS message from ecs-lookout, or undefined if there is none. The block is
 * the text between the BEGIN and END marker lines; human text above it is indented, so no event text
 * can forge a marker line.
 */
export function extractAlertJson(message: string): unknown {
  const lines = message.split('\n');
  const begin = lines.indexOf(JSON_BEGIN);
  const end = lines.lastIndexOf(JSON_END);
  if (begin < 0 || end <= begin) return undefined;
  try {
    return JSON.parse(lines.slice(begin + 1, end).join('\n'));
  } catch {
    return undefined;
  }
}
