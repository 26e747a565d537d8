import { SEVERITY_RANK, type Severity } from '../classify/types.js';
import type { Incident } from '../incidents/types.js';
import { parseJsonArray } from '../json-array.js';

/** Tags a service (or task definition) carries to route its alerts to the team that owns it. */
export const ROUTE_TAGS = {
  channel: 'ecs-lookout:slack-channel',
  team: 'ecs-lookout:team',
  minSeverity: 'ecs-lookout:min-severity',
} as const;

/** Where an incident's alerts go: the owning team, its Slack channel, and the lowest severity it wants. */
export interface AlertRoute {
  /** `tags`, the matching rule's name, or `default`. */
  name: string;
  source: 'tags' | 'config' | 'default';
  team?: string;
  /** Slack channel ID (app mode); absent: the default channel. */
  slackChannel?: string;
  /** Below this the route's Slack channel is not told (SNS still is, with the team attribute). */
  minSeverity?: Severity;
}

/** A configured route: which incidents it takes (every given field must match; `*` globs) and where they go. */
export interface RouteRule {
  name: string;
  match: { cluster?: string; service?: string; family?: string };
  team?: string;
  slackChannel?: string;
  minSeverity?: Severity;
}

/** The route of incidents no rule or tag claims. */
export const DEFAULT_ROUTE: AlertRoute = { name: 'default', source: 'default' };

const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];
const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;
const TEAM = /^[A-Za-z0-9][A-Za-z0-9 _.\-/]{0,63}$/;

function globMatch(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(value);
}

/** Parses LOOKOUT_ROUTES: a JSON array of rules; a one-line error names the bad rule. */
export function parseRoutes(text: string): { ok: true; rules: RouteRule[] } | { ok: false; error: string } {
  const array = parseJsonArray(text, '{"match": {…}, "team", "slackChannel", "minSeverity"}', 'routes');
  if (!array.ok) return array;
  const rules: RouteRule[] = [];
  for (const [index, raw] of array.entries.entries()) {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const match = (entry.match ?? {}) as Record<string, unknown>;
    const where = `route ${index + 1}`;
    const fields = ['cluster', 'service', 'family'].filter((key) => typeof match[key] === 'string');
    if (fields.length === 0) return { ok: false, error: `${where}: "match" needs cluster, service or family` };
    const { team, slackChannel, minSeverity } = entry;
    if (team !== undefined && (typeof team !== 'string' || !TEAM.test(team)))
      return { ok: false, error: `${where}: team must be a short name` };
    if (slackChannel !== undefined && (typeof slackChannel !== 'string' || !CHANNEL_ID.test(slackChannel)))
      return { ok: false, error: `${where}: slackChannel must be a channel ID (C…)` };
    if (minSeverity !== undefined && !SEVERITIES.includes(minSeverity as Severity))
      return { ok: false, error: `${where}: minSeverity must be info, warning or critical` };
    const rule: RouteRule = {
      name: typeof entry.name === 'string' && entry.name ? entry.name : ((team as string | undefined) ?? where),
      match: Object.fromEntries(fields.map((key) => [key, match[key] as string])),
    };
    if (team) rule.team = team as string;
    if (slackChannel) rule.slackChannel = slackChannel as string;
    if (minSeverity) rule.minSeverity = minSeverity as Severity;
    rules.push(rule);
  }
  return { ok: true, rules };
}

function routeFromTags(tags: Record<string, string>): AlertRoute | undefined {
  const channel = tags[ROUTE_TAGS.channel]?.trim();
  const team = tags[ROUTE_TAGS.team]?.trim();
  const min = tags[ROUTE_TAGS.minSeverity]?.trim() as Severity | undefined;
  const route: AlertRoute = { name: 'tags', source: 'tags' };
  if (channel && CHANNEL_ID.test(channel)) route.slackChannel = channel;
  if (team && TEAM.test(team)) route.team = team;
  if (min && SEVERITIES.includes(min)) route.minSeverity = min;
  return route.slackChannel || route.team ? route : undefined;
}

/**
 * The route of an incident: its own tags first (the owner says where its alerts go), else the first configured
 * rule whose match fits its cluster, service and family, else the default channel. Pure.
 */
export function routeFor(
  incident: Incident,
  rules: readonly RouteRule[],
  tags: Record<string, string> = {},
): AlertRoute {
  const tagged = routeFromTags(tags);
  if (tagged) return tagged;
  const facts = incident.lastFacts;
  const service = incident.subject.kind === 'service' ? incident.subject.name : facts.service;
  const family = incident.subject.kind === 'family' ? incident.subject.name : facts.family;
  const values = { cluster: incident.cluster, service, family };
  const rule = rules.find((candidate) =>
    Object.entries(candidate.match).every(([key, pattern]) => globMatch(pattern, values[key as keyof typeof values])),
  );
  if (!rule) return DEFAULT_ROUTE;
  const { name, team, slackChannel, minSeverity } = rule;
  return {
    name,
    source: 'config',
    ...(team ? { team } : {}),
    ...(slackChannel ? { slackChannel } : {}),
    ...(minSeverity ? { minSeverity } : {}),
  };
}

/** True when the route's Slack channel is told about the incident: its severity (the highest it reached) is enough. */
export function routeWants(route: AlertRoute, incident: Incident): boolean {
  return !route.minSeverity || SEVERITY_RANK[incident.severity] >= SEVERITY_RANK[route.minSeverity];
}

/** One line for previews and replays: `payments → C0PAY (tags)`, `default`. */
export function routeLabel(route: AlertRoute): string {
  if (route.source === 'default') return 'default';
  const where = route.slackChannel ?? 'default channel';
  const who = route.team ?? route.name;
  const floor = route.minSeverity ? `, ≥ ${route.minSeverity}` : '';
  return `${who} → ${where} (${route.source}${floor})`;
}
