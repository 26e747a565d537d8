import type { MetricPoint, MetricsSink } from '../../ports/metrics-sink.js';

/** MetricsSink that keeps points in memory, for replay and tests. */
export interface MemorySink extends MetricsSink {
  /** Every point added, in order, as added (not aggregated); empty when the sink only keeps totals. */
  readonly points: MetricPoint[];
  /** How many times flush was called. */
  readonly flushes: number;
  /** Sum of the values of the points with this name whose dimensions include `dimensions`. */
  total(name: string, dimensions?: Record<string, string>): number;
}

/** What the sink keeps: every point (tests, the simulator's CloudWatch), or one total per metric and dimensions. */
export interface MemorySinkOptions {
  keepPoints?: boolean;
}

function dimensionsKey(name: string, dimensions: Record<string, string>): string {
  const names = Object.keys(dimensions);
  // The pipeline names its dimensions in the same order every time: sort (a copy per point) only when not in order.
  for (let i = 1; i < names.length; i++) {
    if (names[i - 1]! > names[i]!) {
      names.sort();
      break;
    }
  }
  let key = name;
  for (const dimension of names) key += `\u0000${dimension}\u0001${dimensions[dimension]}`;
  return key;
}

/**
 * Creates a MetricsSink that records points for inspection. With `keepPoints: false` it keeps one running
 * total per (name, dimensions), so a replay of millions of events holds as many entries as it has series.
 */
export function createMemorySink(options: MemorySinkOptions = {}): MemorySink {
  const keepPoints = options.keepPoints ?? true;
  const points: MetricPoint[] = [];
  const totals = new Map<string, MetricPoint>();
  let flushes = 0;
  return {
    points,
    get flushes() {
      return flushes;
    },
    add(point) {
      if (keepPoints) {
        points.push({ ...point, dimensions: { ...point.dimensions } });
        return;
      }
      const key = dimensionsKey(point.name, point.dimensions);
      const series = totals.get(key);
      if (series) series.value += point.value;
      else totals.set(key, { ...point, dimensions: { ...point.dimensions } });
    },
    async flush() {
      flushes++;
    },
    total(name, dimensions = {}) {
      let sum = 0;
      for (const p of keepPoints ? points : totals.values()) {
        if (p.name === name && Object.entries(dimensions).every(([key, value]) => p.dimensions[key] === value))
          sum += p.value;
      }
      return sum;
    },
  };
}
