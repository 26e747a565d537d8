import type { MetricPoint, MetricsSink } from '../../ports/metrics-sink.js';

/** MetricsSink that keeps points in memory, for replay and tests. */
export interface MemorySink extends MetricsSink {
  /** Every point added, in order, as added (not aggregated). */
  readonly points: MetricPoint[];
  /** How many times flush was called. */
  readonly flushes: number;
  /** Sum of the values of the points with this name whose dimensions include `dimensions`. */
  total(name: string, dimensions?: Record<string, string>): number;
}

/** Creates a MetricsSink that records points for inspection. */
export function createMemorySink(): MemorySink {
  const points: MetricPoint[] = [];
  let flushes = 0;
  return {
    points,
    get flushes() {
      return flushes;
    },
    add(point) {
      points.push({ ...point, dimensions: { ...point.dimensions } });
    },
    async flush() {
      flushes++;
    },
    total(name, dimensions = {}) {
      return points
        .filter(
          (p) => p.name === name && Object.entries(dimensions).every(([key, value]) => p.dimensions[key] === value),
        )
        .reduce((sum, p) => sum + p.value, 0);
    },
  };
}
