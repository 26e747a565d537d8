import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CfnTemplate,
  discardPackage,
  identityStatements,
  packageWithParams,
  ROOT,
  readTemplate,
  resourcePolicyStatements,
} from '../../helpers/cfn-template.js';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

let enabledPath: string;
let enabled: CfnTemplate;
let defaultsPath: string;
let defaults: CfnTemplate;

beforeAll(() => {
  defaultsPath = packageWithParams({});
  defaults = readTemplate(defaultsPath);
  enabledPath = packageWithParams({ reportBucket: 'true', reportBucketKmsKeyArn: KEY, reportRetentionDays: '14' });
  enabled = readTemplate(enabledPath);
}, 240_000);

afterAll(() => {
  discardPackage(enabledPath);
  discardPackage(defaultsPath);
});

const bucket = () => enabled.Resources.HealthPageBucket!;
const pageStatements = (t: CfnTemplate) =>
  identityStatements(t).filter(({ statement }) => statement.Action.some((a) => a.startsWith('s3:')));

describe('Template: health page bucket (reportBucket=true)', () => {
  it('is off by default: the bucket, its policy and the role policies only exist under ReportBucketEnabled', () => {
    expect(defaults.Parameters?.ReportBucket?.Default).toBe('false');
    expect(defaults.Resources.HealthPageBucket?.Condition).toBe('ReportBucketEnabled');
    for (const id of [
      'HealthPageBucket',
      'HealthPageBucketPolicy',
      'HealthReportPagePolicy',
      'HealthPageAccessLogBucket',
      'HealthPageAccessLogBucketPolicy',
    ])
      expect(enabled.Resources[id]?.Condition, id).toBe('ReportBucketEnabled');
    expect(enabled.Resources.HealthReportPageKeyPolicy?.Condition).toBe('ReportBucketUsesKms');
    expect(enabled.Parameters?.ReportBucket?.Default).toBe('true');
  });

  it('blocks every kind of public access and turns ACLs off', () => {
    expect(bucket().Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket().Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  it('encrypts with the given KMS key, else SSE-S3', () => {
    const rule = (bucket().Properties.BucketEncryption as { ServerSideEncryptionConfiguration: unknown[] })
      .ServerSideEncryptionConfiguration[0] as { ServerSideEncryptionByDefault: { 'Fn::If': unknown[] } };
    expect(rule.ServerSideEncryptionByDefault['Fn::If']).toEqual([
      'ReportBucketUsesKms',
      { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { Ref: 'ReportBucketKmsKeyArn' } },
      { SSEAlgorithm: 'AES256' },
    ]);
    expect(enabled.Parameters?.ReportBucketKmsKeyArn?.Default).toBe(KEY);
  });

  it('expires pages after the configured days', () => {
    const rules = (bucket().Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules).toEqual([
      expect.objectContaining({
        Status: 'Enabled',
        Prefix: 'reports/',
        ExpirationInDays: { Ref: 'ReportRetentionDays' },
      }),
    ]);
    expect(enabled.Parameters?.ReportRetentionDays?.Default).toBe('14');
  });

  it('refuses any request without TLS 1.2+', () => {
    const denies = resourcePolicyStatements(enabled).filter(({ owner }) => owner === 'HealthPageBucketPolicy');
    expect(denies.map(({ statement }) => [statement.Effect, statement.Action, statement.Condition])).toEqual([
      ['Deny', ['s3:*'], { Bool: { 'aws:SecureTransport': 'false' } }],
      ['Deny', ['s3:*'], { NumericLessThan: { 's3:TlsVersion': '1.2' } }],
    ]);
  });

  it('lets only the health-report role write and read pages, only under reports/', () => {
    const granted = pageStatements(enabled);
    expect(granted.map(({ roles, statement }) => [roles, statement.Action, statement.Resource])).toEqual([
      [['HealthReportRole'], ['s3:PutObject', 's3:GetObject'], [{ 'Fn::Sub': `\${HealthPageBucket.Arn}/reports/*` }]],
    ]);
    const kms = identityStatements(enabled).filter(({ owner }) => owner === 'HealthReportPageKeyPolicy');
    expect(kms.map(({ statement }) => [statement.Action, statement.Resource, statement.Condition])).toEqual([
      [
        ['kms:GenerateDataKey', 'kms:Decrypt'],
        [{ Ref: 'ReportBucketKmsKeyArn' }],
        { StringEquals: { 'kms:ViaService': { 'Fn::Sub': `s3.\${AWS::Region}.amazonaws.com` } } },
      ],
    ]);
  });

  it('tells the function the bucket and the link lifetime, and only that function', () => {
    const env = (id: string) =>
      (enabled.Resources[id]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env('HealthReportLambdaFunction')).toMatchObject({
      LOOKOUT_REPORT_BUCKET: {
        'Fn::If': ['ReportBucketEnabled', { Ref: 'HealthPageBucket' }, { Ref: 'AWS::NoValue' }],
      },
      LOOKOUT_REPORT_LINK_TTL: '12h',
    });
    expect(env('TaskStateChangeLambdaFunction').LOOKOUT_REPORT_BUCKET).toBeUndefined();
  });

  it('logs every access to the pages into a private, SSE-S3, retained log bucket that keeps a year', () => {
    const logs = enabled.Resources.HealthPageAccessLogBucket!;
    expect(bucket().Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: 'HealthPageAccessLogBucket' },
      LogFilePrefix: 'health-pages/',
    });
    expect(logs.DeletionPolicy).toBe('Retain');
    expect(logs.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(logs.Properties.PublicAccessBlockConfiguration).toEqual(bucket().Properties.PublicAccessBlockConfiguration);
    expect(logs.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect((logs.Properties.LifecycleConfiguration as { Rules: unknown[] }).Rules).toEqual([
      expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 365 }),
    ]);
  });

  it('lets only S3 logging write the log bucket, only for the page bucket of this account, and only over TLS', () => {
    const statements = resourcePolicyStatements(enabled).filter(
      ({ owner }) => owner === 'HealthPageAccessLogBucketPolicy',
    );
    expect(statements.map(({ statement }) => [statement.Effect, statement.Action, statement.Condition])).toEqual([
      [
        'Allow',
        ['s3:PutObject'],
        {
          ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': ['HealthPageBucket', 'Arn'] } },
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        },
      ],
      ['Deny', ['s3:*'], { Bool: { 'aws:SecureTransport': 'false' } }],
    ]);
    expect(statements[0]!.statement.Resource).toEqual([
      { 'Fn::Sub': `\${HealthPageAccessLogBucket.Arn}/health-pages/*` },
    ]);
  });

  it('passes cfn-lint', () => {
    expect(execFileSync('cfn-lint', [enabledPath], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe('');
  }, 120_000);
});
