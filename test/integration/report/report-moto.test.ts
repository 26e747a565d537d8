import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateServiceCommand, ECSClient, UpdateContainerInstancesStateCommand } from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReportSources } from '../../../shared/adapters/fleet/create-report-sources.js';
import { DEFAULT_REPORT_EXTRAS } from '../../../shared/domain/report/build-report.js';
import { findCheckFindings } from '../../../shared/domain/report/check-findings.js';
import type { HealthReport } from '../../../shared/domain/report/types.js';
import { produceHealthReport } from '../../../shared/use-cases/health-report.js';
import {
  createCluster,
  motoClientConfig,
  registerContainerInstance,
  registerTaskDefinition,
  runTask,
  uniqueName,
} from '../../helpers/moto.js';
import { runCliOnMoto } from '../../helpers/moto-cli.js';

const NAMESPACE = 'ECSLookout';
const POLICY = { stuckAfterMs: 15 * 60_000, deploymentStuckAfterMs: 60 * 60_000, ...DEFAULT_REPORT_EXTRAS };
const cluster = uniqueName('report');
const stuck = uniqueName('stuck');
const idle = uniqueName('idle');
let drainingArn = '';

async function seed(): Promise<void> {
  const ecs = new ECSClient(motoClientConfig());
  await createCluster(cluster);
  const taskDefinition = await registerTaskDefinition();
  // moto starts no service tasks: desired 2 stays at running 0, the stuck service we want to find.
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: stuck, taskDefinition, desiredCount: 2 }));
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: idle, taskDefinition, desiredCount: 0 }));
  await registerContainerInstance(cluster);
  drainingArn = await registerContainerInstance(cluster);
  await ecs.send(
    new UpdateContainerInstancesStateCommand({ cluster, containerInstances: [drainingArn], status: 'DRAINING' }),
  );
  // EC2: moto counts a cluster's running tasks only for tasks placed on a container instance.
  const nightly = await registerTaskDefinition({
    family: uniqueName('nightly'),
    networkMode: 'bridge',
    requiresCompatibilities: ['EC2'],
  });
  await runTask({ cluster, taskDefinition: nightly, launchType: 'EC2' });
  const cw = new CloudWatchClient(motoClientConfig());
  const at = new Date(Date.now() - 5 * 60_000);
  const dims = (values: Record<string, string>) => Object.entries(values).map(([Name, Value]) => ({ Name, Value }));
  await cw.send(
    new PutMetricDataCommand({
      Namespace: NAMESPACE,
      MetricData: [
        {
          MetricName: 'TaskFailures',
          Dimensions: dims({ Cluster: cluster, Service: stuck, Category: 'oom' }),
          Value: 14,
          Unit: 'Count',
          Timestamp: at,
        },
        {
          MetricName: 'TaskFailures',
          Dimensions: dims({ Cluster: cluster, Service: stuck, Category: 'image-pull' }),
          Value: 2,
          Unit: 'Count',
          Timestamp: at,
        },
        {
          MetricName: 'TaskFailures',
          Dimensions: dims({ Cluster: cluster, Service: 'family:nightly', Category: 'app-exit' }),
          Value: 3,
          Unit: 'Count',
          Timestamp: at,
        },
        { MetricName: 'LostInstances', Dimensions: dims({ Cluster: cluster }), Value: 1, Unit: 'Count', Timestamp: at },
      ],
    }),
  );
  ecs.destroy();
  cw.destroy();
}

async function report(clusters: string[], minutesLater: number): Promise<HealthReport> {
  const sources = createReportSources({
    ecs: new ECSClient(motoClientConfig()),
    cloudwatch: new CloudWatchClient(motoClientConfig()),
    namespace: NAMESPACE,
    ratePerSec: 50,
    concurrency: 4,
  });
  // Read "later": moto's deployment was created just now, so the service has been below desired since.
  const clock = () => new Date(Date.now() + minutesLater * 60_000);
  return produceHealthReport({ ...sources, policy: POLICY, clock }, { clusters, windowMs: 3_600_000 });
}

beforeAll(seed);

describe('Health report against moto_server', () => {
  it('finds the stuck service, the draining instance, the standalone task and the failure counts', async () => {
    const result = await report([cluster], 40);
    const [found] = result.clusters;
    expect(found).toMatchObject({ name: cluster, status: 'CRITICAL', lostInstances: 1 });
    expect(found?.instances).toMatchObject({ registered: 2, draining: 1, disconnected: 0 });
    expect(found?.instances.drainingInstances.map((i) => i.arn)).toEqual([drainingArn]);
    expect(found?.standalone.running).toBe(1);
    expect(found?.standalone.failures).toMatchObject([{ family: 'nightly', total: 3, byCategory: { 'app-exit': 3 } }]);
    // The family's sparkline comes from the same GetMetricData answers as the services'.
    const nightly = found?.standalone.failures[0]?.failureSeries;
    expect(nightly?.counts.reduce((sum, n) => sum + n, 0)).toBe(3);
    expect(nightly?.bucketMs).toBe(300_000);
    const service = found?.services.find((s) => s.name === stuck);
    expect(service).toMatchObject({
      status: 'CRITICAL',
      desired: 2,
      running: 0,
      failures: { total: 16, byCategory: { oom: 14, 'image-pull': 2 } },
    });
    // The sparkline's buckets come from the same GetMetricData answer and add up to the total.
    expect(service?.failureSeries?.counts.reduce((sum, n) => sum + n, 0)).toBe(16);
    expect(service?.failureSeries?.bucketMs).toBe(300_000);
    expect(service?.reasons.map((r) => r.text)).toEqual([
      'running 0 of 2 for 40 min',
      '14 OOM kills, 2 image pull failures in 1 h',
      'deployment in progress for 40 min',
    ]);
    expect(found?.services.find((s) => s.name === idle)?.status).toBe('HEALTHY');
    expect(found?.reasons.map((r) => r.text)).toEqual([
      '1 instance lost in 1 h',
      '3 container exits of standalone family nightly in 1 h',
      '1 of 2 instances draining',
    ]);
    expect(result.topProblems[0]).toMatchObject({ impact: 'critical', service: stuck, code: 'no-running-tasks' });
    expect(findCheckFindings(result).map((f) => [f.kind, f.subject])).toEqual([['stuck-service', stuck]]);
  });

  it('reports a missing cluster as UNKNOWN and keeps the rest', async () => {
    const result = await report([cluster, uniqueName('ghost')], 0);
    expect(result.clusters.map((c) => c.status).sort()).toEqual(['DEGRADED', 'UNKNOWN']);
    expect(result.clusters.find((c) => c.status === 'UNKNOWN')?.error).toBe('cluster not found');
  });

  it('runs from the CLI with AWS_ENDPOINT_URL alone (the SDK honours it natively)', () => {
    const result = runCliOnMoto(['report', '--cluster', cluster, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const parsed = JSON.parse(result.stdout) as HealthReport;
    expect(parsed.clusters[0]?.services.find((s) => s.name === stuck)?.failures.total).toBe(16);
  });

  it('writes the HTML page to the file -o names, and nothing to stdout', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lookout-page-')), 'health.html');
    const result = runCliOnMoto(['report', '--cluster', cluster, '--format', 'html', '-o', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const page = readFileSync(file, 'utf8');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain(stuck);
    // Exit 1: not healthy, and the page says which.
    expect(page).toMatch(/<title>ECS health: (CRITICAL|DEGRADED)<\/title>/);
  });
});
