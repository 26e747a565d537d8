import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../shared/cli/main.js';
import { fakeIo } from './fake-io.js';

const ecs = mockClient(ECSClient);
const cw = mockClient(CloudWatchClient);
const ARN = 'arn:aws:ecs:eu-west-1:123456789012';

function fleet(running: number): void {
  ecs.on(ListClustersCommand).resolves({ clusterArns: [`${ARN}:cluster/prod`] });
  ecs.on(DescribeClustersCommand).resolves({
    clusters: [
      {
        clusterName: 'prod',
        clusterArn: `${ARN}:cluster/prod`,
        runningTasksCount: running,
        registeredContainerInstancesCount: 0,
      },
    ],
  });
  ecs.on(ListServicesCommand).resolves({ serviceArns: [`${ARN}:service/prod/api`] });
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      {
        serviceName: 'api',
        status: 'ACTIVE',
        desiredCount: 2,
        runningCount: running,
        events: [
          { createdAt: new Date(Date.now() - 40 * 60_000), message: '(service api) was unable to place a task.' },
          { createdAt: new Date(Date.now() - 90 * 60_000), message: '(service api) has reached a steady state.' },
        ],
      },
    ],
  });
  cw.on(ListMetricsCommand).resolves({ Metrics: [] });
}

const run = (args: string[], options: { tty?: boolean; env?: Record<string, string> } = {}) => {
  const io = fakeIo({ env: options.env });
  io.stderrIsTTY = options.tty ?? false;
  return main(['report', ...args], io).then((code) => ({ code, out: io.out(), err: io.err() }));
};

beforeEach(() => {
  ecs.reset();
  cw.reset();
});

