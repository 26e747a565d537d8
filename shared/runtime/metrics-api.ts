import { createPutMetricDataSink } from '../adapters/metrics/put-metric-data-sink.js';
import type { MetricsSink } from '../ports/metrics-sink.js';
import { cloudwatchClient } from './clients/cloudwatch.js';
import { logger } from './logger.js';

/** The PutMetricData sink on the shared CloudWatch client (loaded on demand by metrics.ts). */
export function createApiMetricsSink(namespace: string): MetricsSink {
  return createPutMetricDataSink({ client: cloudwatchClient(), namespace, logger });
}
