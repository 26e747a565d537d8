import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEventPatterns } from '../../../infra/scope.cjs';
import {
  asList,
  type CfnTemplate,
  discardPackage,
  identityStatements,
  loadTemplate,
  packageWithParams,
  ROOT,
  readTemplate,
  referencedId,
  resourcePolicyStatements,
  resourcesOfType,
} from '../../helpers/cfn-template.js';
import { sdkCalls } from '../../helpers/sdk-calls.js';

// Actions AWS authorises only on "*" (no resource-level permission); each carries the condition that
// scopes it instead, when one exists.
const STAR_RESOURCE_ALLOWED: Record<string, string | null> = {
  'ecs:DescribeTaskDefinition': null,
  'ecs:ListClusters': null,
  'ecs:ListServices': null,
  'cloudwatch:GetMetricData': null,
  'cloudwatch:ListMetrics': null,
  'cloudwatch:PutMetricData': 'cloudwatch:namespace',
};
const ECS_WRITES = ['ecs:RunTask', 'ecs:UpdateContainerInstancesState', 'ecs:DeregisterContainerInstance'];
const EVENT_FUNCTIONS = ['TaskStateChange', 'InstanceStateChange', 'ServiceEvent'];
const FUNCTIONS = {
  TaskStateChange: { name: 'task-state-change', timeout: 30 },
  InstanceStateChange: { name: 'instance-state-change', timeout: 30 },
  ServiceEvent: { name: 'service-event', timeout: 30 },
  GraceSweep: { name: 'grace-sweep', timeout: 50 },
  HealthReport: { name: 'health-report', timeout: 120 },
};
// ECS actions per role, as the code calls them (shared/adapters/ecs, logs and fleet).
const ECS_ACTIONS: Record<string, string[]> = {
  TaskStateChange: ['ecs:DescribeTaskDefinition', 'ecs:ListTagsForResource', 'ecs:RunTask', 'ecs:TagResource'],
  // Routing reads the tags of an alert's service and task definition (ecs-lookout:team, ecs-lookout:slack-channel).
  InstanceStateChange: ['ecs:ListTagsForResource'],
  ServiceEvent: ['ecs:ListTagsForResource'],
  GraceSweep: [
    'ecs:DeregisterContainerInstance',
    'ecs:DescribeContainerInstances',
    'ecs:DescribeTasks',
    'ecs:ListTagsForResource',
    'ecs:ListTasks',
    'ecs:RunTask',
    'ecs:TagResource',
    'ecs:UpdateContainerInstancesState',
  ],
  HealthReport: [
    'ecs:DescribeClusters',
    'ecs:DescribeContainerInstances',
    'ecs:DescribeServices',
    'ecs:ListClusters',
    'ecs:ListContainerInstances',
    'ecs:ListServices',
    'ecs:ListTagsForResource',
  ],
};
// SDK calls deliberately not granted: the Secrets Manager webhook source is only used when
// LOOKOUT_SLACK_WEBHOOK_SECRET is set, and this stack stores the webhook in SSM.
const NOT_GRANTED = ['secretsmanager:GetSecretValue'];
// Call sites only the CLI uses, with the operator's own credentials (docs/cli.md says which actions they need).
const CLI_ONLY_FILES = ['shared/adapters/logs/insights-decision-log.ts'];
const SCOPED_PARAMS = {
  clusters: 'prod,batch',
  replaceFamilies: 'nightly-report',
  taskRoleArns: 'arn:aws:iam::123456789012:role/nightly-report-task',
  executionRoleArns: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  orgId: 'o-exampleorg1',
  sourceAccounts: '111111111111,222222222222',
  alarmEmail: 'oncall@example.com',
};

let template: CfnTemplate;
let scopedPath: string;
let scoped: CfnTemplate;

beforeAll(() => {
  template = loadTemplate();
  scopedPath = packageWithParams(SCOPED_PARAMS);
  scoped = readTemplate(scopedPath);
}, 180_000);

afterAll(() => discardPackage(scopedPath));

const statementsWith = (t: CfnTemplate, action: string) =>
  identityStatements(t).filter(({ statement }) => statement.Effect === 'Allow' && statement.Action.includes(action));
const subOf = (value: unknown) => (value as { 'Fn::Sub'?: string })['Fn::Sub'] ?? value;

