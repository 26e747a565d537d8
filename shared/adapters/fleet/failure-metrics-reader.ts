import {
  type CloudWatchClient,
  type Dimension,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { BucketGrid, FailureMetrics } from '../../domain/report/snapshot.js';
import type { FailureMetricsReader } from '../../ports/fleet-reader.js';
import { describeAwsError } from './aws-errors.js';
import { chunk } from './concurrency.js';

/** Options of the CloudWatch failure-metrics reader. */
export interface FailureMetricsReaderOptions {
  client: Pick<CloudWatchClient, 'send'>;
  /** Namespace the alerting work writes to (LOOKOUT_METRIC_NAMESPACE, default ECSLookout). */
  namespace: string;
}

const METRICS = ['TaskFailures', 'LostInstances', 'DeploymentFailures'] as const;
type MetricName = (typeof METRICS)[number];
// GetMetricData takes at most 500 queries per call.
const QUERIES_PER_CALL = 500;
// ListMetrics' RecentlyActive filter only knows "the last 3 hours".
const RECENTLY_ACTIVE_MS = 3 * 3_600_000;

interface Series {
  name: MetricName;
  dimensions: Dimension[];
}

interface SeriesCounts {
  total: number;
  buckets: number[];
}

/**
 * The buckets of a window: the smallest of these periods that gives at most MAX_BUCKETS points, so one
 * GetMetricData answer carries the sparkline too (same queries, at most 24 points each).
 */
const PERIODS_S = [60, 300, 900, 3_600, 21_600, 86_400];
const MAX_BUCKETS = 24;

/** CloudWatch counts periods from the start time rounded down to the minute (GetMetricData, StartTime). */
export function bucketGrid(start: Date, end: Date): BucketGrid {
  const gridStart = Math.floor(start.getTime() / 60_000) * 60_000;
  const span = Math.max(60_000, end.getTime() - gridStart);
  const periodS =
    PERIODS_S.find((p) => span / (p * 1000) <= MAX_BUCKETS) ?? Math.ceil(span / MAX_BUCKETS / 60_000) * 60;
  const ms = periodS * 1000;
  return { start: new Date(gridStart).toISOString(), ms, count: Math.ceil(span / ms) };
}

const dimension = (series: Series, name: string) => series.dimensions.find((d) => d.Name === name)?.Value;

/**
 * Reads failure counts in a window: ListMetrics finds which (Cluster, Service, Category) series exist
 * (one listing per metric name, not per cluster), then GetMetricData reads each series in at most 24
 * buckets over the window, with up to 500 queries per call: totals and sparklines come from the same
 * answers. SEARCH expressions would save the listing but moto does not support them; ListMetrics keeps
 * the adapter testable end to end.
 */
export function createFailureMetricsReader(options: FailureMetricsReaderOptions): FailureMetricsReader {
  const { client, namespace } = options;

  async function list(name: MetricName, recent: boolean, clusters: Set<string>): Promise<Series[]> {
    const series: Series[] = [];
    let token: string | undefined;
    do {
      const out = await client.send(
        new ListMetricsCommand({
          Namespace: namespace,
          MetricName: name,
          NextToken: token,
          RecentlyActive: recent ? 'PT3H' : undefined,
        }),
      );
      for (const metric of out.Metrics ?? []) {
        const found: Series = { name, dimensions: metric.Dimensions ?? [] };
        if (clusters.has(dimension(found, 'Cluster') ?? '')) series.push(found);
      }
      token = out.NextToken;
    } while (token);
    return series;
  }

  async function sums(series: Series[], start: Date, end: Date, grid: BucketGrid): Promise<SeriesCounts[]> {
    const counts = series.map(() => ({ total: 0, buckets: new Array<number>(grid.count).fill(0) }));
    const gridStart = Date.parse(grid.start);
    for (const [batchIndex, batch] of chunk(series, QUERIES_PER_CALL).entries()) {
      const offset = batchIndex * QUERIES_PER_CALL;
      const queries: MetricDataQuery[] = batch.map((s, i) => ({
        Id: `m${offset + i}`,
        MetricStat: {
          Metric: { Namespace: namespace, MetricName: s.name, Dimensions: s.dimensions },
          Period: grid.ms / 1000,
          Stat: 'Sum',
        },
      }));
      let token: string | undefined;
      do {
        const out = await client.send(
          new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: end, NextToken: token }),
        );
        for (const result of out.MetricDataResults ?? []) {
          const index = Number(result.Id?.slice(1));
          if (!Number.isInteger(index) || index >= counts.length) continue;
          const target = counts[index]!;
          (result.Values ?? []).forEach((value, i) => {
            target.total += value;
            const at = result.Timestamps?.[i]?.getTime();
            if (at === undefined) return;
            const bucket = Math.min(grid.count - 1, Math.max(0, Math.floor((at - gridStart) / grid.ms)));
            target.buckets[bucket]! += value;
          });
        }
        token = out.NextToken;
      } while (token);
    }
    return counts;
  }

  return {
    async read(clusters, window): Promise<FailureMetrics> {
      const result: FailureMetrics = { taskFailures: [], lostInstances: [], deploymentFailures: [] };
      if (clusters.length === 0) return result;
      const start = new Date(window.start);
      const end = new Date(window.end);
      try {
        const recent = end.getTime() - start.getTime() <= RECENTLY_ACTIVE_MS;
        const scope = new Set(clusters);
        const series = (await Promise.all(METRICS.map((name) => list(name, recent, scope)))).flat();
        const grid = bucketGrid(start, end);
        const counts = await sums(series, start, end, grid);
        result.buckets = grid;
        series.forEach((s, i) => {
          const count = Math.round(counts[i]?.total ?? 0);
          if (count <= 0) return;
          const cluster = dimension(s, 'Cluster') ?? '';
          const service = dimension(s, 'Service');
          if (s.name === 'LostInstances') result.lostInstances.push({ cluster, count });
          else if (s.name === 'DeploymentFailures' && service)
            result.deploymentFailures.push({ cluster, service, count });
          else if (s.name === 'TaskFailures' && service) {
            const category = dimension(s, 'Category') ?? 'unknown';
            const buckets = counts[i]!.buckets.map((value) => Math.round(value));
            result.taskFailures.push({ cluster, service, category, count, buckets });
          }
        });
        return result;
      } catch (error) {
        return { taskFailures: [], lostInstances: [], deploymentFailures: [], error: describeAwsError(error) };
      }
    },
  };
}
