import { describe, expect, it } from 'vitest';
import {
  buildParameterArn,
  buildParameterPathArn,
  buildReplacementStatements,
  parseClusters,
  parseFamilies,
  parseRoleArns,
  splitList,
} from '../../../infra/scope.cjs';

describe('Function: splitList', () => {
  it.each<[unknown, string[]]>([
    ['', []],
    [undefined, []],
    [null, []],
    ['a', ['a']],
    [' a , b ,, c ', ['a', 'b', 'c']],
    [42, ['42']],
  ])('splits %j', (value, expected) => {
    expect(splitList(value)).toEqual(expected);
  });
});

describe('Param validation (fails the package, never the deploy)', () => {
  it.each<[string, () => unknown, RegExp]>([
    // ARNs are refused: the runtime compares cluster names
    ['cluster ARN', () => parseClusters('arn:aws:ecs:us-east-1:123456789012:cluster/prod'), /clusters/],
    ['cluster with a wildcard', () => parseClusters('prod-*'), /clusters/],
    ['family with a revision', () => parseFamilies('report:3'), /replaceFamilies/],
    ['role wildcard', () => parseRoleArns('arn:aws:iam::123456789012:role/*'), /without wildcards/],
    ['role pattern', () => parseRoleArns('', 'arn:aws:iam::123456789012:role/ecs-*'), /without wildcards/],
    ['not a role', () => parseRoleArns('arn:aws:iam::123456789012:user/alice'), /role ARN/],
    ['parameter with spaces', () => buildParameterArn('/slack webhook'), /slackWebhookParam/],
  ])('refuses a %s', (_name, act, message) => {
    expect(act).toThrow(message);
  });

  it('accepts names, families and role ARNs, trimming the lists', () => {
    expect(parseClusters(' prod , batch_01 ')).toEqual(['prod', 'batch_01']);
    expect(parseFamilies('nightly-report')).toEqual(['nightly-report']);
    expect(parseRoleArns('arn:aws:iam::123456789012:role/svc/task', 'arn:aws-cn:iam::123456789012:role/exec')).toEqual([
      'arn:aws:iam::123456789012:role/svc/task',
      'arn:aws-cn:iam::123456789012:role/exec',
    ]);
  });
});

describe('Function: buildParameterArn', () => {
  it.each([['/ecs-lookout/slack-webhook'], ['ecs-lookout/slack-webhook']])('builds one ARN for %s', (name) => {
    expect(buildParameterArn(name)).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/ecs-lookout/slack-webhook`,
    });
  });
});

describe('Function: buildParameterPathArn', () => {
  const fallback = buildParameterArn('/ecs-lookout/slack-webhook');

  it('grants the parameters under the path, and only the fallback for an empty path', () => {
    expect(buildParameterPathArn('/ecs-lookout/slack-webhooks/', 'slackWebhooksPath', fallback)).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/ecs-lookout/slack-webhooks/*`,
    });
    expect(buildParameterPathArn('', 'slackWebhooksPath', fallback)).toBe(fallback);
  });

  it.each([['/ecs-lookout/slack-webhooks'], ['ecs-lookout/'], ['/'], ['/a b/']])(
    'rejects %s naming the param',
    (path) => {
      expect(() => buildParameterPathArn(path, 'slackWebhooksPath', fallback)).toThrow(/slackWebhooksPath/);
    },
  );
});

describe('Function: buildReplacementStatements', () => {
  it('keeps only the tag opt-in when no family and no role is configured', () => {
    const statements = buildReplacementStatements({ clusters: [], families: [], roleArns: [] });
    expect(statements.map((s) => s.Sid)).toEqual(['RunTaggedDefinitions', 'TagReplacementTasksOnCreate']);
  });

  it('adds the families and PassRole, all scoped to the clusters', () => {
    const statements = buildReplacementStatements({
      clusters: ['prod'],
      families: ['a', 'b'],
      roleArns: ['arn:aws:iam::123456789012:role/a-task'],
    });
    expect(statements.map((s) => s.Sid)).toEqual([
      'RunOptedInFamilies',
      'RunTaggedDefinitions',
      'TagReplacementTasksOnCreate',
      'PassTaskRoles',
    ]);
    for (const s of statements.filter((st) => st.Action === 'ecs:RunTask')) {
      expect(s.Condition?.ArnEquals).toEqual({
        'ecs:cluster': [{ 'Fn::Sub': `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:cluster/prod` }],
      });
    }
    expect(statements[0]!.Resource).toHaveLength(2);
  });

  it.each<[string[], string[]]>([
    [[], ['*']],
    [
      ['prod', 'batch'],
      ['prod', 'batch'],
    ],
  ])('lets RunTask tag only the task it creates, in the clusters %j', (clusters, names) => {
    const tag = buildReplacementStatements({ clusters, families: [], roleArns: [] }).find(
      (s) => s.Action === 'ecs:TagResource',
    )!;
    expect(tag.Condition).toEqual({ StringEquals: { 'ecs:CreateAction': 'RunTask' } });
    expect(tag.Resource).toEqual(
      names.map((name) => ({
        'Fn::Sub': `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:task/${name}/*`,
      })),
    );
  });
});
