import { type AlertRoute, DEFAULT_ROUTE, routeFor } from '../domain/alerts/routing.js';
import type { Incident } from '../domain/incidents/types.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** How long a resource's tags are reused: a re-tagged service routes anew within the hour. */
export const ROUTE_TAG_TTL_MS = 60 * 60_000;
// Bounded: a container remembers the tags of at most this many services and task definitions.
const MAX_CACHED = 2_000;

const cache = new Map<string, { tags: Record<string, string>; until: number }>();

/** Forgets cached tags (tests). */
export function clearRouteTagCache(): void {
  cache.clear();
}

function serviceArnOf(incident: Incident): string | undefined {
  const facts = incident.lastFacts;
  if (facts.serviceArn) return facts.serviceArn;
  if (incident.subject.kind !== 'service' || !incident.account || !incident.region) return undefined;
  return `arn:aws:ecs:${incident.region}:${incident.account}:service/${incident.cluster}/${incident.subject.name}`;
}

async function tagsOf(deps: PipelineDeps, arn: string, nowMs: number): Promise<Record<string, string>> {
  const known = cache.get(arn);
  if (known && known.until > nowMs) return known.tags;
  const read = deps.routingTags ?? deps.ecs?.taskTags;
  const tags = (await read?.(arn)) ?? {};
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(arn, { tags, until: nowMs + ROUTE_TAG_TTL_MS });
  return tags;
}

/**
 * The route of an incident's alert: tags of its service, else of its task definition (read once per resource
 * and cached for ROUTE_TAG_TTL_MS, only when an alert is sent, never per event), else LOOKOUT_ROUTES, else the
 * default channel. A tag read that fails routes by configuration.
 */
export async function routeOfIncident(deps: PipelineDeps, incident: Incident): Promise<AlertRoute> {
  const { routes, routeByTags } = deps.config;
  if (!routeByTags || !(deps.routingTags ?? deps.ecs))
    return routes.length > 0 ? routeFor(incident, routes) : DEFAULT_ROUTE;
  const nowMs = deps.clock().getTime();
  const arns = [serviceArnOf(incident), incident.lastFacts.taskDefinitionArn].filter((arn): arn is string => !!arn);
  let tags: Record<string, string> = {};
  try {
    // Read together; the service's tags win over the task definition's (the first ARN's over the next).
    const read = await Promise.all(arns.map((arn) => tagsOf(deps, arn, nowMs)));
    for (const found of read) tags = { ...found, ...tags };
  } catch (error) {
    deps.log.warn('could not read tags for routing; routing by configuration', {
      incident: incident.key,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return routeFor(incident, routes, tags);
}
