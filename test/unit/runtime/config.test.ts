import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../shared/runtime/config.js';

describe('Function: parseConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = parseConfig({});
    expect(config.remediation).toEqual({
      mode: 'on',
      replaceFamilies: [],
      replaceAppExit: false,
      budgetPerHour: 3,
      instanceAction: 'drain',
      network: {},
    });
    expect(config.incidents).toMatchObject({
      escalationThreshold: 3,
      escalationWindowMs: 600_000,
      repeatIntervalMs: 3_600_000,
      resolveAfterMs: 1_800_000,
      disconnectGraceMs: 300_000,
      alertSeverity: 'warning',
      hookAwaitingAfterMs: 3_600_000,
    });
    expect(config.metricNamespace).toBe('ECSLookout');
    expect(config.metricsMode).toBe('emf');
    expect(config.reportReads).toEqual({ readsPerSecond: 10, concurrency: 4 });
    expect(config.stateTable).toBeUndefined();
    expect(config.clusters).toEqual([]);
  });

  it('reads every documented variable', () => {
    const config = parseConfig({
      LOOKOUT_REMEDIATION_MODE: 'dry-run',
      LOOKOUT_REPLACE_FAMILIES: ' etl , report ,',
      LOOKOUT_REPLACE_APP_EXIT: 'true',
      LOOKOUT_REPLACE_BUDGET: '0',
      LOOKOUT_INSTANCE_ACTION: 'deregister',
      LOOKOUT_DISCONNECT_GRACE: '90s',
      LOOKOUT_ESCALATION_THRESHOLD: '5',
      LOOKOUT_ESCALATION_WINDOW: '15m',
      LOOKOUT_REPEAT_INTERVAL: '2h',
      LOOKOUT_RESOLVE_AFTER: '45m',
      LOOKOUT_ALERT_SEVERITY: 'critical',
      LOOKOUT_SEVERITY_OVERRIDES: 'app-exit=critical,spot-interruption=none',
      LOOKOUT_CLUSTERS: 'prod,staging',
      LOOKOUT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:alerts',
      LOOKOUT_SLACK_WEBHOOK_PARAM: '/ecs-lookout/slack-webhook',
      LOOKOUT_SLACK_WEBHOOKS_PATH: '/ecs-lookout/slack-webhooks/',
      LOOKOUT_STATE_TABLE: 'lookout-state',
      LOOKOUT_METRIC_NAMESPACE: 'Ops/ECS',
      LOOKOUT_METRICS_MODE: 'api',
      LOOKOUT_TASK_NETWORK: '{"prod":{"subnets":["subnet-1"],"securityGroups":["sg-1"]}}',
      LOOKOUT_REPORT_RPS: '5',
      LOOKOUT_REPORT_CONCURRENCY: '2',
    });
    expect(config.remediation).toMatchObject({
      mode: 'dry-run',
      replaceFamilies: ['etl', 'report'],
      replaceAppExit: true,
      budgetPerHour: 0,
      instanceAction: 'deregister',
      network: { prod: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } },
    });
    expect(config.incidents.disconnectGraceMs).toBe(90_000);
    expect(config.incidents.escalationThreshold).toBe(5);
    expect(config.classify.severities).toEqual({ 'app-exit': 'critical', 'spot-interruption': 'none' });
    expect(config.clusters).toEqual(['prod', 'staging']);
    expect(config.reportReads).toEqual({ readsPerSecond: 5, concurrency: 2 });
    expect(config.slackWebhooksPath).toBe('/ecs-lookout/slack-webhooks/');
  });

  it.each([
    ['LOOKOUT_REMEDIATION_MODE', 'sometimes'],
    ['LOOKOUT_INSTANCE_ACTION', 'terminate'],
    ['LOOKOUT_DISCONNECT_GRACE', 'soon'],
    ['LOOKOUT_DISCONNECT_GRACE', '0s'],
    ['LOOKOUT_ESCALATION_THRESHOLD', '2.5'],
    ['LOOKOUT_ESCALATION_THRESHOLD', '0'],
    ['LOOKOUT_REPLACE_APP_EXIT', 'yes'],
    ['LOOKOUT_ALERT_SEVERITY', 'none'],
    ['LOOKOUT_SEVERITY_OVERRIDES', 'oom=urgent'],
    ['LOOKOUT_SEVERITY_OVERRIDES', 'kaboom=critical'],
    ['LOOKOUT_METRICS_MODE', 'statsd'],
    ['LOOKOUT_TASK_NETWORK', '{"prod":{"subnets":"subnet-1"}}'],
    ['LOOKOUT_TASK_NETWORK', 'not json'],
    ['LOOKOUT_REPORT_RPS', '500'],
    ['LOOKOUT_SLACK_WEBHOOKS_PATH', '/ecs-lookout/slack-webhooks'],
    ['LOOKOUT_SLACK_WEBHOOKS_PATH', 'ecs-lookout/'],
    ['LOOKOUT_SLACK_WEBHOOKS_PATH', '/team webhooks/'],
    ['LOOKOUT_MEMBER_ROLES', '{"accounts": {"111111111111": {"regions": []}}}'],
  ])('rejects %s=%s with an error naming the variable', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(name);
  });

  it('reads the account registry: the home account and Region, and the member roles', () => {
    const config = parseConfig({
      LOOKOUT_HOME_ACCOUNT: '123456789012',
      LOOKOUT_HOME_REGION: 'us-east-1',
      LOOKOUT_MEMBER_ROLES: '{"externalId": "org-id", "accounts": {"111111111111": {"regions": ["eu-west-1"]}}}',
    });
    expect(config.accounts).toEqual({
      home: { account: '123456789012', region: 'us-east-1' },
      members: [
        {
          account: '111111111111',
          regions: ['eu-west-1'],
          roleArn: 'arn:aws:iam::111111111111:role/ecs-lookout-member',
          externalId: 'org-id',
          remediation: false,
        },
      ],
    });
  });

  it('treats blank values as unset', () => {
    expect(parseConfig({ LOOKOUT_REMEDIATION_MODE: '  ', LOOKOUT_TOPIC_ARN: '' }).remediation.mode).toBe('on');
  });
});
