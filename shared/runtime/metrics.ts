import { createEmfSink } from '../adapters/metrics/emf-sink.js';
import { createMemorySink } from '../adapters/metrics/memory-sink.js';
import type { MetricPoint, MetricsSink } from '../ports/metrics-sink.js';
import { getConfig } from './lambda-config.js';

/**
 * The PutMetricData sink, loaded on the first flush that has points: only LOOKOUT_METRICS_MODE=api needs
 * the CloudWatch client, so the functions' bundles keep it in a chunk the default (EMF) never loads.
 */
function deferredApiSink(namespace: string): MetricsSink {
  const points: MetricPoint[] = [];
  let sink: Promise<MetricsSink> | undefined;
  return {
    add: (point) => {
      points.push(point);
    },
    async flush() {
      if (points.length === 0) return;
      sink ??= import('./metrics-api.js').then(({ createApiMetricsSink }) => createApiMetricsSink(namespace));
      const loaded = await sink;
      for (const point of points.splice(0)) loaded.add(point);
      await loaded.flush();
    },
  };
}

let metrics: MetricsSink | undefined;

/** The metrics sink of LOOKOUT_METRICS_MODE: EMF on stdout (default), PutMetricData, memory, or none. */
export function getMetrics(): MetricsSink {
  if (metrics) return metrics;
  const cfg = getConfig();
  metrics =
    cfg.metricsMode === 'api'
      ? deferredApiSink(cfg.metricNamespace)
      : cfg.metricsMode === 'emf'
        ? createEmfSink({ namespace: cfg.metricNamespace, serviceName: 'ecs-lookout' })
        : createMemorySink();
  return metrics;
}