describe('Template: functions', () => {
  it.each(Object.entries(FUNCTIONS))('%s runs nodejs22.x on arm64 with its own role and timeout', (id, fn) => {
    const props = template.Resources[`${id}LambdaFunction`]!.Properties;
    expect(props).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 256 });
    expect(props.Timeout).toBe(fn.timeout);
    expect(props.Handler).toBe(`dist/${fn.name}/index.handler`);
    expect(referencedId(props.Role)).toBe(`${id}Role`);
  });

  it('gives every function a different role and creates no shared role', () => {
    const roles = resourcesOfType(template, 'AWS::Lambda::Function').map(([, r]) => referencedId(r.Properties.Role));
    expect(new Set(roles).size).toBe(Object.keys(FUNCTIONS).length);
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it('passes configuration through environment variables, never the Slack URL itself', () => {
    const env = (
      template.Resources.TaskStateChangeLambdaFunction!.Properties.Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(env.LOOKOUT_TOPIC_ARN).toEqual({ Ref: 'AlertTopic' });
    expect(env.LOOKOUT_STATE_TABLE).toEqual({ Ref: 'StateTable' });
    expect(env).toMatchObject({
      LOOKOUT_METRICS_MODE: 'emf',
      POWERTOOLS_SERVICE_NAME: 'ecs-lookout',
      LOOKOUT_TASK_NETWORK: '{}',
    });
    expect(env.LOOKOUT_SLACK_WEBHOOK_PARAM).toBe('/ecs-lookout/slack-webhook');
    expect(env.LOOKOUT_SLACK_WEBHOOKS_PATH).toBe('/ecs-lookout/slack-webhooks/');
    expect(JSON.stringify(env)).not.toContain('hooks.slack.com');
  });

  it('lets the functions read the Slack parameters by name, and only the alerting ones the routed webhooks under their path', () => {
    const reads = identityStatements(template).filter(({ statement }) => statement.Action.includes('ssm:GetParameter'));
    const names = (sid: string) =>
      reads
        .filter(({ statement }) => statement.Sid === sid)
        .map(({ roles, statement }) => [roles.join(), JSON.stringify(statement.Resource).match(/parameter\/[^"]*/g)]);
    expect(names('ReadSlackWebhook').sort()).toEqual(
      [...EVENT_FUNCTIONS, 'GraceSweep', 'HealthReport']
        .map((id) => [`${id}Role`, ['parameter/ecs-lookout/slack-webhook', 'parameter/ecs-lookout/slack-bot-token']])
        .sort(),
    );
    expect(names('ReadRoutedSlackWebhooks').sort()).toEqual(
      [...EVENT_FUNCTIONS, 'GraceSweep'].map((id) => [`${id}Role`, ['parameter/ecs-lookout/slack-webhooks/*']]).sort(),
    );
    expect(
      reads.filter(({ statement }) => !['ReadSlackWebhook', 'ReadRoutedSlackWebhooks'].includes(statement.Sid ?? '')),
    ).toEqual([]);
  });

  // Scheduled runs that fail are redone by the next run: no retry that would overlap it, and an event age
  // of one period. The daily digest (alias `digest`) keeps its retries.
  it.each<[string, string, number, number]>([
    ['GraceSweep', '$LATEST', 0, 60],
    ['HealthReport', '$LATEST', 0, 300],
    ['HealthReport', 'digest', 2, 3600],
  ])('%s (%s) sends failed async invocations to the DLQ after %i retries / %i s', (id, qualifier, retries, age) => {
    const configs = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').filter(
      ([, r]) =>
        referencedId(r.Properties.FunctionName) === `${id}LambdaFunction` && r.Properties.Qualifier === qualifier,
    );
    expect(configs).toHaveLength(1);
    const [, config] = configs[0]!;
    expect(config.Properties).toMatchObject({ MaximumRetryAttempts: retries, MaximumEventAgeInSeconds: age });
    expect(config.Properties.DestinationConfig).toEqual({
      OnFailure: { Destination: { 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] } },
    });
  });

  it.each(EVENT_FUNCTIONS)('%s is an SQS consumer with no async invoke settings', (id) => {
    const configs = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').filter(
      ([, r]) => referencedId(r.Properties.FunctionName) === `${id}LambdaFunction`,
    );
    expect(configs).toEqual([]);
    const permissions = resourcesOfType(template, 'AWS::Lambda::Permission').filter(
      ([, r]) => referencedId(r.Properties.FunctionName) === `${id}LambdaFunction`,
    );
    expect(permissions).toEqual([]);
  });

  it('invokes the daily digest through the alias that keeps its retries', () => {
    const alias = template.Resources.HealthReportDigestAlias!.Properties;
    expect(alias).toMatchObject({ FunctionVersion: '$LATEST', Name: 'digest' });
    const digest = resourcesOfType(template, 'AWS::Events::Rule').find(
      ([, r]) => r.Properties.Name === 'ecs-lookout-dev-digest-schedule',
    )!;
    const [target] = digest[1].Properties.Targets as Record<string, unknown>[];
    expect(referencedId(target!.Arn)).toBe('HealthReportDigestAlias');
    const permission = resourcesOfType(template, 'AWS::Lambda::Permission').find(
      ([, r]) => referencedId(r.Properties.FunctionName) === 'HealthReportDigestAlias',
    )!;
    expect(referencedId(permission[1].Properties.SourceArn)).toBe(digest[0]);
  });
});

describe('Template: EventBridge rules', () => {
  const rules = () => resourcesOfType(template, 'AWS::Events::Rule').filter(([, r]) => !r.Condition);

  // The frequent schedules give up after one period: the next run replaces a late one.
  const MAX_EVENT_AGE: Record<string, number> = {
    'ecs-lookout-dev-grace-sweep': 60,
    'ecs-lookout-dev-check-schedule': 300,
  };

  it('gives every rule target a retry policy and a dead-letter queue', () => {
    const all = resourcesOfType(template, 'AWS::Events::Rule');
    expect(all.length).toBe(11);
    for (const [id, rule] of all) {
      const age = MAX_EVENT_AGE[rule.Properties.Name as string] ?? 3600;
      for (const target of asList(rule.Properties.Targets as Record<string, unknown>[])) {
        expect(target.RetryPolicy, id).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: age });
        expect(referencedId((target.DeadLetterConfig as { Arn: unknown }).Arn), id).toBe('UndeliveredEventsQueue');
      }
    }
  });

  it('deploys the ECS patterns of infra/event-patterns.json on the default bus', () => {
    const deployed = rules()
      .map(([, r]) => r.Properties.EventPattern)
      .filter(Boolean);
    expect(deployed).toEqual(expect.arrayContaining(Object.values(buildEventPatterns([]))));
    expect(deployed).toHaveLength(4);
  });

  it('schedules the sweep, the digest and the stuck check with their inputs', () => {
    const scheduled = Object.fromEntries(
      rules()
        .filter(([, r]) => r.Properties.ScheduleExpression)
        .map(([, r]) => [r.Properties.Name, r.Properties]),
    );
    const target = (name: string) => (scheduled[name]!.Targets as Record<string, unknown>[])[0]!;
    expect(scheduled['ecs-lookout-dev-grace-sweep']!.ScheduleExpression).toBe('rate(1 minute)');
    expect(scheduled['ecs-lookout-dev-digest-schedule']!.ScheduleExpression).toBe('cron(0 8 * * ? *)');
    expect(JSON.parse(target('ecs-lookout-dev-digest-schedule').Input as string)).toEqual({
      mode: 'digest',
      deliver: true,
    });
    expect(scheduled['ecs-lookout-dev-check-schedule']!.ScheduleExpression).toBe('rate(5 minutes)');
    expect(JSON.parse(target('ecs-lookout-dev-check-schedule').Input as string)).toEqual({ mode: 'check' });
  });

  it('creates the central bus, its rules and permissions only under the CentralBusEnabled condition', () => {
    const central = Object.keys(template.Resources).filter((id) => id.startsWith('Central'));
    // bus, 4 rules, 4 dead-letter-lost alarms (the rules send to the event queues: no Lambda permission)
    expect(central).toHaveLength(9);
    for (const id of central) expect(template.Resources[id]!.Condition, id).toBe('CentralBusEnabled');
    expect(template.Parameters?.OrgId?.Default).toBe('');
    expect(scoped.Parameters?.OrgId?.Default).toBe('o-exampleorg1');
    expect(scoped.Parameters?.SourceAccounts?.Default).toBe('111111111111,222222222222');
  });

  it('narrows every ECS rule to the configured clusters', () => {
    const patterns = resourcesOfType(scoped, 'AWS::Events::Rule')
      .map(([, r]) => r.Properties.EventPattern)
      .filter(Boolean);
    const expected = Object.values(buildEventPatterns(['prod', 'batch']));
    expect(patterns).toHaveLength(8);
    for (const pattern of patterns) expect(expected).toContainEqual(pattern);
  });
});

