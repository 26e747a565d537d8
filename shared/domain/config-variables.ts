/** One `LOOKOUT_*` environment variable as the configuration reference documents it. */
export interface ConfigVariable {
  /** The value used when the variable is unset, as it would be written (undefined: no value). */
  default?: string;
  /** What an unset variable means, when there is no default value to write (e.g. "all clusters"). */
  unset?: string;
  /** What it does, in one sentence or two. */
  meaning: string;
}

/**
 * Every variable `parseConfig` (shared/runtime/config.ts) reads, with its default and meaning: the source of
 * docs/configuration.md (`npm run docs`). A test fails when parseConfig reads a variable missing here, when
 * one here is never read, or when a written default does not parse to the value an unset variable gives.
 */
export const CONFIG_VARIABLES: Readonly<Record<string, ConfigVariable>> = {
  LOOKOUT_REMEDIATION_MODE: {
    default: 'on',
    meaning: '`off`, `dry-run` (record what would be done) or `on` (act, on opted-in tasks only)',
  },
  LOOKOUT_REPLACE_FAMILIES: {
    unset: 'none',
    meaning:
      'comma-separated task definition families whose standalone tasks are replaced (deployed: their task and execution roles must also be listed in `taskRoleArns`/`executionRoleArns`, or RunTask is refused `iam:PassRole`)',
  },
  LOOKOUT_REPLACE_APP_EXIT: {
    default: 'false',
    meaning: 'also replace standalone tasks that exited with an application error',
  },
  LOOKOUT_REPLACE_BUDGET: {
    default: '3',
    meaning: 'replacements per family per hour (and instance actions per cluster per hour)',
  },
  LOOKOUT_INSTANCE_ACTION: {
    default: 'drain',
    meaning: 'a confirmed lost instance is `drain`ed, `deregister`ed, or left alone (`none`)',
  },
  LOOKOUT_TASK_NETWORK: {
    default: '{}',
    meaning:
      '`{"<cluster>": {"subnets": […], "securityGroups": […], "assignPublicIp": "DISABLED"}}` for awsvpc replacements (task events carry no security groups)',
  },
  LOOKOUT_DISCONNECT_GRACE: {
    default: '5m',
    meaning: 'how long an agent may stay disconnected before the instance counts as lost',
  },
  LOOKOUT_HOOK_AWAITING_AFTER: {
    default: '1h',
    meaning:
      "how long a deployment lifecycle hook may await an action (a pause hook's approval) before its deployment gets a warning naming the hook and its stage; an hour leaves a reviewer time to act and still pages the shift that started the deployment (a pause hook times out after 24 h by default)",
  },
  LOOKOUT_ESCALATION_THRESHOLD: {
    default: '3',
    meaning: 'failures within `LOOKOUT_ESCALATION_WINDOW` that make a crash loop (critical)',
  },
  LOOKOUT_ESCALATION_WINDOW: { default: '10m', meaning: 'the crash-loop window' },
  LOOKOUT_REPEAT_INTERVAL: { default: '1h', meaning: 'minimum time between two alerts of one open incident' },
  LOOKOUT_RESOLVE_AFTER: {
    default: '30m',
    meaning:
      'the shortest quiet time that resolves an incident (longer for irregular failures and standalone families)',
  },
  LOOKOUT_ALERT_SEVERITY: {
    default: 'warning',
    meaning: 'lowest severity that opens incidents and alerts (`info`, `warning`, `critical`)',
  },
  LOOKOUT_SEVERITY_OVERRIDES: {
    unset: 'none',
    meaning: '`category=severity,…`, e.g. `app-exit=critical,spot-interruption=none`',
  },
  LOOKOUT_RETENTION: {
    default: '7d',
    meaning:
      'how long resolved incidents (with their applied keys), claims and other state items are kept (DynamoDB TTL)',
  },
  LOOKOUT_CLUSTERS: {
    unset: 'all clusters',
    meaning: 'comma-separated cluster names in scope; events of other clusters are ignored and counted',
  },
  LOOKOUT_TOPIC_ARN: { unset: 'none', meaning: 'SNS alert topic; no SNS channel without it' },
  LOOKOUT_SLACK_WEBHOOK_PARAM: {
    unset: 'none',
    meaning: 'name of the SSM SecureString holding the Slack webhook URL',
  },
  LOOKOUT_SLACK_WEBHOOK_SECRET: {
    unset: 'none',
    meaning: 'or a Secrets Manager secret id (plain URL or JSON with `url`); the SSM parameter wins when both are set',
  },
  LOOKOUT_SLACK_WEBHOOKS_PATH: {
    unset: 'none',
    meaning:
      'webhook mode: SSM path of per-channel webhooks; an alert routed to channel `C…` goes to the SecureString `<path>C…` when it exists, else to the default webhook (see [Alerts](alerts.md#routing-to-the-owning-team))',
  },
  LOOKOUT_SLACK_CHANNEL: {
    unset: 'none',
    meaning:
      'Slack app mode: the channel ID incident roots go to (one message per incident, updated in place, story in its thread); without it, webhook mode',
  },
  LOOKOUT_SLACK_BOT_TOKEN_PARAM: {
    unset: 'none',
    meaning: 'app mode: SSM SecureString holding the bot token (`xoxb-…`, or JSON with `token`)',
  },
  LOOKOUT_SLACK_BOT_TOKEN_SECRET: {
    unset: 'none',
    meaning: 'app mode: or a Secrets Manager secret holding the bot token',
  },
  LOOKOUT_ROUTES: {
    unset: 'none',
    meaning:
      'JSON alert routes to owning teams: `[{"match": {"cluster", "service", "family"}, "team", "slackChannel", "minSeverity"}]`, first match wins, `*` globs (see [Alerts](alerts.md#routing-to-the-owning-team))',
  },
  LOOKOUT_ROUTE_TAGS: {
    default: 'false',
    meaning:
      "`true`: also route by the tags `ecs-lookout:team` / `ecs-lookout:slack-channel` / `ecs-lookout:min-severity` on the service or task definition (read once per hour per resource, only when alerting; off by default: one or two more ECS calls before an incident's first alert)",
  },
  LOOKOUT_SLACK_BROADCAST_ESCALATIONS: {
    default: 'true',
    meaning: 'app mode: also show escalations in the channel (`reply_broadcast`), not only in the thread',
  },
  LOOKOUT_SILENCES: {
    unset: 'none',
    meaning:
      'maintenance windows as configuration: `[{"cluster", "service"?, "categories"?, "from"?, "until", "reason"}]`; silenced incidents are tracked but page only if still open when the window ends (see `ecs-lookout silence` for silences as data)',
  },
  LOOKOUT_STATE_TABLE: { unset: 'state kept in memory', meaning: 'DynamoDB state table' },
  LOOKOUT_METRIC_NAMESPACE: { default: 'ECSLookout', meaning: 'CloudWatch namespace' },
  LOOKOUT_METRICS_MODE: {
    default: 'emf',
    meaning: '`emf` (stdout, Lambda), `api` (PutMetricData, batched), `memory`, `off`',
  },
  LOOKOUT_LOG_LINES: { default: '10', meaning: 'container log lines attached to an alert' },
  LOOKOUT_LOG_TIMEOUT: { default: '1500ms', meaning: 'the time budget to fetch those log lines' },
  LOOKOUT_STUCK_AFTER: {
    default: '15m',
    meaning: 'health check: a service below its desired count for longer is stuck',
  },
  LOOKOUT_DEPLOYMENT_STUCK_AFTER: {
    default: '60m',
    meaning: 'health check: a deployment in progress for longer is stuck',
  },
  LOOKOUT_REPORT_RPS: {
    default: '10',
    meaning: 'health report: ECS reads per second per read bucket (at most 100)',
  },
  LOOKOUT_REPORT_CONCURRENCY: { default: '4', meaning: 'health report: calls in flight (at most 50)' },
  LOOKOUT_REPORT_BUCKET: {
    unset: 'no page',
    meaning:
      "health report: private S3 bucket the digest's HTML page is written to (under `reports/`), linked from the digest by a presigned URL",
  },
  LOOKOUT_REPORT_LINK_TTL: {
    default: '12h',
    meaning: 'health report: how long that link works (at most 7d; it also ends with the credentials that signed it)',
  },
  LOOKOUT_HOME_ACCOUNT: {
    unset: 'any account',
    meaning:
      "the monitor's own account id: its events use its own credentials, other unregistered accounts are events only",
  },
  LOOKOUT_HOME_REGION: { unset: 'any Region', meaning: "the monitor's own Region (as `LOOKOUT_HOME_ACCOUNT`)" },
  LOOKOUT_MEMBER_ROLES: {
    unset: 'none',
    meaning:
      'member accounts the monitor reads through a role: `{"roleName": "ecs-lookout-member", "externalId": "…", "accounts": {"<id>": {"regions": ["us-east-1"], "remediation": false}}}` (docs/multi-account.md)',
  },
};
