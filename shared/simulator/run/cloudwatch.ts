import {
  type CloudWatchClient,
  type Dimension,
  GetMetricDataCommand,
  type GetMetricDataCommandOutput,
  ListMetricsCommand,
  type ListMetricsCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import type { MetricPoint } from '../../ports/metrics-sink.js';

const RECENTLY_ACTIVE_MS = 3 * 3_600_000;
// ListMetrics returns up to 500 metrics per page.
const LIST_PAGE = 500;

const sameDimensions = (point: MetricPoint, dimensions: Dimension[] = []) =>
  dimensions.length === Object.keys(point.dimensions).length &&
  dimensions.every((d) => d.Name !== undefined && point.dimensions[d.Name] === d.Value);

/**
 * The CloudWatch the monitor's metrics land in, answered from the points the in-memory sink recorded:
 * ListMetrics (namespace, name, RecentlyActive PT3H, pages of 500) and GetMetricData (Sum over the
 * window; one value per query, as the report asks for one period covering the window). `now` is virtual.
 */
export function createSinkCloudWatch(input: {
  points: readonly MetricPoint[];
  namespace: string;
  now: () => number;
}): Pick<CloudWatchClient, 'send'> {
  // Points by metric name, caught up with the (append-only) sink on every call.
  const byName = new Map<string, MetricPoint[]>();
  let indexed = 0;
  const pointsNamed = (name: string | undefined): MetricPoint[] => {
    for (; indexed < input.points.length; indexed++) {
      const point = input.points[indexed]!;
      const named = byName.get(point.name) ?? [];
      named.push(point);
      byName.set(point.name, named);
    }
    return (name !== undefined && byName.get(name)) || [];
  };
  const list = (command: ListMetricsCommand): ListMetricsCommandOutput => {
    const { Namespace, MetricName, RecentlyActive, NextToken } = command.input;
    const since = RecentlyActive ? input.now() - RECENTLY_ACTIVE_MS : Number.NEGATIVE_INFINITY;
    const series = new Map<string, Dimension[]>();
    if (Namespace === input.namespace) {
      for (const point of pointsNamed(MetricName)) {
        if ((point.timestamp ?? input.now()) < since) continue;
        const dimensions = Object.entries(point.dimensions)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([Name, Value]) => ({ Name, Value }));
        series.set(JSON.stringify(dimensions), dimensions);
      }
    }
    const start = Number(NextToken ?? 0);
    const page = [...series.values()].slice(start, start + LIST_PAGE);
    return {
      Metrics: page.map((Dimensions) => ({ Namespace, MetricName, Dimensions })),
      NextToken: start + LIST_PAGE < series.size ? String(start + LIST_PAGE) : undefined,
      $metadata: {},
    };
  };
  const data = (command: GetMetricDataCommand): GetMetricDataCommandOutput => {
    const start = command.input.StartTime?.getTime() ?? 0;
    const end = command.input.EndTime?.getTime() ?? input.now();
    return {
      MetricDataResults: (command.input.MetricDataQueries ?? []).map((query) => {
        const metric = query.MetricStat?.Metric;
        const candidates = metric?.Namespace === input.namespace ? pointsNamed(metric.MetricName) : [];
        const values = candidates
          .filter((p) => {
            const at = p.timestamp ?? input.now();
            return sameDimensions(p, metric?.Dimensions) && at >= start && at < end;
          })
          .map((p) => p.value);
        const sum = values.reduce((total, value) => total + value, 0);
        return { Id: query.Id, StatusCode: 'Complete', Values: values.length ? [sum] : [], Timestamps: [] };
      }),
      $metadata: {},
    };
  };
  return {
    send: (async (command: unknown) => {
      if (command instanceof ListMetricsCommand) return list(command);
      if (command instanceof GetMetricDataCommand) return data(command);
      throw new Error(`simulated CloudWatch does not answer ${(command as object).constructor.name}`);
    }) as CloudWatchClient['send'],
  };
}