describe('Command: report', () => {
  it('prints the table and exits 0 for a healthy fleet', async () => {
    fleet(2);
    const { code, out, err } = await run([]);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^ECS health: HEALTHY {2}\(last 1h, /);
    expect(err).toBe('');
  });

  it('exits 1 with a critical service and prints the JSON schema', async () => {
    fleet(0);
    const { code, out } = await run(['--format', 'json', '--window', '24h']);
    const report = JSON.parse(out);
    expect(code).toBe(1);
    expect(report).toMatchObject({ schemaVersion: 1, status: 'CRITICAL', window: { label: '24h' } });
    expect(report.topProblems[0]).toMatchObject({ cluster: 'prod', service: 'api', text: 'running 0 of 2 for 40 min' });
  });

  it.each([
    ['markdown', '# ECS health: CRITICAL'],
    ['slack', '{\n  "text": "ECS health: CRITICAL: 1 problem"'],
  ])('--format %s', async (format, start) => {
    fleet(0);
    expect((await run(['--format', format])).out.startsWith(start)).toBe(true);
  });

  it('describes the named clusters and services without listing', async () => {
    fleet(2);
    await run(['--cluster', 'prod', '--cluster', 'dev', '--service', 'api']);
    expect(ecs).not.toHaveReceivedCommand(ListClustersCommand);
    expect(ecs).toHaveReceivedCommandWith(DescribeClustersCommand, { clusters: ['prod', 'dev'] });
    expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, { services: ['api'] });
  });

  it('shows progress on stderr only when it is a terminal', async () => {
    fleet(2);
    expect((await run([], { tty: true })).err).toContain('reading clusters 1/1');
    expect((await run([], { tty: false })).err).toBe('');
  });

  it.each([
    { args: ['--window', '2h'], message: '--window must be 1h or 24h' },
    { args: ['--format', 'xml'], message: '--format must be one of table, json, markdown, slack' },
    { args: ['--bogus'], message: "Unknown option '--bogus'" },
    { args: ['prod'], message: "Unexpected argument 'prod'" },
    { args: ['--cluster', ' '], message: '--cluster needs a name' },
  ])('exits 2 on $args', async ({ args, message }) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('exits 2 on a bad setting', async () => {
    const { code, err } = await run([], { env: { LOOKOUT_REPORT_RPS: 'fast' } });
    expect([code, err.trim()]).toEqual([
      2,
      'ecs-lookout report: LOOKOUT_REPORT_RPS: "fast" is not a number in (0, 100]',
    ]);
  });

  it('exits 2 with one line when there are no credentials', async () => {
    ecs.on(ListClustersCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers\n  at stack'), {
        name: 'CredentialsProviderError',
      }),
    );
    const { code, out, err } = await run([]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      'ecs-lookout report: no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in (aws sso login)\n',
    );
  });

  it('exits 2 for a --service no cluster has (a typo must not pass the gate)', async () => {
    fleet(2);
    ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: 'nope', reason: 'MISSING' }] });
    const { code, out, err } = await run(['--cluster', 'prod', '--service', 'nope']);
    expect([code, out, err]).toEqual([2, '', 'ecs-lookout report: no service "nope" in cluster prod\n']);
  });

  it('exits 2 for a --cluster that does not exist', async () => {
    fleet(2);
    ecs
      .on(DescribeClustersCommand)
      .resolves({ clusters: [], failures: [{ arn: `${ARN}:cluster/prdo`, reason: 'MISSING' }] });
    const { code, out, err } = await run(['--cluster', 'prdo']);
    expect([code, out, err]).toEqual([2, '', 'ecs-lookout report: no cluster "prdo" in this account and Region\n']);
  });

  it("with --service, the status is that service's alone, not its cluster's other trouble", async () => {
    // Prepare: api is healthy, but the cluster's only instance has lost its agent (a cluster-wide reason)
    fleet(2);
    ecs.on(DescribeClustersCommand).resolves({
      clusters: [
        {
          clusterName: 'prod',
          clusterArn: `${ARN}:cluster/prod`,
          runningTasksCount: 2,
          registeredContainerInstancesCount: 1,
        },
      ],
    });
    ecs.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [`${ARN}:container-instance/prod/i1`] });
    ecs.on(DescribeContainerInstancesCommand).resolves({
      containerInstances: [
        {
          containerInstanceArn: `${ARN}:container-instance/prod/i1`,
          ec2InstanceId: 'i-1',
          status: 'ACTIVE',
          agentConnected: false,
        },
      ],
    });

    // Act
    const whole = await run(['--cluster', 'prod']);
    const one = await run(['--cluster', 'prod', '--service', 'api']);

    // Assess
    expect(whole.code).toBe(1);
    expect(whole.out).toMatch(/^ECS health: CRITICAL/);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/^ECS health: HEALTHY/);
    expect(one.out).toContain('status of the named services only (--service api); cluster-wide reasons left out');
  });

  it("with --service, a standalone job's failures in the same cluster leave the service's status alone", async () => {
    // Prepare: api is healthy; the standalone family nightly failed 3 times in the window
    fleet(2);
    const dimensions = [
      { Name: 'Cluster', Value: 'prod' },
      { Name: 'Service', Value: 'family:nightly' },
      { Name: 'Category', Value: 'app-exit' },
    ];
    cw.on(ListMetricsCommand, { MetricName: 'TaskFailures' }).resolves({
      Metrics: [{ Namespace: 'ECSLookout', MetricName: 'TaskFailures', Dimensions: dimensions }],
    });
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'm0', Values: [3], Timestamps: [new Date()] }] });

    // Act
    const whole = await run(['--cluster', 'prod']);
    const one = await run(['--cluster', 'prod', '--service', 'api']);

    // Assess
    expect([whole.code, whole.out.split('\n')[0]]).toEqual([1, expect.stringMatching(/^ECS health: DEGRADED/)]);
    expect(whole.out).toContain('nightly');
    expect([one.code, one.out.split('\n')[0]]).toEqual([0, expect.stringMatching(/^ECS health: HEALTHY/)]);
  });

  it('--grace: a deployment a minute old is not judged on tasks still starting; failures still count', async () => {
    // Prepare: api's first deployment started 60 s ago, nothing runs yet, no scheduler message
    fleet(0);
    const started = new Date(Date.now() - 60_000);
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: 'api',
          status: 'ACTIVE',
          desiredCount: 2,
          runningCount: 0,
          createdAt: started,
          deployments: [
            { id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'IN_PROGRESS', createdAt: started, updatedAt: started },
          ],
          events: [],
        },
      ],
    });

    // Act
    const judged = await run(['--format', 'json']);
    const settling = await run(['--format', 'json', '--grace', '5m']);

    // Assess
    expect(judged.code).toBe(1);
    expect(settling.code).toBe(0);
    const service = JSON.parse(settling.out).clusters[0].services[0];
    expect(service.status).toBe('HEALTHY');
    expect(service.reasons.map((r: { impact: string; text: string }) => [r.impact, r.text])).toContainEqual([
      'info',
      expect.stringMatching(
        /^running 0 of 2 .*\(deployment started 1 min ago, within --grace 5 min: not judged yet\)$/,
      ),
    ]);
  });

  it.each([
    [['--grace', 'soon'], '--grace must be a duration like 90s, 5m or 1h, not "soon"'],
    [['--timeout', '0s'], '--timeout must be a duration like 90s, 5m or 1h, not "0s"'],
  ])('exits 2 on %j', async (args, message) => {
    const { code, err } = await run(args);
    expect([code, err]).toEqual([2, `ecs-lookout report: ${message}\n`]);
  });

  it('exits 1 and names the cluster when one cluster is unreadable', async () => {
    fleet(2);
    ecs.on(ListServicesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const { code, out } = await run([]);
    expect(code).toBe(1);
    expect(out).toContain('prod: UNKNOWN, could not read: AccessDeniedException: not authorized');
    expect(cw).not.toHaveReceivedCommand(GetMetricDataCommand);
  });
});
