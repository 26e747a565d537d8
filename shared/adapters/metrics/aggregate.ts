import type { MetricDimensions, MetricPoint } from '../../ports/metrics-sink.js';

/** The one logging method the metrics sinks use (Powertools Logger fits). */
export interface MetricsLog {
  warn(message: string, extra: Record<string, unknown>): void;
}

/** Metric unit after defaulting (a point without a unit is a count). */
export type MetricUnit = NonNullable<MetricPoint['unit']>;

/**
 * Points of one metric (name + dimensions) in one minute. Counts are summed into a single value;
 * other units keep their distribution as distinct values with how often each occurred.
 */
export interface AggregatedMetric {
  name: string;
  unit: MetricUnit;
  dimensions: MetricDimensions;
  /** Earliest event time (epoch ms) of the points; undefined when they had none (then: time of sending). */
  timestamp?: number;
  values: number[];
  counts: number[];
}

const MINUTE_MS = 60_000;
const MAX_NAME = 255;
const MAX_DIMENSION_VALUE = 1024;

// CloudWatch rejects empty or over-long dimension values; a placeholder keeps the dimension set (the metric) the same.
function cleanDimensions(dimensions: MetricDimensions): MetricDimensions {
  const clean: MetricDimensions = {};
  for (const [name, value] of Object.entries(dimensions ?? {})) {
    if (!name) continue;
    const text = String(value ?? '').trim();
    clean[name.slice(0, MAX_NAME)] = text === '' ? 'none' : text.slice(0, MAX_DIMENSION_VALUE);
  }
  return clean;
}

/** Why a point cannot be sent, or undefined when it can. */
export function rejectReason(point: MetricPoint): string | undefined {
  if (typeof point.name !== 'string' || point.name.length === 0 || point.name.length > MAX_NAME) return 'bad name';
  if (typeof point.value !== 'number' || !Number.isFinite(point.value)) return 'value is not a finite number';
  if (point.timestamp !== undefined && !Number.isFinite(point.timestamp)) return 'bad timestamp';
  return undefined;
}

/** Collects points, merging identical metrics of the same minute; `drain` hands them out and starts over. */
export function createAggregator() {
  let metrics = new Map<string, AggregatedMetric>();

  return {
    /** Adds a point that passed `rejectReason`. */
    add(point: MetricPoint): void {
      const dimensions = cleanDimensions(point.dimensions);
      const minute = point.timestamp === undefined ? 'now' : Math.floor(point.timestamp / MINUTE_MS);
      const dimensionKey = JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : 1)));
      const key = `${point.name}\u0000${dimensionKey}\u0000${minute}`;
      const unit = point.unit ?? 'Count';
      const existing = metrics.get(key);
      if (!existing) {
        metrics.set(key, {
          name: point.name,
          unit,
          dimensions,
          timestamp: point.timestamp,
          values: [point.value],
          counts: [1],
        });
        return;
      }
      if (point.timestamp !== undefined && (existing.timestamp === undefined || point.timestamp < existing.timestamp)) {
        existing.timestamp = point.timestamp;
      }
      if (existing.unit === 'Count') {
        existing.values[0]! += point.value;
        return;
      }
      const index = existing.values.indexOf(point.value);
      if (index >= 0) existing.counts[index]! += 1;
      else {
        existing.values.push(point.value);
        existing.counts.push(1);
      }
    },
    /** The aggregated metrics so far; the aggregator is empty afterwards. */
    drain(): AggregatedMetric[] {
      const drained = [...metrics.values()];
      metrics = new Map();
      return drained;
    },
  };
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
