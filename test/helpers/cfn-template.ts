/**
 * Loads the packaged CloudFormation template (.serverless/, built by `node scripts/package.mjs` when
 * missing) and packages variants with other stage params in a scratch copy of the service, so the
 * repository's .serverless/ is never touched. Plus small readers for resources and IAM statements.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Repository root. */
export const ROOT = join(import.meta.dirname, '../..');
const TEMPLATE = 'cloudformation-template-update-stack.json';
const FUNCTIONS = ['task-state-change', 'instance-state-change', 'service-event', 'grace-sweep', 'health-report'];

/** A CloudFormation resource. */
export interface CfnResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  Properties: Record<string, unknown>;
}

/** A CloudFormation template as osls writes it. */
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Parameters?: Record<string, { Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
}

/** An IAM statement, normalised so Action and Resource are arrays. */
export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string[];
  Resource: unknown[];
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
}

/** One IAM statement with where it came from. */
export interface LocatedStatement {
  /** Logical ID of the resource holding the policy. */
  owner: string;
  /** Role logical IDs the statement applies to (empty for resource policies). */
  roles: string[];
  statement: Statement;
}

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, {
    cwd,
    stdio: 'pipe',
    encoding: 'utf8',
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
  });

/** The default template; runs the package script first when .serverless/ has none. */
export function loadTemplate(): CfnTemplate {
  const path = join(ROOT, '.serverless', TEMPLATE);
  if (!existsSync(path)) run('node', ['scripts/package.mjs'], ROOT);
  return JSON.parse(readFileSync(path, 'utf8')) as CfnTemplate;
}

/** Packages the service with extra `--param name=value` pairs in a scratch copy; returns the template path. */
export function packageWithParams(params: Record<string, string>): string {
  if (FUNCTIONS.some((name) => !existsSync(join(ROOT, 'dist', name, 'index.mjs')))) {
    run('node', ['scripts/build.mjs'], ROOT);
  }
  const copy = mkdtempSync(join(tmpdir(), 'lookout-package-'));
  // osls wants serverless.yml as a real file; the rest can be links.
  copyFileSync(join(ROOT, 'serverless.yml'), join(copy, 'serverless.yml'));
  for (const entry of ['infra', 'dist', 'node_modules', 'package.json'])
    symlinkSync(join(ROOT, entry), join(copy, entry));
  const args = Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
  run(join(ROOT, 'node_modules', '.bin', 'osls'), ['package', '--stage', 'scoped', ...args], copy);
  return join(copy, '.serverless', TEMPLATE);
}

/** Reads a template file written by packageWithParams. */
export function readTemplate(path: string): CfnTemplate {
  return JSON.parse(readFileSync(path, 'utf8')) as CfnTemplate;
}

/** Removes the scratch copy packageWithParams made. */
export function discardPackage(path: string): void {
  rmSync(join(path, '../..'), { recursive: true, force: true });
}

/** Logical IDs and resources of one type. */
export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** A value or list as a list. */
export const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The logical ID a `Ref`, `Fn::GetAtt` or `Fn::Sub: "${X.Arn}"` points at. */
export function referencedId(value: unknown): string | undefined {
  const v = value as Record<string, unknown>;
  if (typeof v?.Ref === 'string') return v.Ref;
  const getAtt = v?.['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return String(getAtt[0]);
  const sub = v?.['Fn::Sub'];
  if (typeof sub === 'string') return /^\$\{(\w+)\.Arn\}$/.exec(sub)?.[1];
  return undefined;
}

function normalise(raw: Record<string, unknown>): Statement {
  return {
    ...(raw as unknown as Statement),
    Action: asList(raw.Action as string | string[]),
    Resource: asList(raw.Resource),
  };
}

/** Every statement of every identity policy (role inline policies and role policies). */
export function identityStatements(template: CfnTemplate): LocatedStatement[] {
  const found: LocatedStatement[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties;
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of asList(props.Policies as { PolicyDocument: { Statement: unknown } }[])) {
        for (const s of asList(policy.PolicyDocument.Statement))
          found.push({ owner: id, roles: [id], statement: normalise(s as Record<string, unknown>) });
      }
    }
    if (['AWS::IAM::RolePolicy', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(resource.Type)) {
      const roles = [...asList(props.RoleName), ...asList(props.Roles as unknown[])]
        .map(referencedId)
        .filter(Boolean) as string[];
      const document = props.PolicyDocument as { Statement: unknown };
      for (const s of asList(document.Statement))
        found.push({ owner: id, roles, statement: normalise(s as Record<string, unknown>) });
    }
  }
  return found;
}

/** Every statement of every resource policy (key, topic, queue, bus), `Fn::If` branches included. */
export function resourcePolicyStatements(template: CfnTemplate): LocatedStatement[] {
  const documents: [string, unknown][] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties;
    for (const key of ['KeyPolicy', 'PolicyDocument', 'Policy']) {
      if (props[key] && !resource.Type.startsWith('AWS::IAM::')) documents.push([id, props[key]]);
    }
  }
  const found: LocatedStatement[] = [];
  for (const [id, document] of documents) {
    for (const entry of asList((document as { Statement: unknown }).Statement)) {
      const branches = (entry as Record<string, unknown[]>)['Fn::If'];
      const statements = branches ? [branches[1]] : [entry];
      for (const s of statements)
        found.push({ owner: id, roles: [], statement: normalise(s as Record<string, unknown>) });
    }
  }
  return found;
}
