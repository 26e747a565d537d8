import { ECSClient } from '@aws-sdk/client-ecs';
import { createReportSources } from '../shared/adapters/fleet/create-report-sources.js';
import { DEFAULT_REPORT_EXTRAS } from '../shared/domain/report/build-report.js';
import type { HealthReport } from '../shared/domain/report/types.js';
import { produceHealthReport } from '../shared/use-cases/health-report.js';
import { type FakeAwsOptions, FakeCloudWatch, FakeEcs, type FleetShape } from './report-scale-fleet.js';
import type { BenchFigure, BenchSuite } from './types.js';

const SHAPE: FleetShape = {
  clusters: 20,
  servicesPerCluster: 50,
  tasksPerService: 20,
  instances: 200,
  standalonePerCluster: 5,
  failingPerCluster: 3,
};
// AWS's documented service-read and cluster-resource-read buckets: 20/s sustained, 100 burst.
const AWS: FakeAwsOptions = { latencyMs: [20, 40], refillPerSec: 20, burst: 100, othersPerSec: 0 };
const DEFAULT_RPS = 10;
const CATEGORIES = ['cluster-read', 'service-read', 'cluster-resource-read'] as const;
type Category = (typeof CATEGORIES)[number];

const pages = (n: number, size: number) => Math.ceil(n / size);

/** The fewest calls that can produce the report (tasks are never listed: standalone = cluster running − services running). */
function minimumCalls(shape: FleetShape): { ecs: Record<Category, number>; cloudwatch: number; taskListing: number } {
  const perClusterInstances = Math.floor(shape.instances / shape.clusters);
  const instanceCalls = perClusterInstances > 0 ? 2 * pages(perClusterInstances, 100) : 0;
  const tasksPerCluster = shape.servicesPerCluster * shape.tasksPerService + shape.standalonePerCluster;
  const series = shape.clusters * shape.failingPerCluster * 2;
  return {
    ecs: {
      'cluster-read': 2 * pages(shape.clusters, 100),
      'service-read':
        shape.clusters * (Math.max(1, pages(shape.servicesPerCluster, 100)) + pages(shape.servicesPerCluster, 10)),
      'cluster-resource-read': shape.clusters * instanceCalls,
    },
    // One ListMetrics per metric name (three), then GetMetricData with up to 500 queries per call.
    cloudwatch: 3 + pages(series, 500),
    taskListing: shape.clusters * 2 * pages(tasksPerCluster, 100),
  };
}

const CATEGORY_OF: Record<string, Category> = {
  ListClusters: 'cluster-read',
  DescribeClusters: 'cluster-read',
  ListServices: 'service-read',
  DescribeServices: 'service-read',
};

async function runReport(ratePerSec: number, aws: FakeAwsOptions) {
  const ecs = new FakeEcs(SHAPE, aws);
  const cloudwatch = new FakeCloudWatch(SHAPE, 30);
  // Same retry settings as shared/runtime/clients.ts: adaptive mode, 5 attempts.
  const client = new ECSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: ecs.handler as never,
    retryMode: 'adaptive',
    maxAttempts: 5,
  });
  const sources = createReportSources({
    ecs: client,
    cloudwatch: cloudwatch.client,
    namespace: 'ECSLookout',
    ratePerSec,
    concurrency: 4,
  });
  const policy = { stuckAfterMs: 15 * 60_000, deploymentStuckAfterMs: 60 * 60_000, ...DEFAULT_REPORT_EXTRAS };
  const started = performance.now();
  const report = await produceHealthReport({ ...sources, policy, clock: () => new Date() }, { windowMs: 3_600_000 });
  const seconds = (performance.now() - started) / 1000;
  const byCategory: Record<Category, number> = { 'cluster-read': 0, 'service-read': 0, 'cluster-resource-read': 0 };
  for (const [op, n] of Object.entries(ecs.calls)) byCategory[CATEGORY_OF[op] ?? 'cluster-resource-read'] += n;
  const cloudwatchCalls = Object.values(cloudwatch.calls).reduce((sum, n) => sum + n, 0);
  const headroom = Math.floor(ecs.lowestTokens);
  return { report, seconds, byCategory, ecsCalls: ecs.calls, throttled: ecs.throttled, headroom, cloudwatchCalls };
}

