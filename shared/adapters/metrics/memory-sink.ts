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

/**
 * One step of the series tree: a metric's name leads to its root, and each dimension, in the order the point
 * names them, to the next node by its name, then its value. Looking a point up reads the strings it already has:
 * a key text built per point (name and every dimension joined, the names sorted first) cost a string, its hash
 * and often a sort per point, millions in a replay. A series named in another order is another node; totals
 * add up the nodes that match, so they are the same.
 */
interface SeriesNode {
  point?: MetricPoint;
  next?: Map<string, Map<string, SeriesNode>>;
}

/** The node of `dimensions` under `root`, made on the way when missing. */
function seriesNode(root: SeriesNode, dimensions: Record<string, string>): SeriesNode {
  let node = root;
  // for…in reads the object's cached key list (Object.keys made an array per point).
  for (const name in dimensions) {
    node.next ??= new Map();
    let byValue = node.next.get(name);
    if (!byValue) {
      byValue = new Map();
      node.next.set(name, byValue);
    }
    const value = dimensions[name] as string;
    let child = byValue.get(value);
    if (!child) {
      child = {};
      byValue.set(value, child);
    }
    node = child;
  }
  return node;
}

/**
 * Creates a MetricsSink that records points for inspection. With `keepPoints: false` it keeps one running
 * total per (name, dimensions as named), so a replay of millions of events holds as many entries as it has series.
 */
export function createMemorySink(options: MemorySinkOptions = {}): MemorySink {
  const keepPoints = options.keepPoints ?? true;
  const points: MetricPoint[] = [];
  const roots = new Map<string, SeriesNode>();
  // Every series' running total, in the order each first came.
  const totals: MetricPoint[] = [];
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
      let root = roots.get(point.name);
      if (!root) {
        root = {};
        roots.set(point.name, root);
      }
      const node = seriesNode(root, point.dimensions);
      if (node.point) node.point.value += point.value;
      else {
        node.point = { ...point, dimensions: { ...point.dimensions } };
        totals.push(node.point);
      }
    },
    async flush() {
      flushes++;
    },
    total(name, dimensions = {}) {
      let sum = 0;
      for (const p of keepPoints ? points : totals) {
        if (p.name === name && Object.entries(dimensions).every(([key, value]) => p.dimensions[key] === value))
          sum += p.value;
      }
      return sum;
    },
  };
}