const RULE_ARN = `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/`;
// The rules (default and central bus) whose target is a queue, as the ARN the queue policy must name.
const rulesSendingTo = (t: CfnTemplate, queue: string) =>
  resourcesOfType(t, 'AWS::Events::Rule')
    .filter(([, r]) =>
      asList(r.Properties.Targets as { Arn: unknown }[]).some((target) => referencedId(target.Arn) === queue),
    )
    .map(([id, r]) => ({
      id,
      rule: r,
      arn: `${RULE_ARN}${r.Properties.EventBusName ? `${t.Resources.CentralBus!.Properties.Name}/` : ''}${r.Properties.Name}`,
    }));

describe('Template: event queues (EventBridge -> SQS -> Lambda batches)', () => {
  const queue = (id: string) => template.Resources[`${id}Queue`]!.Properties;

  it.each(EVENT_FUNCTIONS)('%s has an encrypted queue, visibility 180 s, DLQ after 5 receives', (id) => {
    expect(queue(id)).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      MessageRetentionPeriod: 345_600,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [`${id}DeadLetterQueue`, 'Arn'] }, maxReceiveCount: 5 },
    });
    // AWS guidance: visibility timeout at least 6 x the function timeout.
    const timeout = template.Resources[`${id}LambdaFunction`]!.Properties.Timeout as number;
    expect(queue(id).VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * timeout);
    const dlq = template.Resources[`${id}DeadLetterQueue`]!.Properties;
    expect(dlq).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    expect(subOf(asList((dlq.RedriveAllowPolicy as { sourceQueueArns: unknown[] }).sourceQueueArns)[0])).toBe(
      `arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:${queue(id).QueueName}`,
    );
  });

  it.each(EVENT_FUNCTIONS)('%s reads its queue in batches of 100, 10 s window, item failures, 2 at once', (id) => {
    const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => referencedId(m.Properties.FunctionName) === `${id}LambdaFunction`,
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]![1].Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [`${id}Queue`, 'Arn'] },
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
      Enabled: true,
    });
  });

  it.each<[string, number]>([
    ['TaskStateChange', 2],
    ['InstanceStateChange', 2],
    ['ServiceEvent', 4],
  ])('%s queue accepts SendMessage only from its own %i rules, over TLS', (id, count) => {
    for (const t of [template, scoped]) {
      const senders = rulesSendingTo(t, `${id}Queue`);
      expect(senders).toHaveLength(count);
      const statements = resourcePolicyStatements(t).filter(({ owner }) => owner === `${id}QueuePolicy`);
      const allow = statements.find(({ statement }) => statement.Effect === 'Allow')!.statement;
      expect(allow).toMatchObject({ Principal: { Service: 'events.amazonaws.com' }, Action: ['sqs:SendMessage'] });
      expect(allow.Resource).toEqual([{ 'Fn::GetAtt': [`${id}Queue`, 'Arn'] }]);
      // The central-bus ARNs are listed only when the bus exists.
      const named = asList(allow.Condition?.ArnEquals?.['aws:SourceArn']).map((arn) => {
        const branches = (arn as { 'Fn::If'?: unknown[] })['Fn::If'];
        return branches
          ? { condition: branches[0], arn: subOf(branches[1]) }
          : { condition: undefined, arn: subOf(arn) };
      });
      expect(named.map((n) => n.arn).sort()).toEqual(senders.map((r) => r.arn).sort());
      for (const { rule, arn } of senders) {
        expect(named.find((n) => n.arn === arn)!.condition).toBe(rule.Condition);
        // The rule exists only once the policy admits it.
        expect(asList(rule.DependsOn)).toEqual([`${id}QueuePolicy`]);
      }
      expect(statements.find(({ statement }) => statement.Effect === 'Deny')!.statement.Condition).toEqual({
        Bool: { 'aws:SecureTransport': 'false' },
      });
    }
  });

  it('sends every ECS rule to a queue and every schedule to its function', () => {
    for (const [id, rule] of resourcesOfType(template, 'AWS::Events::Rule')) {
      const target = referencedId((rule.Properties.Targets as { Arn: unknown }[])[0]!.Arn);
      if (rule.Properties.EventPattern) expect(target, id).toMatch(/Queue$/);
      else expect(target, id).toMatch(/(LambdaFunction|DigestAlias)$/);
    }
  });

  it('alarms on a backlog older than 5 minutes and on every new dead letter of each event queue', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const id of EVENT_FUNCTIONS) {
      const backlog = alarms.find(
        (a) =>
          a.MetricName === 'ApproximateAgeOfOldestMessage' &&
          referencedId((a.Dimensions as { Value: unknown }[])[0]!.Value) === `${id}Queue`,
      );
      expect(backlog, id).toMatchObject({ Statistic: 'Maximum', Threshold: 300 });
      const arrivals = alarms.find((a) => JSON.stringify(a.Metrics ?? []).includes(`"${id}DeadLetterQueue"`)) as
        | { Metrics: { Id: string; Expression?: string; ReturnData: boolean }[] }
        | undefined;
      expect(arrivals, id).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      const returned = arrivals!.Metrics.filter((m) => m.ReturnData);
      expect(returned.map((m) => m.Expression)).toEqual([
        'MAX([DIFF(FILL(visible, 0) + FILL(inflight, 0)), FILL(sent, 0)])',
      ]);
      expect(arrivals!.Metrics.map((m) => m.Id).sort()).toEqual(['arrivals', 'inflight', 'sent', 'visible']);
    }
  });
  it('alarms when no ECS event reached any event queue for quietAlarmHours hours (12 by default, 0 = none)', () => {
    const quiet = template.Resources.NoEcsEventsAlarm!;
    expect(quiet.Condition).toBe('HasQuietAlarm');
    expect(template.Conditions?.HasQuietAlarm).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'QuietAlarmHours' }, '0'] }],
    });
    expect(template.Parameters?.QuietAlarmHours?.Default).toBe('12');
    const alarm = quiet.Properties as {
      Metrics: {
        Id: string;
        Expression?: string;
        ReturnData: boolean;
        MetricStat?: { Metric: { Dimensions: { Value: unknown }[] } };
      }[];
    } & Record<string, unknown>;
    expect(alarm).toMatchObject({
      EvaluationPeriods: { Ref: 'QuietAlarmHours' },
      DatapointsToAlarm: { Ref: 'QuietAlarmHours' },
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: 'AlertTopic' }],
      OKActions: [{ Ref: 'AlertTopic' }],
    });
    const queues = alarm.Metrics.filter((m) => m.MetricStat).map((m) => {
      expect(m.MetricStat).toMatchObject({ Stat: 'Sum', Period: 3600, Metric: { MetricName: 'NumberOfMessagesSent' } });
      return referencedId(m.MetricStat!.Metric.Dimensions[0]!.Value);
    });
    expect(queues.sort()).toEqual(EVENT_FUNCTIONS.map((id) => `${id}Queue`).sort());
    expect(alarm.Metrics.filter((m) => m.ReturnData).map((m) => m.Expression)).toEqual([
      'FILL(tasks, 0) + FILL(instances, 0) + FILL(services, 0)',
    ]);
  });
});