function checkReport(report: HealthReport): void {
  const services = Object.values(report.counts.services).reduce((sum, n) => sum + n, 0);
  const expectedFailures = SHAPE.clusters * SHAPE.failingPerCluster * 2 * 3;
  if (services !== SHAPE.clusters * SHAPE.servicesPerCluster || report.counts.failures.total !== expectedFailures) {
    throw new Error(
      `report-scale: the report is incomplete (${services} services, ${report.counts.failures.total} failures)`,
    );
  }
}

/** Report on a simulated fleet behind AWS-like latency and read buckets: calls vs the minimum, time vs the rate floor. */
const suite: BenchSuite = async () => {
  const minimum = minimumCalls(SHAPE);
  const minimumEcs = CATEGORIES.reduce((sum, c) => sum + minimum.ecs[c], 0);
  const burst = Math.floor(DEFAULT_RPS);
  // Time floor at the client limit: the busiest category's calls beyond its burst, at the configured rate.
  const floor = Math.max(...CATEGORIES.map((c) => Math.max(0, minimum.ecs[c] - burst) / DEFAULT_RPS));
  const limited = await runReport(DEFAULT_RPS, AWS);
  checkReport(limited.report);
  const made = CATEGORIES.reduce((sum, c) => sum + limited.byCategory[c], 0);

  // No client limit, while other tools take 10 of the 20 requests/s: what the limiter protects against.
  const others: FakeAwsOptions = { ...AWS, othersPerSec: 10 };
  const unlimited = await runReport(1_000, others);
  const unknown = unlimited.report.counts.clusters.UNKNOWN;
  const unlimitedMade = CATEGORIES.reduce((sum, c) => sum + unlimited.byCategory[c], 0);
  const awsFloor = Math.max(
    ...CATEGORIES.map((c) => Math.max(0, minimum.ecs[c] - AWS.burst) / (AWS.refillPerSec - others.othersPerSec)),
  );
  const fleet = `${SHAPE.clusters} clusters × ${SHAPE.servicesPerCluster} services × ${SHAPE.tasksPerService} tasks, ${SHAPE.instances} instances`;
  const perApi = Object.entries(limited.ecsCalls)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');

  const figures: BenchFigure[] = [
    {
      id: 'report-scale.calls',
      label: 'Report API calls (ECS + CloudWatch)',
      value: made + limited.cloudwatchCalls,
      unit: 'calls',
      baseline: { label: 'minimum possible for this fleet', value: minimumEcs + minimum.cloudwatch, unit: 'calls' },
      ratio: Number(((made + limited.cloudwatchCalls) / (minimumEcs + minimum.cloudwatch)).toFixed(3)),
      note:
        `${fleet}; ECS: ${perApi}; CloudWatch ${limited.cloudwatchCalls}; ${limited.throttled} throttled; ` +
        `the shared buckets never fell below ${limited.headroom} of ${AWS.burst} tokens (headroom left for the console, CI and the scheduler). ` +
        `Tasks are never listed (standalone = cluster running − services running); listing and describing them would add ${minimum.taskListing} calls.`,
    },
    {
      id: 'report-scale.wall',
      label: `Report wall time at ${DEFAULT_RPS} req/s per ECS read category`,
      value: Number(limited.seconds.toFixed(2)),
      unit: 's',
      baseline: {
        label: 'rate-limit floor (busiest category: calls beyond the burst / rate)',
        value: Number(floor.toFixed(2)),
        unit: 's',
      },
      ratio: Number((limited.seconds / floor).toFixed(3)),
      note: `fake ECS with ${AWS.latencyMs.join('–')} ms latency per call and AWS's read buckets (${AWS.refillPerSec}/s, burst ${AWS.burst}); 4 calls in flight; real SDK client (adaptive retries) on an in-process request handler`,
    },
    {
      id: 'report-scale.unlimited',
      label: 'Same report without the client limiter, others using 10 req/s',
      value: unlimitedMade,
      unit: 'ECS calls',
      baseline: { label: 'minimum possible', value: minimumEcs, unit: 'ECS calls' },
      ratio: Number((unlimitedMade / minimumEcs).toFixed(3)),
      note:
        `drains the account's shared read bucket to ${unlimited.headroom} of ${AWS.burst} tokens, so everyone else is throttled meanwhile; ` +
        `${unlimited.throttled} ThrottlingException answers (retried by the SDK's adaptive mode), ${unknown} clusters UNKNOWN; ` +
        `${unlimited.seconds.toFixed(2)} s vs a ${awsFloor.toFixed(2)} s floor at the 10 req/s left over`,
    },
  ];
  return figures;
};

export default suite;
