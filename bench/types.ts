/** One benchmark figure: a measured value, ideally as a ratio to a baseline measured in the same run. */
export interface BenchFigure {
  /** Stable id, e.g. `classify.throughput`. */
  id: string;
  /** Human label for the table. */
  label: string;
  value: number;
  unit: string;
  /** What the value is compared with, measured in the same run. */
  baseline?: { label: string; value: number; unit: string };
  /** value / baseline.value (or the ratio that makes sense, explained in `note`). */
  ratio?: number;
  note?: string;
}

/** A benchmark module's default export. */
export type BenchSuite = () => Promise<BenchFigure[]>;
