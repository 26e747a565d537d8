import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReplacementStatements } from '../../../infra/scope.cjs';
import { parseMemberRoles } from '../../../shared/domain/member-roles.js';
import { ROOT } from '../../helpers/cfn-template.js';

const MEMBER_TEMPLATE = 'infra/member-account-forwarder.yml';

/** YAML CloudFormation files as JSON, short-form tags (!Sub, !If …) expanded by cfn-lint's own decoder (one run). */
// biome-ignore lint/suspicious/noExplicitAny: decoded CloudFormation templates are walked by key, as JSON.
type Json = any;

function decodeAll(paths: string[]): Record<string, Record<string, Json>> {
  const script = [
    'import json,sys',
    'from cfnlint.decode import decode',
    'print(json.dumps({p: decode(p)[0] for p in sys.argv[1:]}))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, ...paths], { cwd: ROOT, encoding: 'utf8' }));
}

const IAM_FILES = readdirSync(join(ROOT, 'infra/iam'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => `infra/iam/${f}`);
const decoded = decodeAll([MEMBER_TEMPLATE, ...IAM_FILES]);
const decode = (path: string) => decoded[path]!;

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

interface Grant {
  action: string;
  resources: unknown[];
  condition?: Record<string, Record<string, unknown>>;
}

/** Every Allow statement of a policy document as one grant per action (Fn::If branches taken as granted). */
function grants(statements: unknown[]): Grant[] {
  return statements.flatMap((raw) => {
    const s = (raw as { 'Fn::If'?: unknown[] })['Fn::If'] ? (raw as { 'Fn::If': unknown[] })['Fn::If'][1] : raw;
    const statement = s as { Effect: string; Action: unknown; Resource: unknown; Condition?: Grant['condition'] };
    if (statement.Effect !== 'Allow') return [];
    return list(statement.Action).map((action) => ({
      action: String(action),
      resources: list(statement.Resource),
      ...(statement.Condition ? { condition: statement.Condition } : {}),
    }));
  });
}

const template = decode(MEMBER_TEMPLATE);
const role = template.Resources.MemberRole;
const readGrants = grants(role.Properties.Policies.flatMap((p: Json) => p.PolicyDocument.Statement));
const remediation = template.Resources.MemberRemediationPolicy;
const writeGrants = grants(remediation.Properties.PolicyDocument.Statement);

/** The resource type of an ARN (`cluster`, `task`, `container-instance`, `log-group` …), or `*`. */
function resourceType(resource: unknown): string {
  if (resource === '*') return '*';
  // The monitor's cluster list is built at package time from its clusters param: cluster ARNs.
  if (resource === `\${file(infra/scope.cjs):clusterArns}`) return 'ecs:cluster';
  // The member stack's TaskRoleArns parameter: IAM role ARNs, validated by the account that passes them.
  if (JSON.stringify(resource) === '{"Ref":"TaskRoleArns"}') return 'iam:role';
  const text = JSON.stringify(resource).replace(/\$\{[^}]*\}/g, 'X');
  const match = /:(ecs|logs|iam):[^:]*:[^:]*:([a-z-]+)[/:]/.exec(text);
  return match ? `${match[1]}:${match[2]}` : text;
}

/** The monitor's own grants (infra/iam/*.yml, and the task-replacement statements infra/scope.cjs builds). */
function monitorGrants(): Grant[] {
  const fromRoles = IAM_FILES.flatMap((file) => {
    const resources = Object.values(decode(file).Resources ?? {}) as Json[];
    return resources.flatMap((r) => {
      const policies = r.Type === 'AWS::IAM::Role' ? (r.Properties.Policies ?? []) : [];
      return grants(
        policies.flatMap((p: Json) => list(p.PolicyDocument.Statement)).filter((s: unknown) => typeof s === 'object'),
      );
    });
  });
  const replacement = buildReplacementStatements({
    clusters: ['prod'],
    families: [],
    roleArns: ['arn:aws:iam::123456789012:role/task'],
  });
  return [...fromRoles, ...grants(replacement)];
}

describe('Member-account template', () => {
  it('is cfn-lint clean', () => {
    expect(execFileSync('cfn-lint', [MEMBER_TEMPLATE], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe('');
  }, 60_000);

  it('lets only the monitor account assume the role, with the ExternalId, from its function roles, in the organisation when set', () => {
    const [trust, ...others] = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(others).toEqual([]);
    expect(trust).toMatchObject({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { AWS: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${MonitorAccountId}:root` } },
    });
    expect(trust.Condition.StringEquals['sts:ExternalId']).toEqual({ Ref: 'ExternalId' });
    expect(trust.Condition.StringEquals['aws:PrincipalOrgID']).toEqual({
      'Fn::If': ['InOrganization', { Ref: 'OrganizationId' }, { Ref: 'AWS::NoValue' }],
    });
    expect(trust.Condition.ArnLike['aws:PrincipalArn']).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:iam::\${MonitorAccountId}:role/\${MonitorRolePattern}`,
    });
    // A role without its ExternalId can't be deployed.
    expect(JSON.stringify(template.Rules.ExternalIdWithMonitor)).toContain('ExternalId');
  });

  it('creates the (global) role once per account, and remediation only where the account enables it', () => {
    expect(role.Condition).toBe('CreateMemberRole');
    expect(JSON.stringify(template.Conditions.CreateMemberRole)).toContain('RoleRegion');
    expect(remediation.Condition).toBe('RemediationEnabled');
    expect(template.Parameters.EnableRemediation.Default).toBe('false');
    const writes = ['ecs:UpdateContainerInstancesState', 'ecs:DeregisterContainerInstance', 'ecs:RunTask'];
    expect(readGrants.filter((g) => writes.includes(g.action) || g.action.startsWith('iam:'))).toEqual([]);
    expect(writeGrants.map((g) => g.action).sort()).toEqual([
      'ecs:DeregisterContainerInstance',
      'ecs:RunTask',
      'ecs:TagResource',
      'ecs:UpdateContainerInstancesState',
      'iam:PassRole',
    ]);
  });

  it('grants no action the monitor functions lack, on no other resource type, and "*" only where they have it', () => {
    const own = monitorGrants();
    for (const grant of [...readGrants, ...writeGrants]) {
      const same = own.filter((g) => g.action === grant.action);
      expect(same.length, grant.action).toBeGreaterThan(0);
      const types = new Set(same.flatMap((g) => g.resources.map(resourceType)));
      for (const resource of grant.resources) expect([...types], grant.action).toContain(resourceType(resource));
    }
  });

  it('limits every ECS write, task list and task read to the Clusters parameter, and RunTask to tagged definitions', () => {
    const inClusters = (g: Grant) =>
      JSON.stringify(
        g.action === 'ecs:DeregisterContainerInstance' ? g.resources : g.condition?.ArnLike?.['ecs:cluster'],
      );
    for (const action of ['ecs:UpdateContainerInstancesState', 'ecs:DeregisterContainerInstance', 'ecs:RunTask']) {
      const grant = writeGrants.find((g) => g.action === action)!;
      expect(inClusters(grant), action).toContain('{"Ref":"Clusters"}');
    }
    for (const action of ['ecs:ListTasks', 'ecs:DescribeTasks'])
      expect(inClusters(readGrants.find((g) => g.action === action)!), action).toContain('{"Ref":"Clusters"}');
    const runTask = writeGrants.find((g) => g.action === 'ecs:RunTask')!;
    expect(runTask.condition?.StringEquals).toEqual({ 'aws:ResourceTag/ecs-lookout:replace': 'true' });
    expect(writeGrants.find((g) => g.action === 'ecs:TagResource')?.condition).toEqual({
      StringEquals: { 'ecs:CreateAction': 'RunTask' },
    });
    expect(writeGrants.find((g) => g.action === 'iam:PassRole')?.condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    });
  });

  it('names the role as the monitor expects it: one name for the registry default and the monitor IAM param', () => {
    const parsed = parseMemberRoles('{"accounts": {"111111111111": {"regions": ["us-east-1"]}}}');
    const name = template.Parameters.MemberRoleName.Default;
    expect(parsed.ok && parsed.members[0]?.roleArn).toBe(`arn:aws:iam::111111111111:role/${name}`);
    const statements = decode('infra/iam/statements.yml');
    expect(statements.AssumeMemberRoles).toEqual({
      Sid: 'AssumeMemberRoles',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/\${param:memberRoleName}` },
    });
    const serverless = execFileSync('grep', ['-E', '^ +memberRoleName:', 'serverless.yml'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(serverless).toContain(`memberRoleName: ${name} `);
  });
});
