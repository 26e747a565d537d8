/** Dimension values of a metric; never per-task (cardinality costs money). */
export type MetricDimensions = Record<string, string>;

/** One metric data point. */
export interface MetricPoint {
  name: string;
  dimensions: MetricDimensions;
  value: number;
  unit?: 'Count' | 'Milliseconds' | 'Bytes';
  /** Epoch ms; the event time, so replays land in the right minute. */
  timestamp?: number;
}

/** Where metrics go: EMF on stdout in Lambda, PutMetricData elsewhere, memory in replay. */
export interface MetricsSink {
  /** Buffers one point. */
  add(point: MetricPoint): void;
  /** Sends what is buffered. Never throws: a failed flush is logged by the adapter. */
  flush(): Promise<void>;
}
