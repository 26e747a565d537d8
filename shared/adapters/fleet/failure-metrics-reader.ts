import {
  type CloudWatchClient,
  type Dimension,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { FailureMetrics } from '../../domain/report/snapshot.js';
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

const dimension = (series: Series, name: string) => series.dimensions.find((d) => d.Name === name)?.Value;

/**
 * Reads failure counts in a window: ListMetrics finds which (Cluster, Service, Category) series exist
 * (one listing per metric name, not per cluster), then GetMetricData sums each series over the whole
 * window with up to 500 queries per call. SEARCH expressions would save the listing but moto does not
 * support them; ListMetrics keeps the adapter testable end to end.
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

  async function sums(series: Series[], start: Date, end: Date): Promise<number[]> {
    const totals = series.map(() => 0);
    const periodSeconds = Math.max(60, Math.ceil((end.getTime() - start.getTime()) / 60_000) * 60);
    for (const [batchIndex, batch] of chunk(series, QUERIES_PER_CALL).entries()) {
      const offset = batchIndex * QUERIES_PER_CALL;
      const queries: MetricDataQuery[] = batch.map((s, i) => ({
        Id: `m${offset + i}`,
        MetricStat: {
          Metric: { Namespace: namespace, MetricName: s.name, Dimensions: s.dimensions },
          Period: periodSeconds,
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
          if (Number.isInteger(index) && index < totals.length) {
            totals[index]! += (result.Values ?? []).reduce((sum, value) => sum + value, 0);
          }
        }
        token = out.NextToken;
      } while (token);
    }
    return totals;
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
        const totals = await sums(series, start, end);
        series.forEach((s, i) => {
          const count = Math.round(totals[i] ?? 0);
          if (count <= 0) return;
          const cluster = dimension(s, 'Cluster') ?? '';
          const service = dimension(s, 'Service');
          if (s.name === 'LostInstances') result.lostInstances.push({ cluster, count });
          else if (s.name === 'DeploymentFailures' && service)
            result.deploymentFailures.push({ cluster, service, count });
          else if (s.name === 'TaskFailures' && service) {
            result.taskFailures.push({ cluster, service, category: dimension(s, 'Category') ?? 'unknown', count });
          }
        });
        return result;
      } catch (error) {
        return { taskFailures: [], lostInstances: [], deploymentFailures: [], error: describeAwsError(error) };
      }
    },
  };
}