describe('Template: IAM least privilege', () => {
  it('allows no wildcard action in any identity or resource policy (only Deny may, e.g. TLS-only)', () => {
    for (const t of [template, scoped]) {
      for (const { owner, statement } of [...identityStatements(t), ...resourcePolicyStatements(t)]) {
        if (statement.Effect !== 'Allow') continue;
        for (const action of statement.Action) expect(action, owner).not.toContain('*');
      }
    }
  });

  it('grants Resource "*" only for actions AWS cannot scope, each with its scoping condition', () => {
    for (const t of [template, scoped]) {
      for (const { owner, statement } of identityStatements(t)) {
        if (!statement.Resource.includes('*')) continue;
        for (const action of statement.Action) {
          expect(Object.keys(STAR_RESOURCE_ALLOWED), `${owner}: ${action}`).toContain(action);
          const key = STAR_RESOURCE_ALLOWED[action];
          if (key) expect(JSON.stringify(statement.Condition), `${owner}: ${action}`).toContain(`"${key}"`);
        }
      }
    }
  });

  it('limits every ECS write to the clusters in scope', () => {
    const accountClusters = [`arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:cluster/*`];
    const configured = ['prod', 'batch'].map(
      (c) => `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:cluster/${c}`,
    );
    for (const [t, clusters] of [
      [template, accountClusters],
      [scoped, configured],
    ] as const) {
      for (const action of ECS_WRITES) {
        const found = statementsWith(t, action);
        expect(found.length, action).toBeGreaterThan(0);
        for (const { owner, statement } of found) {
          // DeregisterContainerInstance is authorised on the cluster itself: the cluster list is its Resource.
          const scope =
            action === 'ecs:DeregisterContainerInstance'
              ? statement.Resource
              : asList(statement.Condition?.ArnEquals?.['ecs:cluster']);
          expect(scope.map(subOf), `${owner}: ${action}`).toEqual(clusters);
        }
      }
    }
  });

  it('runs replacement tasks only from opted-in families or tagged task definitions', () => {
    const runTask = (t: CfnTemplate) => statementsWith(t, 'ecs:RunTask').map(({ statement }) => statement);
    expect(runTask(template).map((s) => s.Sid)).toEqual(['RunTaggedDefinitions', 'RunTaggedDefinitions']);
    for (const s of runTask(template)) {
      expect(s.Condition?.StringEquals).toEqual({ 'aws:ResourceTag/ecs-lookout:replace': 'true' });
    }
    const families = runTask(scoped).find((s) => s.Sid === 'RunOptedInFamilies')!;
    expect(families.Resource.map(subOf)).toEqual([
      `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:task-definition/nightly-report:*`,
    ]);
    const roles = new Set(statementsWith(scoped, 'ecs:RunTask').flatMap((s) => s.roles));
    expect([...roles].sort()).toEqual(['GraceSweepRole', 'TaskStateChangeRole']);
  });

  it('passes only the configured roles, only to ECS tasks, and none by default', () => {
    expect(statementsWith(template, 'iam:PassRole')).toEqual([]);
    const passRole = statementsWith(scoped, 'iam:PassRole');
    expect(passRole.flatMap((p) => p.roles).sort()).toEqual(['GraceSweepRole', 'TaskStateChangeRole']);
    for (const { statement } of passRole) {
      expect(statement.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
      expect(statement.Resource).toEqual([SCOPED_PARAMS.taskRoleArns, SCOPED_PARAMS.executionRoleArns]);
    }
  });

  it('lets RunTask tag only the tasks it creates, in the clusters in scope', () => {
    for (const [t, clusters] of [
      [template, ['*']],
      [scoped, ['prod', 'batch']],
    ] as const) {
      const tagging = statementsWith(t, 'ecs:TagResource');
      expect(tagging.flatMap((s) => s.roles).sort()).toEqual(['GraceSweepRole', 'TaskStateChangeRole']);
      for (const { statement } of tagging) {
        expect(statement.Action).toEqual(['ecs:TagResource']);
        expect(statement.Condition).toEqual({ StringEquals: { 'ecs:CreateAction': 'RunTask' } });
        expect(statement.Resource.map(subOf)).toEqual(
          clusters.map((c) => `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:task/${c}/*`),
        );
      }
    }
  });

  it('leaves the grace sweep without log or task-definition reads (it re-sends the excerpt kept on the incident)', () => {
    const reads = [
      ...statementsWith(template, 'logs:GetLogEvents'),
      ...statementsWith(template, 'ecs:DescribeTaskDefinition'),
    ];
    expect(reads.filter(({ roles }) => roles.includes('GraceSweepRole'))).toEqual([]);
  });

  it.each(['TaskStateChange'])('lets %s quote container logs of /ecs/* groups only', (id) => {
    const reads = statementsWith(template, 'logs:GetLogEvents').filter(({ roles }) => roles.includes(`${id}Role`));
    expect(reads.map(({ statement }) => statement.Resource.map(subOf))).toEqual([
      [`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/ecs/*:*`],
    ]);
    const describe = statementsWith(template, 'ecs:DescribeTaskDefinition').filter(({ roles }) =>
      roles.includes(`${id}Role`),
    );
    expect(describe.map(({ statement }) => statement.Resource)).toEqual([['*']]);
  });

  it.each(Object.keys(FUNCTIONS))(
    'lets %s use only its own queue (event functions) or send failures (schedules)',
    (id) => {
      const sqs = identityStatements(scoped)
        .filter(({ roles }) => roles.includes(`${id}Role`))
        .map(({ statement }) => statement)
        .filter((statement) => statement.Action.some((action) => action.startsWith('sqs:')));
      if (EVENT_FUNCTIONS.includes(id)) {
        expect(sqs).toHaveLength(1);
        expect([...sqs[0]!.Action].sort()).toEqual([
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
        ]);
        expect(sqs[0]!.Resource.map(referencedId)).toEqual([`${id}Queue`]);
      } else {
        expect(sqs.map((s) => [s.Action, s.Resource.map(referencedId)])).toEqual([
          [['sqs:SendMessage'], ['FailedInvocationsQueue']],
        ]);
      }
    },
  );

  it.each(Object.keys(FUNCTIONS))('lets %s write only to its own log group', (id) => {
    const logs = statementsWith(template, 'logs:PutLogEvents').filter(({ roles }) => roles.includes(`${id}Role`));
    expect(logs.map(({ statement }) => statement.Resource.map(referencedId))).toEqual([[`${id}LogGroup`]]);
  });

  it.each(Object.entries(ECS_ACTIONS))('grants %s exactly the ECS actions its code path calls', (id, expected) => {
    const actions = identityStatements(scoped)
      .filter(({ roles }) => roles.includes(`${id}Role`))
      .flatMap(({ statement }) => statement.Action)
      .filter((action) => action.startsWith('ecs:'));
    expect([...new Set(actions)].sort()).toEqual(expected);
  });

  it('lets the functions read routing tags only when routing by tags is turned on (off by default)', () => {
    const policy = template.Resources.ReadRoutingTagsPolicy!;
    expect(policy.Condition).toBe('RouteByTagsEnabled');
    expect(template.Parameters?.RouteByTags?.Default).toBe('false');
    expect(identityStatements(template).filter(({ owner }) => owner === 'ReadRoutingTagsPolicy')).toHaveLength(1);
    const elsewhere = identityStatements(template).filter(
      ({ owner, statement }) => owner !== 'ReadRoutingTagsPolicy' && statement.Sid === 'ReadRoutingTags',
    );
    expect(elsewhere).toEqual([]);
  });

  it('grants every AWS call the functions make to some role (except the unused Secrets Manager source)', () => {
    const granted = new Set(identityStatements(template).flatMap(({ statement }) => statement.Action));
    const calls = sdkCalls(ROOT, ['shared', 'functions']).filter(({ file }) => !CLI_ONLY_FILES.includes(file));
    expect(CLI_ONLY_FILES.every((file) => sdkCalls(ROOT, ['shared']).some((call) => call.file === file))).toBe(true);
    expect(calls.length).toBeGreaterThan(10);
    const missing = calls.filter(({ action }) => !granted.has(action) && !NOT_GRANTED.includes(action));
    expect(missing).toEqual([]);
  });
});

describe('Template: data protection and alarms', () => {
  it('encrypts every queue, topic, table and bucket', () => {
    for (const [id, q] of resourcesOfType(template, 'AWS::SQS::Queue'))
      expect(q.Properties.SqsManagedSseEnabled, id).toBe(true);
    for (const [id, t] of resourcesOfType(template, 'AWS::SNS::Topic'))
      expect(referencedId(t.Properties.KmsMasterKeyId), id).toBe('AlertTopicKey');
    for (const [id, t] of resourcesOfType(template, 'AWS::DynamoDB::Table'))
      expect(t.Properties.SSESpecification, id).toEqual({ SSEEnabled: true });
    for (const [id, b] of resourcesOfType(template, 'AWS::S3::Bucket'))
      expect(b.Properties.BucketEncryption, id).toBeDefined();
  });

  it('keeps the state table as the pipeline expects it', () => {
    const table = template.Resources.StateTable!.Properties;
    expect(table.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(table.GlobalSecondaryIndexes).toMatchObject([{ IndexName: 'gsi1' }]);
  });

  it('sets a retention on every log group, keeps dead letters 14 days and queued events 4 days', () => {
    const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');
    expect(groups).toHaveLength(5);
    for (const [id, g] of groups) expect(g.Properties.RetentionInDays, id).toBe(30);
    const queues = resourcesOfType(template, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(8);
    for (const [id, q] of queues) {
      const main = EVENT_FUNCTIONS.some((fn) => id === `${fn}Queue`);
      expect(q.Properties.MessageRetentionPeriod, id).toBe(main ? 345_600 : 1_209_600);
    }
  });

  it('alarms on errors, throttles, dead letters and failed Slack deliveries, to the alert topic', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const id of Object.keys(FUNCTIONS)) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(
          alarms.some((a) => a.MetricName === metric && JSON.stringify(a.Dimensions).includes(`${id}LambdaFunction`)),
        ).toBe(true);
      }
    }
    // Dead letters alarm on every new arrival, not on depth (which would stay in ALARM after the first).
    const arrivals = alarms.filter((a) => a.MetricName === 'NumberOfMessagesSent');
    expect(arrivals.map((a) => referencedId((a.Dimensions as { Value: unknown }[])[0]!.Value)).sort()).toEqual([
      'FailedInvocationsQueue',
      'UndeliveredEventsQueue',
    ]);
    for (const a of arrivals) expect(a).toMatchObject({ Statistic: 'Sum', Threshold: 0, Period: 60 });
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toEqual([]);
    const destinations = alarms.filter((a) => a.MetricName === 'DestinationDeliveryFailures');
    const withDestination = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').map(([, c]) =>
      referencedId(c.Properties.FunctionName),
    );
    expect(destinations.map((a) => referencedId((a.Dimensions as { Value: unknown }[])[0]!.Value)).sort()).toEqual(
      [...new Set(withDestination)].sort(),
    );
    const abandoned = alarms.filter((a) => a.MetricName === 'AlertsAbandoned');
    expect(abandoned.map((a) => a.Dimensions)).toEqual([
      [{ Name: 'Channel', Value: 'slack' }],
      [{ Name: 'Channel', Value: 'sns' }],
    ]);
    for (const a of abandoned) expect(a).toMatchObject({ Namespace: 'ECSLookout', Threshold: 0 });
    const slack = alarms.find((a) => a.MetricName === 'AlertDeliveries')!;
    expect(slack).toMatchObject({
      Namespace: 'ECSLookout',
      Dimensions: [
        { Name: 'Channel', Value: 'slack' },
        { Name: 'Outcome', Value: 'failed' },
      ],
    });
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: 'AlertTopic' }]);
    expect(template.Resources.AlarmEmailSubscription!.Condition).toBe('HasAlarmEmail');
  });

  it('alarms when any rule loses a dead letter, with the dimensions of its bus', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(
      ([, a]) => a.Properties.MetricName === 'InvocationsFailedToBeSentToDlq',
    );
    const rules = resourcesOfType(template, 'AWS::Events::Rule');
    expect(alarms).toHaveLength(rules.length);
    for (const [, rule] of rules) {
      const dimensions = rule.Properties.EventBusName
        ? [
            { Name: 'EventBusName', Value: 'ecs-lookout-dev-ecs' },
            { Name: 'RuleName', Value: rule.Properties.Name },
          ]
        : [{ Name: 'RuleName', Value: rule.Properties.Name }];
      const alarm = alarms.find(([, a]) => JSON.stringify(a.Properties.Dimensions) === JSON.stringify(dimensions));
      expect(alarm, String(rule.Properties.Name)).toBeDefined();
      expect(alarm![1].Condition).toBe(rule.Condition);
    }
  });

  it('charts every ECSLookout metric with a SEARCH expression', () => {
    const body = (template.Resources.LookoutDashboard!.Properties.DashboardBody as { 'Fn::Sub': string })['Fn::Sub'];
    const dashboard = JSON.parse(body.replaceAll(`\${AWS::Region}`, 'us-east-1')) as { widgets: unknown[] };
    expect(dashboard.widgets.length).toBeGreaterThanOrEqual(7);
    for (const metric of [
      'TaskFailures',
      'LostInstances',
      'DeploymentFailures',
      'IncidentsOpened',
      'IncidentsResolved',
      'Remediations',
      'AlertDeliveries',
      'EventsProcessed',
      'EventsRetried',
    ]) {
      expect(body).toMatch(new RegExp(`SEARCH\\('\\{ECSLookout,[\\w,]+\\} MetricName=\\\\"${metric}\\\\"`));
    }
  });
});

describe('Template: cfn-lint', () => {
  it('finds nothing in the default, the scoped and the member-account templates, with no rule ignored', () => {
    const templates = [
      join(ROOT, '.serverless/cloudformation-template-update-stack.json'),
      scopedPath,
      'infra/member-account-forwarder.yml',
    ];
    const output = execFileSync('cfn-lint', templates, { cwd: ROOT, encoding: 'utf8' });
    expect(output.trim()).toBe('');
    expect(existsSync(join(ROOT, '.cfnlintrc'))).toBe(false);
  }, 120_000);
});
