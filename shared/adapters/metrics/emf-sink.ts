import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsSink } from '../../ports/metrics-sink.js';
import { type AggregatedMetric, chunk, createAggregator, type MetricsLog, rejectReason } from './aggregate.js';

/** Options of the EMF sink. */
export interface EmfSinkOptions {
  namespace: string;
  /** Written as the `service` field of every EMF line (searchable in Logs Insights), not as a dimension. */
  serviceName: string;
  logger?: MetricsLog;
}

// EMF allows 100 metrics per line and 100 values per metric. Powertools publishes by itself when a metric
// reaches 100 values, which would drop the dimensions of what follows, so stay one below.
const MAX_METRICS_PER_LINE = 100;
const MAX_VALUES_PER_METRIC = 99;

/** One EMF line's worth: metrics sharing dimensions and minute, each with at most 99 values. */
interface Line {
  dimensions: Record<string, string>;
  timestamp?: number;
  metrics: { name: string; unit: AggregatedMetric['unit']; values: number[] }[];
}

function toLines(metrics: AggregatedMetric[]): Line[] {
  // An EMF line has one dimension-value set and one timestamp: group by dimensions and minute.
  const groups = new Map<string, AggregatedMetric[]>();
  for (const metric of metrics) {
    const minute = metric.timestamp === undefined ? 'now' : Math.floor(metric.timestamp / 60_000);
    const key = `${JSON.stringify(Object.entries(metric.dimensions).sort())}\u0000${minute}`;
    groups.set(key, [...(groups.get(key) ?? []), metric]);
  }
  return [...groups.values()].flatMap((group) => {
    const timestamps = group.flatMap((metric) => (metric.timestamp === undefined ? [] : [metric.timestamp]));
    const timestamp = timestamps.length > 0 ? Math.min(...timestamps) : undefined;
    const expanded = group.map((metric) => ({
      name: metric.name,
      unit: metric.unit,
      // EMF has no counts: a distribution is sent as its values, repeated.
      values: metric.values.flatMap((value, i) => Array<number>(metric.counts[i]!).fill(value)),
    }));
    const rounds = Math.max(...expanded.map((metric) => Math.ceil(metric.values.length / MAX_VALUES_PER_METRIC)));
    const lines: Line[] = [];
    for (let round = 0; round < rounds; round++) {
      const slice = expanded
        .map((metric) => ({
          ...metric,
          values: metric.values.slice(round * MAX_VALUES_PER_METRIC, (round + 1) * MAX_VALUES_PER_METRIC),
        }))
        .filter((metric) => metric.values.length > 0);
      for (const part of chunk(slice, MAX_METRICS_PER_LINE)) {
        lines.push({ dimensions: group[0]!.dimensions, timestamp, metrics: part });
      }
    }
    return lines;
  });
}

/**
 * MetricsSink writing CloudWatch Embedded Metric Format to stdout with Powertools Metrics (Lambda: no API
 * call, no throttle). Identical points are summed; one line per dimension set and minute, ≤ 100 metrics each.
 * The dimensions are exactly the points' (no added `service` dimension), so metrics match the PutMetricData sink's.
 */
export function createEmfSink(options: EmfSinkOptions): MetricsSink {
  const aggregator = createAggregator();
  const warn = (message: string, extra: Record<string, unknown>) => options.logger?.warn(message, extra);
  const emf = new Metrics({ namespace: options.namespace, serviceName: options.serviceName });
  emf.clearDefaultDimensions();

  return {
    add(point) {
      const reason = rejectReason(point);
      if (reason) warn('metric point dropped', { reason, name: String(point?.name) });
      else aggregator.add(point);
    },
    async flush() {
      for (const line of toLines(aggregator.drain())) {
        try {
          if (line.timestamp !== undefined) emf.setTimestamp(line.timestamp);
          emf.addDimensions(line.dimensions);
          emf.addMetadata('service', options.serviceName);
          for (const metric of line.metrics) {
            for (const value of metric.values) emf.addMetric(metric.name, MetricUnit[metric.unit], value);
          }
          emf.publishStoredMetrics();
        } catch (error) {
          emf.clearMetrics();
          emf.clearDimensions();
          emf.clearMetadata();
          warn('EMF metrics could not be written; this line is lost', {
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
    },
  };
}
