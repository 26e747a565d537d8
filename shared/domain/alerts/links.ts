import { clusterNameFromResourceArn, resourceIdFromArn } from '../arn.js';
import type { Incident } from '../incidents/types.js';
import { wellFormed } from './text.js';
import type { AlertLinks } from './types.js';

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Console origin of a region, per partition; undefined for anything that isn't a region name. */
export function consoleOrigin(region: string): string | undefined {
  if (!REGION.test(region)) return undefined;
  if (region.startsWith('cn-')) return `https://${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return 'https://console.amazonaws-us-gov.com';
  return `https://${region}.console.aws.amazon.com`;
}

/** Hosts of the links this project builds; renderers refuse any other. */
export function isConsoleUrl(url: string): boolean {
  return /^https:\/\/(?:[a-z0-9-]+\.console\.aws\.amazon\.com|[a-z0-9-]+\.console\.amazonaws\.cn|console\.amazonaws-us-gov\.com)\/[^\s<>|"`]*$/.test(
    url,
  );
}

/** encodeURIComponent, plus the characters it leaves alone that the console or Slack could misread. */
export function encodePart(value: string): string {
  return encodeURIComponent(wellFormed(value)).replace(
    /[!'()*~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * CloudWatch Logs console link to one log stream. The console reads its fragment URL-encoded twice,
 * with `$` in place of `%` for the outer layer: `/ecs/api` → `$252Fecs$252Fapi`.
 */
export function logStreamConsoleUrl(region: string, group: string, stream: string): string | undefined {
  const origin = consoleOrigin(region);
  if (!origin) return undefined;
  const fragment = (value: string) => encodePart(encodePart(value)).replace(/%/g, '$');
  return `${origin}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${fragment(group)}/log-events/${fragment(stream)}`;
}

// Longer URLs break in browsers and chat clients; only absurd (non-ECS) names get there.
const MAX_URL = 2048;

/** ECS console deep links for an incident, built only from the facts it has (none longer than 2,048 chars). */
export function buildLinks(incident: Incident, logsUrl?: string): AlertLinks {
  const links = consoleLinks(incident, logsUrl);
  for (const key of Object.keys(links) as (keyof AlertLinks)[]) {
    if ((links[key]?.length ?? 0) > MAX_URL) delete links[key];
  }
  return links;
}

function consoleLinks(incident: Incident, logsUrl?: string): AlertLinks {
  const facts = incident.lastFacts;
  const region = facts.region || incident.region;
  const origin = consoleOrigin(region);
  const links: AlertLinks = {};
  if (logsUrl && isConsoleUrl(logsUrl)) links.logs = logsUrl;
  const resourceCluster = [facts.taskArn, facts.serviceArn, facts.containerInstanceArn]
    .map((arn) => (arn ? clusterNameFromResourceArn(arn) : undefined))
    .find(Boolean);
  const cluster = facts.cluster || incident.cluster || resourceCluster;
  if (!origin || !cluster) return links;

  const base = `${origin}/ecs/v2/clusters/${encodePart(cluster)}`;
  const query = `?region=${region}`;
  links.cluster = `${base}/services${query}`;
  // A lost instance's latest facts may come from any task it ran; linking that task's service would mislead.
  const aboutInstance = incident.group === 'instance-lost';
  const service = facts.service ?? (incident.subject.kind === 'service' ? incident.subject.name : undefined);
  if (service && !aboutInstance) links.service = `${base}/services/${encodePart(service)}/health${query}`;
  if (facts.taskArn && !aboutInstance) {
    links.task = `${base}/tasks/${encodePart(resourceIdFromArn(facts.taskArn))}/configuration${query}`;
  }
  const instanceArn = facts.containerInstanceArn ?? (incident.subject.kind === 'instance' ? incident.subject.name : '');
  if (instanceArn) {
    links.instance = `${base}/infrastructure/container-instances/${encodePart(resourceIdFromArn(instanceArn))}${query}`;
  }
  return links;
}
