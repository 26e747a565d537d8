import type { MemberRole } from '../domain/accounts.js';
import { parseRoutes, type RouteRule } from '../domain/alerts/routing.js';
import { parseSeverityOverrides } from '../domain/classify/severity-overrides.js';
import type {
  ClusterNetwork,
  InstanceAction,
  LookoutConfig,
  RemediationMode,
  ReportPageSettings,
} from '../domain/config.js';
import { parseDuration } from '../domain/duration.js';
import { parseSilences, type Silence } from '../domain/incidents/silences.js';
import { DEFAULT_INCIDENT_POLICY } from '../domain/incidents/types.js';
import { parseMemberRoles } from '../domain/member-roles.js';

/** Configuration error naming the variable; thrown at startup, never later. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = read(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name}: "${value}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function duration(env: Env, name: string, fallbackMs: number): number {
  const value = read(env, name);
  if (value === undefined) return fallbackMs;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new ConfigError(`${name}: "${value}" is not a duration like 90s, 5m, 1h`);
  return ms;
}

function integer(env: Env, name: string, fallback: number, min: number): number {
  const value = read(env, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name}: "${value}" is not a whole number ≥ ${min}`);
  return n;
}

// An SSM parameter path: starts and ends with `/` (a channel ID is appended to it).
function parameterPath(env: Env, name: string): string | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  if (!/^\/(?:[A-Za-z0-9_.-]+\/)+$/.test(value) || value.length > 900)
    throw new ConfigError(`${name}: "${value}" is not an SSM parameter path like /ecs-lookout/slack-webhooks/`);
  return value;
}

function bounded(env: Env, name: string, fallback: number, max: number): number {
  const value = read(env, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw new ConfigError(`${name}: "${value}" is not a number in (0, ${max}]`);
  return n;
}

// A SigV4 presigned URL works for at most 7 days.
const MAX_LINK_TTL_MS = 7 * 86_400_000;

function reportPage(env: Env): ReportPageSettings | undefined {
  const linkTtlMs = duration(env, 'LOOKOUT_REPORT_LINK_TTL', 12 * 3_600_000);
  if (linkTtlMs > MAX_LINK_TTL_MS) {
    throw new ConfigError('LOOKOUT_REPORT_LINK_TTL: a presigned link works for at most 7d');
  }
  const bucket = read(env, 'LOOKOUT_REPORT_BUCKET');
  return bucket === undefined ? undefined : { bucket, linkTtlMs };
}

function list(env: Env, name: string): string[] {
  return (read(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function bool(env: Env, name: string): boolean {
  return oneOf(env, name, ['true', 'false'], 'false') === 'true';
}

function severityOverrides(env: Env, name: string) {
  const parsed = parseSeverityOverrides(read(env, name) ?? '');
  if (!parsed.ok) throw new ConfigError(`${name}: ${parsed.error}`);
  return parsed.severities;
}

function routes(env: Env, name: string): RouteRule[] {
  const parsed = parseRoutes(read(env, name) ?? '');
  if (!parsed.ok) throw new ConfigError(`${name}: ${parsed.error}`);
  return parsed.rules;
}

function silences(env: Env, name: string): Silence[] {
  const parsed = parseSilences(read(env, name) ?? '');
  if (!parsed.ok) throw new ConfigError(`${name}: ${parsed.error}`);
  return parsed.silences;
}

function memberRoles(env: Env, name: string): MemberRole[] {
  const parsed = parseMemberRoles(read(env, name) ?? '');
  if (!parsed.ok) throw new ConfigError(`${name}: ${parsed.error}`);
  return parsed.members;
}

function network(env: Env, name: string): Record<string, ClusterNetwork> {
  const value = read(env, name);
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError(`${name}: not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${name}: expected {"<cluster>": {"subnets": [...], "securityGroups": [...]}}`);
  }
  for (const [cluster, net] of Object.entries(parsed)) {
    const n = net as Partial<ClusterNetwork>;
    if (!Array.isArray(n?.subnets) || !Array.isArray(n?.securityGroups)) {
      throw new ConfigError(`${name}: cluster "${cluster}" needs "subnets" and "securityGroups" arrays`);
    }
  }
  return parsed as Record<string, ClusterNetwork>;
}

/** Builds the typed configuration from environment variables; throws ConfigError naming the bad variable. */
export function parseConfig(env: Env): LookoutConfig {
  const d = DEFAULT_INCIDENT_POLICY;
  return {
    classify: { severities: severityOverrides(env, 'LOOKOUT_SEVERITY_OVERRIDES') },
    incidents: {
      escalationThreshold: integer(env, 'LOOKOUT_ESCALATION_THRESHOLD', d.escalationThreshold, 1),
      escalationWindowMs: duration(env, 'LOOKOUT_ESCALATION_WINDOW', d.escalationWindowMs),
      repeatIntervalMs: duration(env, 'LOOKOUT_REPEAT_INTERVAL', d.repeatIntervalMs),
      resolveAfterMs: duration(env, 'LOOKOUT_RESOLVE_AFTER', d.resolveAfterMs),
      disconnectGraceMs: duration(env, 'LOOKOUT_DISCONNECT_GRACE', d.disconnectGraceMs),
      alertSeverity: oneOf(env, 'LOOKOUT_ALERT_SEVERITY', ['critical', 'warning', 'info'], 'warning'),
      retentionMs: duration(env, 'LOOKOUT_RETENTION', d.retentionMs),
      hookAwaitingAfterMs: duration(env, 'LOOKOUT_HOOK_AWAITING_AFTER', d.hookAwaitingAfterMs),
    },
    remediation: {
      mode: oneOf<RemediationMode>(env, 'LOOKOUT_REMEDIATION_MODE', ['off', 'dry-run', 'on'], 'on'),
      replaceFamilies: list(env, 'LOOKOUT_REPLACE_FAMILIES'),
      replaceAppExit: bool(env, 'LOOKOUT_REPLACE_APP_EXIT'),
      budgetPerHour: integer(env, 'LOOKOUT_REPLACE_BUDGET', 3, 0),
      instanceAction: oneOf<InstanceAction>(env, 'LOOKOUT_INSTANCE_ACTION', ['drain', 'deregister', 'none'], 'drain'),
      network: network(env, 'LOOKOUT_TASK_NETWORK'),
    },
    report: {
      stuckAfterMs: duration(env, 'LOOKOUT_STUCK_AFTER', 15 * 60_000),
      deploymentStuckAfterMs: duration(env, 'LOOKOUT_DEPLOYMENT_STUCK_AFTER', 60 * 60_000),
    },
    reportReads: {
      readsPerSecond: bounded(env, 'LOOKOUT_REPORT_RPS', 10, 100),
      concurrency: Math.floor(bounded(env, 'LOOKOUT_REPORT_CONCURRENCY', 4, 50)),
    },
    reportPage: reportPage(env),
    clusters: list(env, 'LOOKOUT_CLUSTERS'),
    metricNamespace: read(env, 'LOOKOUT_METRIC_NAMESPACE') ?? 'ECSLookout',
    metricsMode: oneOf(env, 'LOOKOUT_METRICS_MODE', ['emf', 'api', 'memory', 'off'], 'emf'),
    topicArn: read(env, 'LOOKOUT_TOPIC_ARN'),
    slackWebhookParam: read(env, 'LOOKOUT_SLACK_WEBHOOK_PARAM'),
    slackWebhookSecret: read(env, 'LOOKOUT_SLACK_WEBHOOK_SECRET'),
    slackWebhooksPath: parameterPath(env, 'LOOKOUT_SLACK_WEBHOOKS_PATH'),
    slackBotTokenParam: read(env, 'LOOKOUT_SLACK_BOT_TOKEN_PARAM'),
    slackBotTokenSecret: read(env, 'LOOKOUT_SLACK_BOT_TOKEN_SECRET'),
    slackChannel: read(env, 'LOOKOUT_SLACK_CHANNEL'),
    slackBroadcastEscalations: oneOf(env, 'LOOKOUT_SLACK_BROADCAST_ESCALATIONS', ['true', 'false'], 'true') === 'true',
    routes: routes(env, 'LOOKOUT_ROUTES'),
    routeByTags: oneOf(env, 'LOOKOUT_ROUTE_TAGS', ['true', 'false'], 'false') === 'true',
    silences: silences(env, 'LOOKOUT_SILENCES'),
    stateTable: read(env, 'LOOKOUT_STATE_TABLE'),
    logLines: integer(env, 'LOOKOUT_LOG_LINES', 10, 0),
    logTimeoutMs: duration(env, 'LOOKOUT_LOG_TIMEOUT', 1500),
    accounts: {
      home: { account: read(env, 'LOOKOUT_HOME_ACCOUNT'), region: read(env, 'LOOKOUT_HOME_REGION') },
      members: memberRoles(env, 'LOOKOUT_MEMBER_ROLES'),
    },
  };
}
