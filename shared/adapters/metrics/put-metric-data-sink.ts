import { type CloudWatchClient, type MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { MetricsSink } from '../../ports/metrics-sink.js';
import { type AggregatedMetric, chunk, createAggregator, type MetricsLog, rejectReason } from './aggregate.js';

/** Options of the PutMetricData sink. */
export interface PutMetricDataSinkOptions {
  client: CloudWatchClient;
  namespace: string;
  logger?: MetricsLog;
}

// API limits: 1,000 MetricData and 1 MB per call, 150 distinct values per datum. The size is estimated from
// the JSON form with a margin for the wire encoding.
const MAX_DATA_PER_CALL = 1000;
const MAX_BYTES_PER_CALL = 800_000;
const MAX_VALUES_PER_DATUM = 150;

function batches(data: MetricDatum[]): MetricDatum[][] {
  const result: MetricDatum[][] = [];
  let current: MetricDatum[] = [];
  let bytes = 0;
  for (const datum of data) {
    const size = JSON.stringify(datum).length;
    if (current.length === MAX_DATA_PER_CALL || (current.length > 0 && bytes + size > MAX_BYTES_PER_CALL)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(datum);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

function toData(metric: AggregatedMetric): MetricDatum[] {
  const base = {
    MetricName: metric.name,
    Unit: metric.unit,
    Dimensions: Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
    ...(metric.timestamp === undefined ? {} : { Timestamp: new Date(metric.timestamp) }),
  };
  if (metric.values.length === 1 && metric.counts[0] === 1) return [{ ...base, Value: metric.values[0] }];
  return chunk(
    metric.values.map((value, i) => [value, metric.counts[i]!] as const),
    MAX_VALUES_PER_DATUM,
  ).map((pairs) => ({ ...base, Values: pairs.map(([value]) => value), Counts: pairs.map(([, count]) => count) }));
}

/**
 * MetricsSink that calls CloudWatch PutMetricData (outside Lambda, where stdout is not ingested):
 * identical points are aggregated, calls carry at most 1,000 data. Never throws: failures are logged.
 */
export function createPutMetricDataSink(options: PutMetricDataSinkOptions): MetricsSink {
  const aggregator = createAggregator();
  const warn = (message: string, extra: Record<string, unknown>) => options.logger?.warn(message, extra);

  return {
    add(point) {
      const reason = rejectReason(point);
      if (reason) warn('metric point dropped', { reason, name: String(point?.name) });
      else aggregator.add(point);
    },
    async flush() {
      const data = aggregator.drain().flatMap(toData);
      for (const batch of batches(data)) {
        try {
          await options.client.send(new PutMetricDataCommand({ Namespace: options.namespace, MetricData: batch }));
        } catch (error) {
          // Metrics are best effort: losing a batch must not fail (and so replay) the event that produced it.
          warn('PutMetricData failed; metrics of this batch are lost', {
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
            data: batch.length,
          });
        }
      }
    },
  };
}
