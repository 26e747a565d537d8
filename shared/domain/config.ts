import type { AccountRegistry } from './accounts.js';
import type { RouteRule } from './alerts/routing.js';
import type { ClassifyOptions } from './classify/types.js';
import type { Silence } from './incidents/silences.js';
import type { IncidentPolicy } from './incidents/types.js';

/** Remediation switch: `off` does nothing, `dry-run` records what it would do, `on` acts on opted-in tasks. */
export type RemediationMode = 'off' | 'dry-run' | 'on';

/** What to do with a confirmed lost container instance. */
export type InstanceAction = 'drain' | 'deregister' | 'none';

/** Network settings for replacement tasks of one cluster, when the event can't supply them. */
export interface ClusterNetwork {
  subnets: string[];
  securityGroups: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
}

/** Remediation policy. */
export interface RemediationPolicy {
  mode: RemediationMode;
  /** Task definition families opted in to replacement. */
  replaceFamilies: string[];
  /** Also replace standalone tasks that exited with an application error. */
  replaceAppExit: boolean;
  /** Replacements per family per hour. */
  budgetPerHour: number;
  instanceAction: InstanceAction;
  /** Per-cluster network for replacements (key: cluster name). */
  network: Record<string, ClusterNetwork>;
}

/** Health-report thresholds. */
export interface ReportPolicy {
  /** A service below desired count for longer than this is stuck. */
  stuckAfterMs: number;
  /** A deployment in progress for longer than this is stuck. */
  deploymentStuckAfterMs: number;
}

/** How hard the health report may read ECS. */
export interface ReportReads {
  /** Client-side ECS reads per second per read category (AWS allows 20 sustained, shared account-wide). */
  readsPerSecond: number;
  /** API calls in flight at once. */
  concurrency: number;
}

/** Where the digest's HTML health page is kept, and how long its link works. */
export interface ReportPageSettings {
  /** Private S3 bucket; pages go under `reports/`. */
  bucket: string;
  linkTtlMs: number;
}

/** The whole typed configuration, shared by the Lambdas and the CLI. Built by runtime/config.ts. */
export interface LookoutConfig {
  classify: ClassifyOptions;
  incidents: IncidentPolicy;
  remediation: RemediationPolicy;
  report: ReportPolicy;
  reportReads: ReportReads;
  /** Set when the health page is kept in S3 (LOOKOUT_REPORT_BUCKET). */
  reportPage?: ReportPageSettings;
  /** Clusters in scope (names); empty means all. */
  clusters: string[];
  metricNamespace: string;
  metricsMode: 'emf' | 'api' | 'memory' | 'off';
  topicArn?: string;
  slackWebhookParam?: string;
  slackWebhookSecret?: string;
  /** Webhook mode: SSM path under which each routed channel's own webhook is stored (`<path><channel ID>`). */
  slackWebhooksPath?: string;
  /** Slack app mode: bot token source and the channel ID roots go to; without a channel, webhook mode. */
  slackBotTokenParam?: string;
  slackBotTokenSecret?: string;
  slackChannel?: string;
  /** App mode: escalations are also shown in the channel (reply_broadcast). */
  slackBroadcastEscalations: boolean;
  /** Alert routes to owning teams (LOOKOUT_ROUTES), and whether service/task definition tags may route too. */
  routes: RouteRule[];
  routeByTags: boolean;
  /** Maintenance windows as configuration (LOOKOUT_SILENCES), besides those stored with `lookout silence add`. */
  silences: Silence[];
  stateTable?: string;
  /** Lines of container log to attach to an alert, and the time budget for fetching them. */
  logLines: number;
  logTimeoutMs: number;
  /** The accounts and Regions the monitor reaches (its own, member roles); absent: single account. */
  accounts?: AccountRegistry;
}
